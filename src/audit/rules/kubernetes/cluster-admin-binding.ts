// Binding cluster-admin hands over the whole cluster.
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, listOf, mappingOf, stringOf } from './_support.js';

export const clusterAdminBinding = defineRule({
  id: 'k8s/cluster-admin-binding',
  area: 'kubernetes',
  severity: 'critical',
  title: 'Binding to cluster-admin',
  why: 'cluster-admin can do anything to any object in any namespace; whoever holds a bound token (a compromised pod, a leaked kubeconfig) owns the cluster.',
  detect: 'A ClusterRoleBinding or RoleBinding has roleRef ClusterRole "cluster-admin".',
  fix: 'Bind a Role (or ClusterRole) listing exactly the verbs and resources the subject needs, in the namespace it needs them.',
  refs: ['kube-linter:cluster-admin-role-binding'],
  noFix: 'The permissions the subject really uses are not in the repo: write a Role with only those and bind it instead.',
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      const cluster = isKind(object, 'ClusterRoleBinding', 'rbac.authorization.k8s.io');
      if (!cluster && !isKind(object, 'RoleBinding', 'rbac.authorization.k8s.io')) continue;
      const roleRef = mappingOf(object.data.roleRef);
      if (roleRef.kind !== 'ClusterRole' || roleRef.name !== 'cluster-admin') continue;
      const subjects = listOf(object.data.subjects)
        .map((raw) => mappingOf(raw))
        .map((s) => `${stringOf(s.kind) ?? 'subject'} ${stringOf(s.namespace) ? `${stringOf(s.namespace)}/` : ''}${stringOf(s.name) ?? '?'}`);
      report({
        location: object.locate(['roleRef', 'name']),
        message: `${object.label} grants cluster-admin${cluster ? ' across the cluster' : ' in its namespace'} to ${subjects.join(', ') || 'its subjects'}.`,
      });
    }
  },
});
