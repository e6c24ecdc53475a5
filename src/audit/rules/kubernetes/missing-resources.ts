// Resource requests and limits: without them one pod can starve its neighbours (and the node).
import { defineRule } from '../../types.js';
import { containerAt, mappingOf, workloads } from './_support.js';

const CHECKS = [
  { kind: 'requests', resource: 'cpu', ref: 'trivy:KSV-0015' },
  { kind: 'requests', resource: 'memory', ref: 'trivy:KSV-0016' },
  { kind: 'limits', resource: 'cpu', ref: 'trivy:KSV-0011' },
  { kind: 'limits', resource: 'memory', ref: 'trivy:KSV-0018' },
] as const;

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

export const missingResources = defineRule({
  id: 'k8s/missing-resources',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Container without resource requests or limits',
  why: 'Without requests the scheduler cannot place the pod sensibly; without limits a leak or an attack on one container exhausts the memory or CPU of the node.',
  detect: 'A container or init container lacks resources.requests.cpu, requests.memory, limits.cpu or limits.memory (ephemeral containers cannot set resources).',
  fix: 'Set all four, e.g. `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}`.',
  refs: ['trivy:KSV-0011', 'trivy:KSV-0015', 'trivy:KSV-0016', 'trivy:KSV-0018', 'kube-linter:unset-cpu-requirements', 'kube-linter:unset-memory-requirements'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers') continue;
        const resources = mappingOf(container.data.resources);
        const missing = CHECKS.filter(({ kind, resource }) => !isSet(mappingOf(resources[kind])[resource]));
        if (missing.length === 0) continue;
        const linter = new Set(missing.map(({ resource }) => `kube-linter:unset-${resource}-requirements`));
        report({
          location: 'resources' in container.data ? container.locate(['resources'], 'key') : containerAt(container),
          message: `${container.label} of ${workload.label} does not set ${missing.map(({ kind, resource }) => `${kind}.${resource}`).join(', ')}.`,
          refs: [...missing.map(({ ref }) => ref), ...linter],
        });
      }
    }
  },
});
