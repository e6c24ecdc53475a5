// A workload no NetworkPolicy selects is open in both directions.
import { type Workload, workloads } from '../../support/kubernetes.js';
import { networkPolicies, policySelects } from '../../support/network-policy.js';
import { withFix } from '../../fix/kubernetes.js';
import { defaultDenyFix } from '../../fix/network-policy.js';
import { defineRule } from '../../types.js';

export const unselectedWorkload = defineRule({
  id: 'network/unselected-workload',
  area: 'network',
  severity: 'medium',
  title: 'Workload no NetworkPolicy selects',
  why: 'Kubernetes allows all traffic to and from a pod until a NetworkPolicy selects it: a compromised neighbour can reach it, and it can reach anything.',
  detect:
    'No NetworkPolicy in the workload\'s namespace has a podSelector (matchLabels and matchExpressions) that matches the labels of its pod template. ' +
    'Namespaces come from metadata.namespace or the kustomization that applies the file.',
  fix:
    "Add a default-deny policy for the namespace and a policy selecting the app's pod labels that allows exactly its clients and destinations. " +
    'The automatic fix is the one of network/no-default-deny: a new file with the default deny (which selects every pod), DNS egress and ingress on the ports of its Services.',
  refs: ['trivy:KSV-0038', 'kube-linter:non-isolated-pod'],
  fixable: true,
  check({ repo, report }) {
    const policies = networkPolicies(repo);
    const all = workloads(repo);
    const byNamespace = new Map<string | undefined, Workload[]>();
    for (const workload of all) {
      const members = byNamespace.get(workload.namespace) ?? [];
      members.push(workload);
      byNamespace.set(workload.namespace, members);
    }
    for (const workload of all) {
      if (policies.some((policy) => policySelects(policy, workload))) continue;
      const labels = Object.entries(workload.labels).map(([k, v]) => `${k}=${v}`).join(', ');
      report(
        withFix(
          {
            location: workload.object.locate(['metadata', 'name']),
            message: `No NetworkPolicy selects the pods of ${workload.label}${labels ? ` (${labels})` : ' (its pod template has no labels)'}${workload.namespace ? ` in namespace "${workload.namespace}"` : ''}.`,
          },
          defaultDenyFix(repo, workload.namespace, byNamespace.get(workload.namespace)!),
        ),
      );
    }
  },
});
