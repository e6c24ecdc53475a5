// Workloads in the default namespace share it with everything else deployed carelessly, and
// namespace-scoped controls (Pod Security labels, NetworkPolicies, quotas) are rarely set there.
import { defineRule } from '../../types.js';
import { mappingOf, workloads } from './_support.js';

export const defaultNamespace = defineRule({
  id: 'k8s/default-namespace',
  area: 'kubernetes',
  severity: 'low',
  title: 'Workload in the default namespace',
  why: 'The default namespace rarely carries Pod Security enforcement, default-deny NetworkPolicies or quotas, and whatever else lands there can reach the workload.',
  detect:
    'A workload sets metadata.namespace: default, or sets no namespace and no kustomization.yaml that includes its file (directly or through ' +
    'other kustomization directories) sets `namespace:`. Such a manifest lands in whatever namespace kubectl is pointed at, usually default.',
  fix: 'Give the app its own namespace: set metadata.namespace, or `namespace:` in the kustomization that applies the manifests.',
  refs: ['trivy:KSV-0110', 'kube-linter:use-namespace'],
  noFix: "The namespace name is the team's choice, and moving a running app to another namespace is a migration: nothing is invented.",
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const { object } = workload;
      if (workload.namespace === 'default') {
        const explicit = mappingOf(object.data.metadata).namespace === 'default';
        report({
          location: explicit ? object.locate(['metadata', 'namespace']) : object.locate(['metadata', 'name']),
          message: `${workload.label} is deployed to the default namespace.`,
        });
      } else if (workload.namespace === undefined) {
        report({
          location: object.locate(['metadata', 'name']),
          message: `${workload.label} sets no namespace and no kustomization sets one for it, so it lands in kubectl's current namespace (usually default).`,
        });
      }
    }
  },
});
