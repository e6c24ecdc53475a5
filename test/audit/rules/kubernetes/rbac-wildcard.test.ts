import { describe, expect, it } from 'vitest';
import { rbacWildcard } from '../../../../src/audit/rules/kubernetes/rbac-wildcard.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: god
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pods
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods, secrets]
    verbs: ["*"]
  - apiGroups: [apps]
    resources: ["*"]
    verbs: [get, list]
  - apiGroups: ["*"]
    resources: [configmaps]
    verbs: [get]
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, watch]
`;

describe('k8s/rbac-wildcard', () => {
  it('reports each wildcard, critical for any verb on any resource', () => {
    const files = { 'rbac.yaml': ROLES };
    expect(check(rbacWildcard, files)).toEqual([
      { at: 'rbac.yaml:8:13', text: '"*"', severity: 'critical' },
      { at: 'rbac.yaml:18:13', text: '"*"', severity: 'high' },
      { at: 'rbac.yaml:20:17', text: '"*"', severity: 'high' },
      { at: 'rbac.yaml:22:17', text: '"*"', severity: 'medium' },
    ]);
    expect(runRule(rbacWildcard, files).map((f) => f.refs[0])).toEqual(['trivy:KSV-0044', 'trivy:KSV-0045', 'trivy:KSV-0046', 'kube-linter:wildcard-in-rules']);
  });

  it('passes explicit verbs, resources and groups', () => {
    expect(check(rbacWildcard, { 'rbac.yaml': ROLES.split('---\n')[1]!.replace(/"\*"/g, 'deployments').replace(/\["\*"\]/g, '[get]') })).toEqual([]);
  });
});
