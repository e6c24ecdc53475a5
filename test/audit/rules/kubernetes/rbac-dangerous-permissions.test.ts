// Issue 9: RBAC stopped at wildcards and cluster-admin; a role granting bind, escalate,
// impersonate, pods/exec or reading secrets passed.
import { describe, expect, it } from 'vitest';
import { rbacDangerousPermissions } from '../../../../src/audit/rules/kubernetes/rbac-dangerous-permissions.js';
import { runRule } from '../../../helpers/audit.js';

const role = (name: string, rules: string, kind = 'ClusterRole') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ops
rules:
${rules}`;

const findings = (text: string) => runRule(rbacDangerousPermissions, { 'rbac.yaml': text }).map((f) => [f.severity, f.message]);

describe('k8s/rbac-dangerous-permissions', () => {
  it.each([
    ['reading secrets', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list]\n', 'critical', /read secrets/],
    ['impersonation', '  - apiGroups: [""]\n    resources: [users, groups]\n    verbs: [impersonate]\n', 'critical', /impersonate/],
    ['bind and escalate', '  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [bind, escalate]\n', 'critical', /bind or escalate/],
    ['exec into pods', '  - apiGroups: [""]\n    resources: [pods/exec]\n    verbs: [create]\n', 'high', /exec into or attach/],
    ['minting tokens', '  - apiGroups: [""]\n    resources: [serviceaccounts/token]\n    verbs: [create]\n', 'high', /service account tokens/],
    ['the kubelet through nodes/proxy', '  - apiGroups: [""]\n    resources: [nodes/proxy]\n    verbs: [get]\n', 'high', /nodes\/proxy/],
  ])('reports %s', (_what, rules, severity, message) => {
    expect(findings(role('deployer', rules))).toEqual([[severity, expect.stringMatching(message)]]);
  });

  it('accepts named secrets, reads of other resources, built-in system: roles and wildcards (rbac-wildcard reports those)', () => {
    expect(findings(role('reader', '  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [app-tls]\n    verbs: [get]\n'))).toEqual([]);
    expect(findings(role('viewer', '  - apiGroups: ["", apps]\n    resources: [pods, deployments, configmaps]\n    verbs: [get, list, watch]\n'))).toEqual([]);
    expect(findings(role('system:controller:x', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list]\n'))).toEqual([]);
    expect(findings(role('god', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: ["*"]\n'))).toEqual([]);
    // bind on something that is not a role is not an escalation.
    expect(findings(role('x', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [bind]\n'))).toEqual([]);
  });

  it('reports each dangerous grant of a rule, in a namespaced Role too', () => {
    const both = '  - apiGroups: [""]\n    resources: [secrets, pods/exec]\n    verbs: [get, create]\n';
    expect(findings(role('debugger', both, 'Role')).map(([severity]) => severity)).toEqual(['critical', 'high']);
  });
});
