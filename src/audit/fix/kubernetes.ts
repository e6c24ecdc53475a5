// What the Kubernetes fixes share: one way to turn "these YAML edits of one document" into a Fix
// (or the reason there is none), the checks that keep a fix away from YAML it cannot edit safely
// (templates, aliases, merge keys), and the facts several fixes need about a container: which user
// it runs as, whether it has a writable /tmp, and what its resources default to.
import { posix } from 'node:path';
import { isAlias, isMap, isNode, isScalar, isSeq, type Node } from 'yaml';
import { dockerfileFacts, dockerfileFor, isNumericUser } from '../rules/coherence/_support.js';
import { effective } from '../rules/kubernetes/_support.js';
import { isTemplatedFile } from '../support/files.js';
import { listOf, mappingOf, type PodContainer, stringOf, type Workload, type YamlPath } from '../support/kubernetes.js';
import type { Fix, Repo, Report, TextEdit, YamlDocument } from '../types.js';
import { editWithinBudget } from './check-budget.js';
import { notEditable, YamlEditError, type YamlEditor } from './yaml-edit.js';
import { pairNamed } from '../../util/yaml-pairs.js';

/** A fix, or why the rule offers none (the finding's noFix). */
export type FixOutcome = { readonly fix: Fix } | { readonly reason: string };

export const noFix = (reason: string): FixOutcome => ({ reason });

/**
 * A finding with its fix, or with the reason there is none (`noFix`). The reason stays out of the
 * message on purpose: it changes when another fix lands (a Dockerfile gains a USER), and a
 * finding's message must not, or the same problem would look like a new one to baselines.
 */
export function withFix(report: Report, outcome: FixOutcome): Report {
  return 'fix' in outcome ? { ...report, fix: outcome.fix } : { ...report, noFix: outcome.reason };
}

export interface YamlFixSpec {
  readonly description: string;
  readonly caveat?: string | undefined;
  /** Every path the edits write or delete (relative to the document), checked for aliases and merge keys first. */
  readonly touches: readonly YamlPath[];
  readonly edit: (editor: YamlEditor) => void;
}

/**
 * A fix whose edits `edit` makes on the document's file, or the reason it cannot be made. Whether
 * a fix exists is decided now, from the parsed document (templates, aliases, merge keys, a scalar
 * where a mapping is needed); the edits themselves are computed the first time they are read, since
 * every YamlEditor step re-parses the file and a large repository has thousands of findings whose
 * fix nobody previews. An edit that still fails then yields no edits (the finding stays reported).
 */
export function yamlFix(document: YamlDocument, spec: YamlFixSpec): FixOutcome {
  const refused = refusal(document, spec.touches) ?? spec.touches.map((path) => notEditable(document, path)).find((reason) => reason !== undefined);
  if (refused) return noFix(refused);
  let edits: readonly TextEdit[] | undefined;
  const compute = (): readonly TextEdit[] => {
    let editor: YamlEditor | undefined;
    try {
      editor = editWithinBudget(document, spec.edit);
    } catch (error) {
      if (error instanceof YamlEditError) return [];
      throw error;
    }
    return editor ? editor.edits(document.file.path) : [];
  };
  return {
    fix: {
      description: spec.description,
      ...(spec.caveat ? { caveat: spec.caveat } : {}),
      get edits() {
        edits ??= compute();
        return edits;
      },
    },
  };
}

/** Why a document must not be edited at these paths, if it must not. */
export function refusal(document: YamlDocument, paths: readonly YamlPath[]): string | undefined {
  if (isTemplatedFile(document.file)) return 'the file is a template (Helm or another {{ }} language); fix the template by hand';
  for (const path of paths) {
    const reason = aliasOrMerge(document, path);
    if (reason) return reason;
  }
  return undefined;
}


/** Whether the path walks through an alias (`*name`) or a mapping with a merge key (`<<`): an edit there would change more (or less) than it says. */
function aliasOrMerge(document: YamlDocument, path: YamlPath): string | undefined {
  let node: unknown = document.document.contents;
  for (let depth = 0; depth <= path.length; depth++) {
    const where = depth === 0 ? 'the document' : path.slice(0, depth).join('.');
    if (isAlias(node)) return `${where} is a YAML alias; editing it would change every place that shares it`;
    if (isNode(node) && node.anchor) return `${where} is shared through a YAML anchor (&); editing it would change every place that uses it`;
    if (isMap(node) && node.items.some((pair) => isMergeKey(pair.key))) {
      return `${where} uses a YAML merge key (<<); the fix would not know which values it overrides`;
    }
    if (depth === path.length) break;
    const key = path[depth]!;
    if (isMap(node)) {
      const pair = pairNamed(node, String(key));
      node = pair?.value ?? undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | undefined;
    } else {
      node = undefined;
    }
    if (node === undefined || node === null) break;
  }
  return undefined;
}

/** `<<` as the parser gives it: a plain string, or a symbol when merge keys are resolved. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return key.value === '<<' || key.source === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}

// --- the user a container runs as ------------------------------------------------------------

export type ContainerUser =
  /** A non-root UID the manifest or the image's Dockerfile states. */
  | { readonly kind: 'uid'; readonly uid: number; readonly from: 'runAsUser' | 'dockerfile' }
  /** UID 0, stated by runAsUser or the Dockerfile. */
  | { readonly kind: 'root'; readonly why: string }
  /** A USER name the kubelet cannot verify. */
  | { readonly kind: 'name'; readonly why: string }
  | { readonly kind: 'unknown' };

/**
 * Which user a container runs as, from what the repo states: its effective runAsUser, else the
 * final USER of the Dockerfile that builds its image (coherence's link, made only when it is clear).
 */
export function containerUser(repo: Repo, workload: Workload, container: PodContainer): ContainerUser {
  const runAsUser = effective(workload, container, 'runAsUser');
  if (typeof runAsUser?.value === 'number') {
    return runAsUser.value === 0 ? { kind: 'root', why: 'it sets runAsUser: 0' } : { kind: 'uid', uid: runAsUser.value, from: 'runAsUser' };
  }
  const dockerfile = dockerfileFor(repo, workload, container);
  const user = dockerfile && dockerfileFacts(dockerfile).user;
  if (!user) return { kind: 'unknown' };
  const where = `${user.at.file}:${user.at.line}`;
  if (user.user === 'root' || user.user === '0') return { kind: 'root', why: `its image runs as root (USER ${user.user} at ${where})` };
  if (!isNumericUser(user.user)) return { kind: 'name', why: `its image's USER ${user.user} (${where}) is a name the kubelet cannot check; make it numeric` };
  return { kind: 'uid', uid: Number(user.user), from: 'dockerfile' };
}

/** The numeric non-root USER of the Dockerfile that builds a container's image, if the repo states one. */
export function dockerfileUid(repo: Repo, workload: Workload, container: PodContainer): number | undefined {
  const dockerfile = dockerfileFor(repo, workload, container);
  const user = dockerfile && dockerfileFacts(dockerfile).user;
  if (!user || !isNumericUser(user.user) || Number(user.user) === 0) return undefined;
  return Number(user.user);
}

/** Whether a container is known not to run as root (runAsNonRoot is enforced, or a non-root UID is stated). */
export function runsAsNonRoot(repo: Repo, workload: Workload, container: PodContainer): boolean {
  if (effective(workload, container, 'runAsNonRoot')?.value === true) return true;
  return containerUser(repo, workload, container).kind === 'uid';
}

// --- /tmp --------------------------------------------------------------------------------------

function coversTmp(mountPath: string): boolean {
  const path = posix.normalize(mountPath).replace(/\/$/, '') || '/';
  return path === '/tmp' || path === '/' || '/tmp'.startsWith(`${path}/`);
}

export type TmpPlan =
  | { readonly kind: 'covered' }
  | { readonly kind: 'add'; readonly volume: string; readonly newVolume: boolean }
  | { readonly kind: 'blocked'; readonly reason: string };

/**
 * How to give a container a writable /tmp: nothing to do (a writable mount covers it), mount an
 * emptyDir (a new volume `tmp`, or a free name; an existing emptyDir named tmp is reused), or why
 * not (a read-only mount already sits at /tmp).
 */
export function tmpPlan(workload: Workload, container: PodContainer): TmpPlan {
  const mounts = listOf(container.data.volumeMounts).map(mappingOf);
  const atTmp = mounts.filter((mount) => coversTmp(stringOf(mount.mountPath) ?? ''));
  if (atTmp.some((mount) => mount.readOnly !== true)) return { kind: 'covered' };
  if (atTmp.length > 0) return { kind: 'blocked', reason: `${container.label} mounts a read-only volume at or above /tmp; make a writable one by hand` };
  const volumes = listOf(workload.spec.volumes).map(mappingOf);
  const named = (name: string) => volumes.find((volume) => volume.name === name);
  const existing = named('tmp');
  if (existing && 'emptyDir' in existing && Object.keys(existing).length === 2) return { kind: 'add', volume: 'tmp', newVolume: false };
  const mountNames = new Set(mounts.map((mount) => mount.name));
  for (let i = 1; i < 100; i++) {
    const name = i === 1 ? 'tmp' : `tmp-${i}`;
    if (!named(name) && !mountNames.has(name)) return { kind: 'add', volume: name, newVolume: true };
  }
  return { kind: 'blocked', reason: 'no free volume name for /tmp' };
}

/** The sizeLimit of the /tmp emptyDir a fix adds: a writer cannot fill the node's disk. */
export const TMP_SIZE_LIMIT = '64Mi';

/** Applies a tmp plan to the editor: the emptyDir volume on the pod and the mount on the container. */
export function addTmpMount(editor: YamlEditor, workload: Workload, container: PodContainer, plan: TmpPlan): void {
  if (plan.kind !== 'add') return;
  editor.append([...container.path, 'volumeMounts'], { name: plan.volume, mountPath: '/tmp' });
  if (plan.newVolume) editor.append([...workload.podPath, 'volumes'], { name: plan.volume, emptyDir: { sizeLimit: TMP_SIZE_LIMIT } });
}

// --- resources ---------------------------------------------------------------------------------

export interface ResourceValues {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/**
 * Conservative defaults for a container whose needs the repo does not state: enough for a small
 * web service, and a memory limit so a leak is killed before it starves the node. The terminal
 * browser asks for real values; `--fix` uses these.
 */
export const DEFAULT_RESOURCES: ResourceValues = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A Kubernetes quantity as a number (cores or bytes), or undefined if it is not one this reads. */
export function quantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * SUFFIXES[match[2] ?? '']!;
}

/**
 * The missing values of one resource (cpu or memory) so that requests ≤ limits still holds: a
 * missing request never exceeds the limit that is set, a missing limit is never below the request.
 */
export function missingResourceValues(
  resources: unknown,
  resource: 'cpu' | 'memory',
  values: ResourceValues = DEFAULT_RESOURCES,
): { requests?: unknown; limits?: unknown } {
  const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';
  const request = mappingOf(mappingOf(resources).requests)[resource];
  const limit = mappingOf(mappingOf(resources).limits)[resource];
  const out: { requests?: unknown; limits?: unknown } = {};
  if (!isSet(request)) {
    const fallback = values.requests[resource];
    const [want, cap] = [quantity(fallback), quantity(limit)];
    out.requests = isSet(limit) && (want === undefined || cap === undefined || want > cap) ? limit : fallback;
  }
  if (!isSet(limit)) {
    const fallback = values.limits[resource];
    const floor = isSet(request) ? request : out.requests;
    const [want, min] = [quantity(fallback), quantity(floor)];
    out.limits = want === undefined || min === undefined || want < min ? floor : fallback;
  }
  return out;
}
