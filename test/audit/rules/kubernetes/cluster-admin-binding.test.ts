import { describe, expect, it } from 'vitest';
import { clusterAdminBinding } from '../../../../src/audit/rules/kubernetes/cluster-admin-binding.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const BINDING = (kind: string, role: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ci
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`;

describe('k8s/cluster-admin-binding', () => {
  it('reports ClusterRoleBindings and RoleBindings to cluster-admin', () => {
    expect(check(clusterAdminBinding, { 'crb.yaml': BINDING('ClusterRoleBinding', 'cluster-admin') })).toEqual([
      { at: 'crb.yaml:8:9', text: 'cluster-admin', severity: 'critical' },
    ]);
    const [finding] = runRule(clusterAdminBinding, { 'rb.yaml': BINDING('RoleBinding', 'cluster-admin') });
    expect(finding!.message).toContain('in its namespace to ServiceAccount ci/deployer');
  });

  it('passes bindings to narrower roles', () => {
    expect(check(clusterAdminBinding, { 'crb.yaml': BINDING('ClusterRoleBinding', 'view') })).toEqual([]);
  });
});
