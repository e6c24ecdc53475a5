// The default-deny fix of network/no-default-deny and network/unselected-workload: a new file next
// to the namespace's manifests, through the shared harness (parses, fixes, adds no finding, keeps
// every other line), with its content checked as data.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allowAll } from '../../../../src/audit/rules/network/allow-all.js';
import { metadataEgress } from '../../../../src/audit/rules/network/metadata-egress.js';
import { noDefaultDeny } from '../../../../src/audit/rules/network/no-default-deny.js';
import { unselectedWorkload } from '../../../../src/audit/rules/network/unselected-workload.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { BLOCK_DEPLOYMENT, CRONJOB, KUSTOMIZE_BASE } from '../kubernetes/_fix-fixtures.js';
import { deployment } from './_fixtures.js';

const policiesIn = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { metadata: { name: string; namespace?: string }; spec: Record<string, unknown> });

describe('default-deny fix', () => {
  it('writes the default deny, DNS egress and ingress on the Service target port next to the manifests', () => {
    const files = { 'k8s/web.yaml': BLOCK_DEPLOYMENT, 'k8s/report.yaml': CRONJOB };
    expect(expectCleanFix(noDefaultDeny, files)).toBe(2);
    expect(expectCleanFix(unselectedWorkload, files)).toBe(2);
    const fixed = fixedText(files, noDefaultDeny, { include: 'all' });
    expect(Object.keys(fixed).sort()).toEqual(['k8s/networkpolicy-default-deny.yaml', 'k8s/report.yaml', 'k8s/web.yaml']);
    const text = fixed['k8s/networkpolicy-default-deny.yaml']!;
    expect(text.startsWith('# Network access for namespace "shop", added by create-secure-container audit --fix.\n')).toBe(true);
    const [deny, dns, web] = policiesIn(text);
    expect(deny).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-all', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    expect(dns!.spec.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      },
    ]);
    expect(web!.spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 'http' }] }],
    });
    const finding = auditFiles(files).find((f) => f.ruleId === 'network/no-default-deny')!;
    expect(finding.fix!.caveat).toMatch(/Traffic not derived from a Service is cut/);
    expect(finding.fix!.edits).toEqual([{ file: 'k8s/networkpolicy-default-deny.yaml', start: 0, end: 0, text }]);
  });

  it('adds the file to the kustomization of a kustomize base, and lets the kustomization set the namespace', () => {
    const files = { ...KUSTOMIZE_BASE };
    expect(expectCleanFix(noDefaultDeny, files)).toBe(2);
    const fixed = fixedText(files, noDefaultDeny, { include: 'all' });
    expect(fixed['deploy/base/kustomization.yaml']).toBe(`${KUSTOMIZE_BASE['deploy/base/kustomization.yaml']}  - networkpolicy-default-deny.yaml\n`);
    const policies = policiesIn(fixed['deploy/base/networkpolicy-default-deny.yaml']!);
    expect(policies.map((p) => p.metadata)).toEqual([{ name: 'default-deny-all' }, { name: 'allow-dns-egress' }, { name: 'allow-payments-ingress' }]);
  });

  it('says in the file what to add for a Service reached from outside the namespace (LoadBalancer, Ingress)', () => {
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
`;
    const files = { 'k8s/web.yaml': BLOCK_DEPLOYMENT, 'k8s/ingress.yaml': ingress };
    expectCleanFix(noDefaultDeny, files);
    const text = fixedText(files, noDefaultDeny, { include: 'all' })['k8s/networkpolicy-default-deny.yaml']!;
    expect(text).toContain('# Service "web" is reached from outside the namespace (an Ingress routes to it): this rule only\n');
    expect(auditFiles(files).find((f) => f.ruleId === 'network/no-default-deny')!.fix!.caveat).toMatch(/Service "web" is reached from outside/);

    const loadBalancer = { ...KUSTOMIZE_BASE };
    expect(fixedText(loadBalancer, noDefaultDeny, { include: 'all' })['deploy/base/networkpolicy-default-deny.yaml']).toContain('(it is of type LoadBalancer)');
  });

  it('never overwrites: a taken file name or policy name gets a suffix, and each namespace of a shared folder its own file', () => {
    const files = {
      'k8s/networkpolicy-default-deny.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
      'k8s/shop.yaml': deployment('web', 'shop'),
      'k8s/billing.yaml': deployment('invoices', 'billing'),
    };
    expect(expectCleanFix(noDefaultDeny, files)).toBe(3); // shop: egress; billing: ingress and egress
    const fixed = fixedText(files, noDefaultDeny, { include: 'all' });
    expect(fixed['k8s/networkpolicy-default-deny.yaml']).toBe(files['k8s/networkpolicy-default-deny.yaml']);
    expect(policiesIn(fixed['k8s/networkpolicy-default-deny-shop.yaml']!)[0]!.metadata).toEqual({ name: 'default-deny-all-2', namespace: 'shop' });
    expect(policiesIn(fixed['k8s/networkpolicy-default-deny-billing.yaml']!)[0]!.metadata).toEqual({ name: 'default-deny-all', namespace: 'billing' });
  });

  it('keeps names from the repository on their comment line and out of file names', () => {
    const hostile = BLOCK_DEPLOYMENT.replace('  name: web\n  namespace: shop\nspec:\n  selector:', '  name: "web\\nkind: Secret\\u001b[2J"\n  namespace: shop\nspec:\n  selector:');
    const files = { 'k8s/web.yaml': hostile, 'k8s/other.yaml': deployment('api', '"Shop/../../x"') };
    const fixed = fixedText(files, noDefaultDeny, { include: 'all' });
    const created = Object.keys(fixed).filter((file) => !(file in files));
    expect(created.every((file) => /^k8s\/networkpolicy-default-deny(-shop|-\d+)?\.yaml$/.test(file))).toBe(true);
    const text = fixed['k8s/networkpolicy-default-deny-shop.yaml']!;
    expect(text).toContain('# Clients of Service "web\\u000akind: Secret\\u001b[2J": pods of this namespace, on TCP http.\n');
    expect(policiesIn(text).map((p) => (p as unknown as { kind: string }).kind)).toEqual(['NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy']);
    expect(policiesIn(text)[2]!.metadata.name).toBe('allow-service-ingress');
  });

  it('offers nothing for templated workloads, and says why', () => {
    const files = { 'chart/templates/web.yaml': BLOCK_DEPLOYMENT.replace('replicas: 2', 'replicas: {{ .Values.replicas }}') };
    const findings = auditFiles(files).filter((f) => f.ruleId.startsWith('network/'));
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.fix).toBeUndefined();
      expect(finding.noFix).toMatch(/templates/);
    }
  });
});

const policy = (spec: string) => `# Opened up during an incident.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
${spec}`;

describe('network/allow-all fix', () => {
  it('narrows an ingress rule without peers to the pods of the namespace, with a caveat', () => {
    const files = {
      'k8s/web.yaml': deployment('web', 'shop'),
      'k8s/policy.yaml': policy('  policyTypes: [Ingress]\n  ingress:\n    - {}   # everything\n    - from: []\n'),
    };
    expect(expectCleanFix(allowAll, files)).toBe(2);
    expect(fixedText(files, allowAll, { include: 'all' })['k8s/policy.yaml']).toContain(
      '  ingress:\n    - { from: [ { podSelector: {} } ] }   # everything\n    - from: [ { podSelector: {} } ]\n',
    );
    expect(auditFiles(files).find((f) => f.ruleId === 'network/allow-all')!.fix!.caveat).toMatch(/outside the cluster/);
  });

  it('leaves egress and internet-wide rules to a person, and says why', () => {
    const files = {
      'k8s/web.yaml': deployment('web', 'shop'),
      'k8s/policy.yaml': policy('  policyTypes: [Ingress, Egress]\n  ingress:\n    - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n  egress:\n    - {}\n'),
    };
    const findings = auditFiles(files).filter((f) => f.ruleId === 'network/allow-all');
    expect(findings.map((f) => [f.fix, f.noFix?.split(' ')[0]])).toEqual([
      [undefined, 'the'],
      [undefined, 'the'],
    ]);
  });
});

describe('network/metadata-egress fix', () => {
  it('adds the metadata address to the except list of a wide ipBlock, in block and flow style', () => {
    const files = {
      'k8s/web.yaml': deployment('web', 'shop'),
      'k8s/policy.yaml': policy(
        '  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except:\n              - 10.0.0.0/8 # the cluster\n      ports:\n        - {protocol: TCP, port: 443}\n    - to: [{ipBlock: {cidr: 169.254.0.0/16}}]\n      ports: [{port: 80}]\n',
      ),
    };
    expect(expectCleanFix(metadataEgress, files)).toBe(2);
    const fixed = fixedText(files, metadataEgress, { include: 'all' })['k8s/policy.yaml']!;
    expect(fixed).toContain('            except:\n              - 10.0.0.0/8 # the cluster\n              - 169.254.169.254/32\n');
    expect(fixed).toContain('    - to: [{ipBlock: { cidr: 169.254.0.0/16, except: [ 169.254.169.254/32 ] }}]\n');
  });

  it('does not touch a /32 block of the metadata address itself, nor a rule without destination', () => {
    const files = {
      'k8s/web.yaml': deployment('web', 'shop'),
      'k8s/policy.yaml': policy('  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 169.254.169.254/32}}]\n    - ports: [{port: 80}]\n'),
    };
    const findings = auditFiles(files).filter((f) => f.ruleId === 'network/metadata-egress');
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.fix === undefined && f.noFix !== undefined)).toBe(true);
  });
});
