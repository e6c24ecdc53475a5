// A Deployment the person keeps (not replaced in the review) next to a new Service, NetworkPolicy
// and PodDisruptionBudget that select pods by the generated labels: if its pods do not carry those
// labels, the Service has no endpoints and, under the namespace's default deny, nothing reaches
// them. That must not be written silently; this names the problem so the review can refuse it.
import type { PlannedFile } from './plan.js';
import type { FileChange } from './write.js';
import { documentToJS } from '../util/yaml-aliases.js';
import { parseAllDocumentsUnique } from '../util/yaml-unique-keys.js';

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
/** Generated files whose selectors pick the workload's pods. */
const SELECTING: Readonly<Record<string, string>> = {
  'k8s/service.yaml': 'Service',
  'k8s/networkpolicy.yaml': 'NetworkPolicy',
  'k8s/poddisruptionbudget.yaml': 'PodDisruptionBudget',
};

/**
 * Why these choices can't be written as they are, or undefined. `workload` is the generated
 * workload's path, `selector` the labels the generated objects select.
 */
export function keptWorkloadProblem(
  changes: readonly FileChange<PlannedFile>[],
  selected: ReadonlySet<string>,
  { workload, selector }: { workload: string; selector: Readonly<Record<string, string>> },
): string | undefined {
  const kept = changes.find((change) => change.file.path === workload && change.status === 'changed' && !selected.has(workload));
  if (!kept || kept.previous === undefined) return undefined;
  const selecting = changes
    .filter((change) => SELECTING[change.file.path] && (change.status === 'unchanged' || selected.has(change.file.path)))
    .map((change) => SELECTING[change.file.path]!);
  if (selecting.length === 0) return undefined;
  const labelSets = podTemplateLabels(kept.previous);
  const wanted = Object.entries(selector);
  if (labelSets.some((labels) => wanted.every(([key, value]) => labels[key] === value))) return undefined;
  const label = wanted.map(([key, value]) => `${key}=${value}`).join(',');
  const found = labelSets.length === 0 ? 'holds no Deployment whose pods' : 'has pods that';
  return (
    `${workload} is kept as it is, but it ${found} are labelled ${label}, which the new ${selecting.join(', ')} select: ` +
    `the Service would have no endpoints, and the default deny would cut its pods off. Select ${workload} to replace it ` +
    `(a .bak is kept), or add the label to its pod template and start again.`
  );
}

/** The pod template labels of every workload in a manifest file (an unparsable file has none). */
function podTemplateLabels(text: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const document of parseAllDocumentsUnique(text, { logLevel: 'silent' })) {
    if (document.errors.length > 0) continue;
    const object = documentToJS(document, { maxAliasCount: 100 }) as unknown;
    if (!isRecord(object) || typeof object.kind !== 'string' || !WORKLOAD_KINDS.has(object.kind)) continue;
    const labels = get(object, ['spec', 'template', 'metadata', 'labels']);
    found.push(isRecord(labels) ? labels : {});
  }
  return found;
}

function get(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A kustomization the person keeps (not replaced in the review) next to new manifests in its folder
 * that it does not list: those files would be written and never applied by `kubectl apply -k`.
 * `kustomization` is its path, e.g. k8s/kustomization.yaml (or under a service folder).
 */
export function keptKustomizationProblem(changes: readonly FileChange<PlannedFile>[], selected: ReadonlySet<string>, kustomization: string): string | undefined {
  const kept = changes.find((change) => change.file.path === kustomization && change.status === 'changed' && !selected.has(kustomization));
  if (!kept || kept.previous === undefined) return undefined;
  const folder = kustomization.slice(0, kustomization.lastIndexOf('/') + 1);
  const listed = kustomizationResources(kept.previous);
  const written = changes.filter(
    (change) =>
      change.file.path.startsWith(folder) &&
      change.file.path !== kustomization &&
      !change.file.path.slice(folder.length).includes('/') &&
      (change.status === 'new' || (change.status === 'changed' && selected.has(change.file.path))),
  );
  const orphans = written.filter((change) => !listed.has(change.file.path.slice(folder.length))).map((change) => change.file.path);
  if (orphans.length === 0) return undefined;
  const shown = orphans.length > 4 ? `${orphans.slice(0, 4).join(', ')} and ${orphans.length - 4} more` : orphans.join(', ');
  return (
    `${kustomization} is kept as it is, but it does not list ${shown}: they would be written and never applied by kubectl apply -k. ` +
    `Select ${kustomization} to replace it (the new one still lists the manifests it applied, and a .bak is kept), or leave those files out.`
  );
}

/** The local files a kustomization lists under resources (an unparsable one lists none). */
function kustomizationResources(text: string): Set<string> {
  const resources = new Set<string>();
  for (const document of parseAllDocumentsUnique(text, { logLevel: 'silent' })) {
    if (document.errors.length > 0) continue;
    const data = documentToJS(document, { maxAliasCount: 100 }) as unknown;
    const list = isRecord(data) ? data.resources : undefined;
    if (Array.isArray(list)) for (const entry of list) if (typeof entry === 'string') resources.add(entry.replace(/^\.\//, ''));
  }
  return resources;
}
