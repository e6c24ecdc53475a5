// Pod Security Admission enforces the standards only in namespaces labelled for it.
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import type { KubeObject } from '../../support/kubernetes.js';
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, labelsOf, mappingOf } from './_support.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const MODES = ['enforce', 'audit', 'warn'] as const;
/** Namespaces the cluster itself owns; their Pod Security level is the platform's decision. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export const namespacePodSecurity = defineRule({
  id: 'k8s/namespace-pod-security',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Namespace without Pod Security enforcement',
  why: 'Without the enforce label Pod Security Admission only applies the cluster default (usually privileged): nothing stops a privileged or root pod in the namespace.',
  detect: `A Namespace (other than kube-system, kube-public, kube-node-lease) has no ${ENFORCE} label, or sets it to privileged.`,
  fix:
    `Label the namespace \`${ENFORCE}: restricted\` (and pin \`${ENFORCE}-version\`); use baseline only where restricted is not yet possible. ` +
    'The automatic fix sets the enforce label to restricted and adds the audit and warn labels where they are missing, with a caveat: pods that do not ' +
    'meet the Restricted standard are refused from then on.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Namespace', '') || SYSTEM_NAMESPACES.has(object.name ?? '')) continue;
      const level = labelsOf(mappingOf(object.data.metadata).labels)[ENFORCE];
      if (level === undefined) {
        report(
          withFix(
            {
              location: object.locate(['metadata', 'name']),
              message: `${object.label} has no ${ENFORCE} label, so pods in it are not held to a Pod Security level.`,
            },
            restrictedLabels(object),
          ),
        );
      } else if (level === 'privileged') {
        report(
          withFix(
            {
              location: object.locate(['metadata', 'labels', ENFORCE]),
              severity: 'high',
              message: `${object.label} enforces the privileged Pod Security level, which allows anything.`,
            },
            restrictedLabels(object),
          ),
        );
      }
    }
  },
});

/** enforce: restricted, plus audit and warn where the namespace does not already choose a level for them. */
function restrictedLabels(object: KubeObject) {
  const labelsPath = [...object.path, 'metadata', 'labels'];
  const labels = labelsOf(mappingOf(object.data.metadata).labels);
  const wanted = Object.fromEntries(
    MODES.filter((mode) => mode === 'enforce' || labels[`pod-security.kubernetes.io/${mode}`] === undefined).map((mode) => [`pod-security.kubernetes.io/${mode}`, 'restricted']),
  );
  return yamlFix(object.document, {
    description: `Label ${object.label} ${Object.keys(wanted).map((label) => `${label}: restricted`).join(', ')}`,
    caveat:
      `Pods in ${object.label} that do not meet the Restricted standard (root users, missing seccomp, added capabilities, host access) are refused ` +
      'when they are next created or replaced: fix the workloads first, or start with the audit and warn labels alone.',
    touches: [labelsPath, ...Object.keys(wanted).map((label) => [...labelsPath, label])],
    edit: (editor) => editor.set(labelsPath, wanted),
  });
}
