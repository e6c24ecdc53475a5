// Pod Security Admission enforces the standards only in namespaces labelled for it.
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, labelsOf, mappingOf } from './_support.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
/** Namespaces the cluster itself owns; their Pod Security level is the platform's decision. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export const namespacePodSecurity = defineRule({
  id: 'k8s/namespace-pod-security',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Namespace without Pod Security enforcement',
  why: 'Without the enforce label Pod Security Admission only applies the cluster default (usually privileged): nothing stops a privileged or root pod in the namespace.',
  detect: `A Namespace (other than kube-system, kube-public, kube-node-lease) has no ${ENFORCE} label, or sets it to privileged.`,
  fix: `Label the namespace \`${ENFORCE}: restricted\` (and pin \`${ENFORCE}-version\`); use baseline only where restricted is not yet possible.`,
  refs: [],
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Namespace', '') || SYSTEM_NAMESPACES.has(object.name ?? '')) continue;
      const level = labelsOf(mappingOf(object.data.metadata).labels)[ENFORCE];
      if (level === undefined) {
        report({
          location: object.locate(['metadata', 'name']),
          message: `${object.label} has no ${ENFORCE} label, so pods in it are not held to a Pod Security level.`,
        });
      } else if (level === 'privileged') {
        report({
          location: object.locate(['metadata', 'labels', ENFORCE]),
          severity: 'high',
          message: `${object.label} enforces the privileged Pod Security level, which allows anything.`,
        });
      }
    }
  },
});
