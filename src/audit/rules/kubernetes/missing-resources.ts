// Resource requests and limits: without them one pod can starve its neighbours (and the node).
import { DEFAULT_RESOURCES, missingResourceValues, type ResourceValues, withFix, yamlFix, type FixOutcome } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { containerAt, mappingOf, type PodContainer, type Workload, workloads } from './_support.js';

const CHECKS = [
  { kind: 'requests', resource: 'cpu', ref: 'trivy:KSV-0015' },
  { kind: 'requests', resource: 'memory', ref: 'trivy:KSV-0016' },
  { kind: 'limits', resource: 'cpu', ref: 'trivy:KSV-0011' },
  { kind: 'limits', resource: 'memory', ref: 'trivy:KSV-0018' },
] as const;

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';
const { requests, limits } = DEFAULT_RESOURCES;

export const missingResources = defineRule({
  id: 'k8s/missing-resources',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Container without resource requests or limits',
  why: 'Without requests the scheduler cannot place the pod sensibly; without limits a leak or an attack on one container exhausts the memory or CPU of the node.',
  detect: 'A container or init container lacks resources.requests.cpu, requests.memory, limits.cpu or limits.memory (ephemeral containers cannot set resources).',
  fix:
    `Set all four, e.g. \`resources: {requests: {cpu: ${requests.cpu}, memory: ${requests.memory}}, limits: {cpu: ${limits.cpu}, memory: ${limits.memory}}}\`. ` +
    'The automatic fix adds the missing ones with these conservative defaults (the terminal browser asks for real values), never a request above ' +
    "a limit that is set; it carries a caveat because the app's real needs are unknown.",
  refs: ['trivy:KSV-0011', 'trivy:KSV-0015', 'trivy:KSV-0016', 'trivy:KSV-0018', 'kube-linter:unset-cpu-requirements', 'kube-linter:unset-memory-requirements'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers') continue;
        const resources = mappingOf(container.data.resources);
        const missing = CHECKS.filter(({ kind, resource }) => !isSet(mappingOf(resources[kind])[resource]));
        if (missing.length === 0) continue;
        const linter = new Set(missing.map(({ resource }) => `kube-linter:unset-${resource}-requirements`));
        report(
          withFix(
            {
              location: 'resources' in container.data ? container.locate(['resources'], 'key') : containerAt(container),
              message: `${container.label} of ${workload.label} does not set ${missing.map(({ kind, resource }) => `${kind}.${resource}`).join(', ')}.`,
              refs: [...missing.map(({ ref }) => ref), ...linter],
            },
            resourcesFix(workload, container),
          ),
        );
      }
    }
  },
});

/**
 * The fix that sets a container's missing requests and limits. `values` are the defaults for
 * `--fix`; the terminal browser passes the values the user typed.
 */
export function resourcesFix(workload: Workload, container: PodContainer, values: ResourceValues = DEFAULT_RESOURCES): FixOutcome {
  const resources = container.data.resources;
  const wanted: { requests: Record<string, unknown>; limits: Record<string, unknown> } = { requests: {}, limits: {} };
  for (const resource of ['cpu', 'memory'] as const) {
    const missing = missingResourceValues(resources, resource, values);
    if (missing.requests !== undefined) wanted.requests[resource] = missing.requests;
    if (missing.limits !== undefined) wanted.limits[resource] = missing.limits;
  }
  const added = (['requests', 'limits'] as const).flatMap((kind) => Object.entries(wanted[kind]).map(([resource, value]) => `${kind}.${resource}: ${String(value)}`));
  const path = [...container.path, 'resources'];
  const value = Object.fromEntries(Object.entries(wanted).filter(([, entries]) => Object.keys(entries).length > 0));
  return yamlFix(workload.object.document, {
    description: `Set ${added.join(', ')} on ${container.label}`,
    caveat: "The app's real needs are unknown: too low a memory limit gets it killed, too low a CPU limit slows it. Check them against its usage.",
    touches: [path, [...path, 'requests'], [...path, 'limits']],
    edit: (editor) => editor.set(path, value),
  });
}
