// Kubernetes objects as the kubernetes, network and coherence rules see them: every object of every
// manifest (List items included), the namespace it lands in (kustomize's `namespace:` included),
// every workload's pod spec with its YAML path, and every container of it. Computed once per
// parsed repo and shared by all rules.
import { posix } from 'node:path';
import type { Location, Repo, YamlDocument } from '../types.js';
import { isMapping, listOf, type Mapping, mappingOf, stringOf } from './data.js';
import { oncePer } from '../../util/memo.js';
import { textsByPath } from './files.js';

export { isMapping, listOf, type Mapping, mappingOf, stringOf };
export type YamlPath = readonly (string | number)[];

/** Label maps as strings (YAML may give numbers or booleans for unquoted values). */
export function labelsOf(value: unknown): Readonly<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(mappingOf(value))) {
    if (raw !== null && raw !== undefined && typeof raw !== 'object') labels[key] = String(raw);
  }
  return labels;
}

export interface KubeObject {
  readonly document: YamlDocument;
  /** Path of the object inside its document: [] or, for an item of a List, ['items', i]. */
  readonly path: YamlPath;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly data: Mapping;
  /** Where the node at `path` (relative to the object) is, falling back to its nearest ancestor. */
  locate(path: YamlPath, part?: 'key' | 'value'): Location;
  /** `Deployment "web"`, for messages. */
  readonly label: string;
}

/** API groups that own each workload kind, and where the pod template sits in it. */
const WORKLOAD_KINDS: Readonly<Record<string, { groups: readonly string[]; spec: YamlPath; metadata: YamlPath }>> = {
  Pod: { groups: [''], spec: ['spec'], metadata: ['metadata'] },
  PodTemplate: { groups: [''], spec: ['template', 'spec'], metadata: ['template', 'metadata'] },
  ReplicationController: { groups: [''], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Deployment: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  StatefulSet: { groups: ['apps'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  DaemonSet: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  ReplicaSet: { groups: ['apps', 'extensions'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  Job: { groups: ['batch'], spec: ['spec', 'template', 'spec'], metadata: ['spec', 'template', 'metadata'] },
  CronJob: {
    groups: ['batch'],
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

export const WORKLOAD_KIND_NAMES: readonly string[] = Object.keys(WORKLOAD_KINDS);

/** The API group of an apiVersion: "apps/v1" -> "apps", "v1" -> "". */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isKind(object: KubeObject, kind: string, group: string): boolean {
  return object.kind === kind && apiGroupOf(object.apiVersion) === group;
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

const CONTAINER_WORDS: Readonly<Record<ContainerList, string>> = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};

export interface PodContainer {
  readonly list: ContainerList;
  readonly index: number;
  readonly name: string;
  readonly data: Mapping;
  /** Path of the container inside its document. */
  readonly path: YamlPath;
  /** Where the node at `path` (relative to the container) is, falling back to its nearest ancestor. */
  locate(path: YamlPath, part?: 'key' | 'value'): Location;
  /** `container "app"`, `init container "migrate"`, for messages. */
  readonly label: string;
}

export interface Workload {
  readonly object: KubeObject;
  /** The namespace the workload lands in; undefined when nothing sets one (kubectl's current namespace). */
  readonly namespace: string | undefined;
  /** Path of the pod spec inside its document. */
  readonly podPath: YamlPath;
  readonly spec: Mapping;
  /** Labels and annotations of the pod (template) metadata. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly annotationsPath: YamlPath;
  /** Init containers, containers, then ephemeral containers (the order Pod Security Admission visits them). */
  readonly containers: readonly PodContainer[];
  /** Where the node at `path` (relative to the pod spec) is, falling back to its nearest ancestor. */
  locate(path: YamlPath, part?: 'key' | 'value'): Location;
  /** Where to report something about the pod as a whole that has no field of its own: the pod spec's key. */
  readonly at: Location;
  readonly label: string;
}

interface RepoIndex {
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  readonly namespaces: ReadonlyMap<KubeObject, string | undefined>;
}

const INDEX = new WeakMap<Repo, RepoIndex>();

function indexOf(repo: Repo): RepoIndex {
  let index = INDEX.get(repo);
  if (!index) {
    const objects = repo.kubernetes.flatMap(objectsOfDocument);
    const kustomized = kustomizeNamespaces(repo);
    const namespaces = new Map<KubeObject, string | undefined>();
    for (const object of objects) {
      namespaces.set(object, kustomized.get(object.document.file.path) ?? stringOf(mappingOf(object.data.metadata).namespace) ?? undefined);
    }
    const workloads = objects.flatMap((object) => {
      const workload = workloadOf(object, namespaces.get(object));
      return workload ? [workload] : [];
    });
    index = { objects, workloads, namespaces };
    INDEX.set(repo, index);
  }
  return index;
}

/** Every Kubernetes object in the repo, with the items of `kind: List` (and `*List`) documents expanded. */
export function kubeObjects(repo: Repo): readonly KubeObject[] {
  return indexOf(repo).objects;
}

/** Every workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController, PodTemplate). */
export function workloads(repo: Repo): readonly Workload[] {
  return indexOf(repo).workloads;
}

/** A workload's app containers (`containers:`, not init or ephemeral ones); asked per container, so kept per workload. */
export const appContainers = oncePer((workload: Workload): readonly PodContainer[] => workload.containers.filter((c) => c.list === 'containers'));

/**
 * The namespace an object lands in: the `namespace:` of a kustomization that includes its file
 * (kustomize overrides metadata.namespace), else its metadata.namespace, else undefined.
 */
export function namespaceOf(repo: Repo, object: KubeObject): string | undefined {
  return indexOf(repo).namespaces.get(object);
}

/** `namespace "shop"`, or the words for an unset namespace. */
export function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'the unnamed namespace (manifests without a namespace)' : `namespace "${namespace}"`;
}

function objectsOfDocument(document: YamlDocument): KubeObject[] {
  const data = mappingOf(document.data);
  const kind = stringOf(data.kind) ?? '';
  if (kind.endsWith('List') && Array.isArray(data.items)) {
    return data.items.flatMap((item, i) => {
      const object = isMapping(item) ? objectAt(document, ['items', i], item) : undefined;
      return object ? [object] : [];
    });
  }
  const object = objectAt(document, [], data);
  return object ? [object] : [];
}

function objectAt(document: YamlDocument, path: YamlPath, data: Mapping): KubeObject | undefined {
  const apiVersion = stringOf(data.apiVersion);
  const kind = stringOf(data.kind);
  if (!apiVersion || !kind) return undefined;
  const name = stringOf(mappingOf(data.metadata).name);
  return {
    document,
    path,
    apiVersion,
    kind,
    name,
    data,
    locate: (relative, part) => document.locate([...path, ...relative], part),
    label: name ? `${kind} "${name}"` : kind,
  };
}

function walk(data: Mapping, path: YamlPath): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isMapping(node) ? node[segment] : undefined;
  }
  return node;
}

function workloadOf(object: KubeObject, namespace: string | undefined): Workload | undefined {
  const shape = WORKLOAD_KINDS[object.kind];
  if (!shape || !shape.groups.includes(apiGroupOf(object.apiVersion))) return undefined;
  const spec = walk(object.data, shape.spec);
  if (!isMapping(spec)) return undefined;
  const metadata = mappingOf(walk(object.data, shape.metadata));
  const podPath = [...object.path, ...shape.spec];
  const locate = (relative: YamlPath, part?: 'key' | 'value') => object.document.locate([...podPath, ...relative], part);
  const containers: PodContainer[] = [];
  for (const list of CONTAINER_LISTS) {
    listOf(spec[list]).forEach((raw, index) => {
      if (!isMapping(raw)) return;
      const name = stringOf(raw.name) ?? `#${index + 1}`;
      const path = [...podPath, list, index];
      containers.push({
        list,
        index,
        name,
        data: raw,
        path,
        locate: (relative, part) => object.document.locate([...path, ...relative], part),
        label: `${CONTAINER_WORDS[list]} "${name}"`,
      });
    });
  }
  return {
    object,
    namespace,
    podPath,
    spec,
    labels: labelsOf(metadata.labels),
    annotations: labelsOf(metadata.annotations),
    annotationsPath: [...shape.metadata, 'annotations'],
    containers,
    locate,
    at: object.document.locate(podPath, 'key'),
    label: object.label,
  };
}

/** Where to point at a container as a whole (a missing field): its name, else its first line. */
export function containerAt(container: PodContainer): Location {
  return container.locate(['name']);
}

// --- label selectors -------------------------------------------------------------------------

/**
 * Whether a metav1.LabelSelector selects these labels. An empty or missing selector selects
 * everything (the NetworkPolicy podSelector meaning); callers with other semantics check first.
 */
/**
 * The workloads of a namespace that a Service-style selector (label = value, all of them) selects,
 * found through an index of the workloads' namespaces and labels: the selector's rarest label
 * narrows the candidates, so matching every Service of a large repository is not services ×
 * workloads. An empty selector selects none.
 */
export function workloadsSelectedBy(
  workloads: readonly Workload[],
): (namespace: string | undefined, selector: Readonly<Record<string, string>>) => readonly Workload[] {
  const entryOf = (namespace: string | undefined, key: string, value: string) => `${namespace ?? ''}\u0000${key}=${value}`;
  const byLabel = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const [key, value] of Object.entries(workload.labels)) {
      const entry = entryOf(workload.namespace, key, value);
      const list = byLabel.get(entry);
      if (list) list.push(workload);
      else byLabel.set(entry, [workload]);
    }
  }
  // Services that share a selector (every Service of an app, or thousands on one label) share the answer.
  const answers = new Map<string, Workload[]>();
  return (namespace, selector) => {
    const entries = Object.entries(selector);
    if (entries.length === 0) return [];
    const key = entries
      .map(([name, value]) => entryOf(namespace, name, value))
      .sort()
      .join('\u0001');
    let answer = answers.get(key);
    if (!answer) {
      const buckets = entries.map(([name, value]) => byLabel.get(entryOf(namespace, name, value)) ?? []);
      const rarest = buckets.reduce((a, b) => (b.length < a.length ? b : a));
      answer = rarest.filter((workload) => workload.namespace === namespace && entries.every(([name, value]) => workload.labels[name] === value));
      answers.set(key, answer);
    }
    return answer;
  };
}

export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const { matchLabels, matchExpressions } = mappingOf(selector);
  for (const [key, value] of Object.entries(labelsOf(matchLabels))) {
    if (labels[key] !== value) return false;
  }
  for (const raw of listOf(matchExpressions)) {
    const expression = mappingOf(raw);
    const key = stringOf(expression.key);
    if (key === undefined) return false;
    const values = listOf(expression.values).map(String);
    const has = Object.hasOwn(labels, key);
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an unknown operator selects nothing (the API server would reject it)
    }
  }
  return true;
}

/** Whether a selector has no terms at all (selects every pod). */
export function isEmptySelector(selector: unknown): boolean {
  const { matchLabels, matchExpressions } = mappingOf(selector);
  return Object.keys(mappingOf(matchLabels)).length === 0 && listOf(matchExpressions).length === 0;
}

// --- kustomize namespaces --------------------------------------------------------------------

const KUSTOMIZATION_FILE = /(^|\/)kustomization\.ya?ml$/;

interface Kustomization {
  readonly dir: string;
  readonly namespace: string | undefined;
  readonly entries: readonly string[];
}

interface KustomizationTree {
  readonly kustomizations: ReadonlyMap<string, Kustomization>;
  /** The files a kustomization applies, directly or through the kustomizations it includes. */
  readonly expand: (kustomization: Kustomization, seen: Set<string>) => { files: Set<string>; kustomizations: Set<string> };
}

/** The repository's kustomizations and what each applies (remote bases are not in the repo). */
function kustomizationTree(repo: Repo): KustomizationTree {
  const kustomizations = new Map<string, Kustomization>();
  for (const document of repo.yaml) {
    if (!KUSTOMIZATION_FILE.test(document.file.path)) continue;
    const data = mappingOf(document.data);
    const dir = posix.dirname(document.file.path);
    const namespace = stringOf(data.namespace) || undefined;
    const entries = [...listOf(data.resources), ...listOf(data.bases)].filter((entry): entry is string => typeof entry === 'string');
    kustomizations.set(dir, { dir, namespace, entries });
  }
  const files = textsByPath(repo);
  const included = new Map<string, { files: Set<string>; kustomizations: Set<string> }>();
  const expand = (kustomization: Kustomization, seen: Set<string>) => {
    const cached = included.get(kustomization.dir);
    if (cached) return cached;
    const result = { files: new Set<string>(), kustomizations: new Set<string>() };
    seen.add(kustomization.dir);
    for (const entry of kustomization.entries) {
      if (/^[a-z]+:\/\/|^github\.com\/|^git@/i.test(entry)) continue; // remote bases are not in the repo
      const target = posix.normalize(posix.join(kustomization.dir, entry)).replace(/\/$/, '');
      if (files.has(target)) result.files.add(target);
      const inner = kustomizations.get(target);
      if (inner && !seen.has(inner.dir)) {
        const nested = expand(inner, seen);
        result.kustomizations.add(inner.dir);
        for (const file of nested.files) result.files.add(file);
        for (const dir of nested.kustomizations) result.kustomizations.add(dir);
      }
    }
    seen.delete(kustomization.dir);
    included.set(kustomization.dir, result);
    return result;
  };
  return { kustomizations, expand };
}

const imageOverrideCache = new WeakMap<Repo, (file: string, image: string) => boolean>();

/**
 * Whether a kustomization that applies `file` pins `image` through its `images:` list (a newTag
 * other than latest, or a digest): kustomize writes that into the manifest it renders.
 */
export function kustomizePinsImage(repo: Repo): (file: string, image: string) => boolean {
  const cached = imageOverrideCache.get(repo);
  if (cached) return cached;
  const { kustomizations, expand } = kustomizationTree(repo);
  const pins = new Map<string, Set<string>>();
  for (const document of repo.yaml) {
    if (!KUSTOMIZATION_FILE.test(document.file.path)) continue;
    const kustomization = kustomizations.get(posix.dirname(document.file.path));
    if (!kustomization) continue;
    const names = listOf(mappingOf(document.data).images)
      .map(mappingOf)
      .filter((entry) => stringOf(entry.digest) || (stringOf(entry.newTag) && stringOf(entry.newTag) !== 'latest'))
      .flatMap((entry) => stringOf(entry.name) ?? []);
    if (names.length === 0) continue;
    for (const file of expand(kustomization, new Set()).files) {
      const set = pins.get(file) ?? new Set<string>();
      for (const name of names) set.add(name);
      pins.set(file, set);
    }
  }
  // kustomize matches an image by its name without tag or digest.
  const withoutTag = (image: string) => image.split('@')[0]!.replace(/:[^/:]*$/, '');
  const pinned = (file: string, image: string) => pins.get(file)?.has(withoutTag(image)) === true;
  imageOverrideCache.set(repo, pinned);
  return pinned;
}

const unitCache = new WeakMap<Repo, (a: string, b: string) => boolean>();

/**
 * Whether objects of two files are deployed together, so one can refer to the other: the same
 * file or folder, or a kustomization that applies both. Objects that only share a name in
 * unrelated folders (a fixture and the real app) never meet.
 */
export function deployedTogether(repo: Repo): (a: string, b: string) => boolean {
  const cached = unitCache.get(repo);
  if (cached) return cached;
  const { kustomizations, expand } = kustomizationTree(repo);
  const units = new Map<string, Set<string>>();
  for (const kustomization of kustomizations.values()) {
    for (const file of expand(kustomization, new Set()).files) {
      const set = units.get(file) ?? new Set<string>();
      set.add(kustomization.dir);
      units.set(file, set);
    }
  }
  const meet = (a: string, b: string) => {
    if (a === b || posix.dirname(a) === posix.dirname(b)) return true;
    const ofA = units.get(a);
    const ofB = units.get(b);
    if (!ofA || !ofB) return false;
    for (const unit of ofA) if (ofB.has(unit)) return true;
    return false;
  };
  unitCache.set(repo, meet);
  return meet;
}

/**
 * File path -> the namespace kustomize gives its objects. A kustomization's `namespace:` applies to
 * every file it includes through `resources:` (or the older `bases:`), directly or through other
 * kustomization directories; an outer kustomization (an overlay) wins over the ones it includes.
 * When several overlays include the same file, the first by path is taken.
 */
function kustomizeNamespaces(repo: Repo): Map<string, string> {
  const { kustomizations, expand } = kustomizationTree(repo);
  const candidates = new Map<string, Kustomization[]>();
  for (const kustomization of [...kustomizations.values()].sort((a, b) => a.dir.localeCompare(b.dir))) {
    if (!kustomization.namespace) continue;
    for (const file of expand(kustomization, new Set()).files) {
      const list = candidates.get(file) ?? [];
      list.push(kustomization);
      candidates.set(file, list);
    }
  }
  const namespaces = new Map<string, string>();
  for (const [file, list] of candidates) {
    const outermost = list.find((k) => !list.some((other) => other !== k && expand(other, new Set()).kustomizations.has(k.dir)));
    namespaces.set(file, (outermost ?? list[0]!).namespace!);
  }
  return namespaces;
}
