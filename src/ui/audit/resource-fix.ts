// k8s/missing-resources: the audit's fix uses conservative defaults (what `--fix` applies); in the
// browser the person gives the values, and the fix is computed again with them, by the rule's own
// fix function, for the container each finding points at.
import { DEFAULT_RESOURCES, type ResourceValues, quantity } from '../../audit/fix/kubernetes.js';
import type { AuditResult } from '../../audit/index.js';
import { containerAt, workloads } from '../../audit/rules/kubernetes/_support.js';
import { resourcesFix } from '../../audit/rules/kubernetes/missing-resources.js';
import type { Finding } from '../../audit/types.js';

export const RESOURCES_RULE = 'k8s/missing-resources';
export { DEFAULT_RESOURCES, type ResourceValues };

export type ResourceField = 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory';
export const RESOURCE_FIELDS: readonly ResourceField[] = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

export function fieldValue(values: ResourceValues, field: ResourceField): string {
  const [kind, resource] = field.split('.') as ['requests' | 'limits', 'cpu' | 'memory'];
  return values[kind][resource];
}

export function withField(values: ResourceValues, field: ResourceField, text: string): ResourceValues {
  const [kind, resource] = field.split('.') as ['requests' | 'limits', 'cpu' | 'memory'];
  return { ...values, [kind]: { ...values[kind], [resource]: text } };
}

/** What is wrong with the typed values, by field: a quantity Kubernetes reads, and requests ≤ limits. */
export function checkResources(values: ResourceValues): Partial<Record<ResourceField, string>> {
  const problems: Partial<Record<ResourceField, string>> = {};
  for (const field of RESOURCE_FIELDS) {
    const text = fieldValue(values, field).trim();
    const amount = quantity(text);
    if (amount === undefined || amount <= 0) {
      problems[field] = field.endsWith('cpu') ? 'a CPU quantity such as 250m or 1' : 'a memory quantity such as 128Mi or 1Gi';
    }
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const [request, limit] = [quantity(values.requests[resource].trim()), quantity(values.limits[resource].trim())];
    if (request !== undefined && limit !== undefined && request > limit && !problems[`requests.${resource}`]) {
      problems[`requests.${resource}`] = `above the limit (${values.limits[resource].trim()})`;
    }
  }
  return problems;
}

/** The findings with their fix computed for these values; a finding whose container is not found keeps its own. */
export function withResourceValues(result: AuditResult, findings: readonly Finding[], values: ResourceValues): Finding[] {
  const trimmed: ResourceValues = {
    requests: { cpu: values.requests.cpu.trim(), memory: values.requests.memory.trim() },
    limits: { cpu: values.limits.cpu.trim(), memory: values.limits.memory.trim() },
  };
  const containers = workloads(result.repo).flatMap((workload) =>
    workload.containers
      .filter((container) => container.list !== 'ephemeralContainers')
      .map((container) => ({ workload, container, at: 'resources' in container.data ? container.locate(['resources'], 'key') : containerAt(container) })),
  );
  return findings.map((finding) => {
    if (finding.ruleId !== RESOURCES_RULE) return finding;
    const { file, line, column } = finding.location;
    const match = containers.find(({ at }) => at.file === file && at.line === line && at.column === column);
    if (!match) return finding;
    const outcome = resourcesFix(match.workload, match.container, trimmed);
    return 'fix' in outcome ? { ...finding, fix: outcome.fix } : finding;
  });
}
