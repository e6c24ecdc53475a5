// RBAC rules with '*' grant every current and future verb, resource or API group.
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, listOf, mappingOf } from './_support.js';

export const rbacWildcard = defineRule({
  id: 'k8s/rbac-wildcard',
  area: 'kubernetes',
  severity: 'high',
  title: 'RBAC rule with a wildcard',
  why: "A '*' in a Role grants every verb, resource or API group, including ones added later by CRDs: far more than the subject needs, often including secrets and escalation paths.",
  detect:
    "A Role or ClusterRole rule lists '*' in verbs, resources or apiGroups. Critical when both verbs and resources are '*' (full control over the API groups listed).",
  fix: 'List the exact verbs, resources and API groups the subject uses (kubectl auth can-i --list helps to find them).',
  refs: ['trivy:KSV-0044', 'trivy:KSV-0045', 'trivy:KSV-0046', 'kube-linter:wildcard-in-rules'],
  noFix: 'The verbs, resources and API groups the subject really uses are not in the repo; list them by hand (kubectl auth can-i --list, audit logs).',
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Role', 'rbac.authorization.k8s.io') && !isKind(object, 'ClusterRole', 'rbac.authorization.k8s.io')) continue;
      listOf(object.data.rules).forEach((raw, i) => {
        const rule = mappingOf(raw);
        const wildcardIn = (field: string) => listOf(rule[field]).indexOf('*');
        const verbs = wildcardIn('verbs');
        const resources = wildcardIn('resources');
        const groups = wildcardIn('apiGroups');
        if (verbs >= 0 && resources >= 0) {
          report({
            location: object.locate(['rules', i, 'verbs', verbs]),
            severity: 'critical',
            message: `${object.label} allows every verb on every resource${groups >= 0 ? ' in every API group' : ''} (rule ${i + 1}).`,
            refs: ['trivy:KSV-0044', 'kube-linter:wildcard-in-rules'],
          });
          return;
        }
        if (verbs >= 0) {
          report({
            location: object.locate(['rules', i, 'verbs', verbs]),
            message: `${object.label} allows every verb on ${listOf(rule.resources).join(', ') || 'its resources'} (rule ${i + 1}).`,
            refs: ['trivy:KSV-0045', 'kube-linter:wildcard-in-rules'],
          });
        }
        if (resources >= 0) {
          report({
            location: object.locate(['rules', i, 'resources', resources]),
            message: `${object.label} allows ${listOf(rule.verbs).join(', ') || 'its verbs'} on every resource (rule ${i + 1}).`,
            refs: ['trivy:KSV-0046', 'kube-linter:wildcard-in-rules'],
          });
        }
        if (groups >= 0 && verbs < 0 && resources < 0) {
          report({
            location: object.locate(['rules', i, 'apiGroups', groups]),
            severity: 'medium',
            message: `${object.label} grants its rule ${i + 1} in every API group, including ones CRDs add later.`,
            refs: ['kube-linter:wildcard-in-rules'],
          });
        }
      });
    }
  },
});
