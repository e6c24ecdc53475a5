import { describe, expect, it } from 'vitest';
import { noDefaultDeny } from '../../../../src/audit/rules/network/no-default-deny.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';
import { DEFAULT_DENY, deployment } from './_fixtures.js';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

describe('network/no-default-deny', () => {
  it('reports each direction a namespace with workloads does not deny by default, at its Namespace object', () => {
    const files = { 'ns.yaml': NAMESPACE, 'web.yaml': deployment('web', 'shop') };
    expect(check(noDefaultDeny, files)).toEqual([
      { at: 'ns.yaml:4:9', text: 'shop', severity: 'medium' },
      { at: 'ns.yaml:4:9', text: 'shop', severity: 'medium' },
    ]);
    expect(runRule(noDefaultDeny, files).map((f) => f.message)).toEqual([
      'namespace "shop" runs Deployment "web" but has no default-deny NetworkPolicy for ingress.',
      'namespace "shop" runs Deployment "web" but has no default-deny NetworkPolicy for egress.',
    ]);
  });

  it('reports only the missing direction, at the first workload when the namespace is not in the repo', () => {
    // Without policyTypes, a policy with no egress rules isolates ingress only.
    const ingressOnly = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n';
    const files = { 'web.yaml': deployment('web', 'shop'), 'np.yaml': ingressOnly };
    expect(check(noDefaultDeny, files)).toEqual([{ at: 'web.yaml:4:9', text: 'web', severity: 'medium' }]);
    expect(runRule(noDefaultDeny, files)[0]!.message).toContain('for egress');
  });

  it('does not count a default-deny in another namespace, or one whose rule opens everything', () => {
    const allowAll = DEFAULT_DENY('shop') + '  ingress:\n    - {}\n';
    expect(runRule(noDefaultDeny, { 'web.yaml': deployment('web', 'shop'), 'np.yaml': DEFAULT_DENY('other') })).toHaveLength(2);
    expect(runRule(noDefaultDeny, { 'web.yaml': deployment('web', 'shop'), 'np.yaml': allowAll }).map((f) => f.message)).toEqual([
      'namespace "shop" runs Deployment "web" but has no default-deny NetworkPolicy for ingress.',
    ]);
  });

  it('passes a namespace with a default-deny for both directions (rules allowing specific traffic are fine)', () => {
    const withDns = `${DEFAULT_DENY('shop')}  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n      ports: [{port: 53, protocol: UDP}]\n`;
    expect(check(noDefaultDeny, { 'web.yaml': deployment('web', 'shop'), 'np.yaml': DEFAULT_DENY('shop') })).toEqual([]);
    expect(check(noDefaultDeny, { 'web.yaml': deployment('web', 'shop'), 'np.yaml': withDns })).toEqual([]);
  });

  it('matches namespaces set by a kustomization', () => {
    const files = {
      'k8s/web.yaml': deployment('web', 'x').replace('  namespace: x\n', ''),
      'k8s/np.yaml': DEFAULT_DENY('x').replace('  namespace: x\n', ''),
      'k8s/kustomization.yaml': 'namespace: shop\nresources: [web.yaml, np.yaml]\n',
    };
    expect(check(noDefaultDeny, files)).toEqual([]);
  });
});

// Issue 9: manifests without a namespace were merged across the whole repository into one message
// of 5,000 characters; they only meet when applied together (one folder), and names are bounded.
describe('network/no-default-deny message scale', () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: c, image: "c:1"}]\n`;

  it('groups namespace-less manifests by folder and names at most five workloads', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`examples/app/d${i}.yaml`] = deployment(`web-${i}`);
    files['test/e2e/fixture.yaml'] = deployment('fixture');
    const findings = runRule(noDefaultDeny, files);
    const messages = findings.filter((f) => f.message.includes('ingress')).map((f) => f.message);
    expect(messages).toEqual([
      'Manifests without a namespace in examples/app/ run Deployment "web-0", Deployment "web-1", Deployment "web-2", Deployment "web-3", Deployment "web-4" and 7 more but have no default-deny NetworkPolicy for ingress.',
      'Manifests without a namespace in test/e2e/ run Deployment "fixture" but have no default-deny NetworkPolicy for ingress.',
    ]);
  });
});
