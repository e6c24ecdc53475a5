import { describe, expect, it } from 'vitest';
import { cidrContains } from '../../../../src/audit/rules/network/_support.js';
import { metadataEgress } from '../../../../src/audit/rules/network/metadata-egress.js';
import { check } from '../_located.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock: {cidr: 10.0.0.0/8}
        - ipBlock: {cidr: 169.254.0.0/16}
    - to:
        - ipBlock: {cidr: 0.0.0.0/0}
      ports: [{port: 443}]
    - ports: [{port: 1, endPort: 1024}]
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}
    - to:
        - namespaceSelector: {}
`;

describe('network/metadata-egress', () => {
  it('reports rules that reach 169.254.169.254, high when port 80 is open', () => {
    expect(check(metadataEgress, { 'np.yaml': POLICY })).toEqual([
      { at: 'np.yaml:11:27', text: '169.254.0.0/16', severity: 'high' },
      { at: 'np.yaml:13:27', text: '0.0.0.0/0', severity: 'low' },
      { at: 'np.yaml:15:7', text: 'ports: [{port: 1, endPort: 1024}]', severity: 'high' },
    ]);
  });

  it('passes blocks that except the metadata address, and policies that do not isolate egress', () => {
    const carved = POLICY.replace('{cidr: 169.254.0.0/16}', '{cidr: 192.168.0.0/16}').replace('{cidr: 0.0.0.0/0}\n', '{cidr: 0.0.0.0/0, except: [169.254.169.254/32]}\n').replace('    - ports: [{port: 1, endPort: 1024}]\n', '');
    expect(check(metadataEgress, { 'np.yaml': carved })).toEqual([]);
    expect(check(metadataEgress, { 'np.yaml': POLICY.replace('[Egress]', '[Ingress]') })).toEqual([]);
  });

  it('does IPv4 CIDR arithmetic', () => {
    expect(cidrContains('169.254.169.254/32', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.169.0/25', '169.254.169.254')).toBe(false);
    expect(cidrContains('128.0.0.0/1', '169.254.169.254')).toBe(true);
    expect(cidrContains('::/0', '169.254.169.254')).toBe(false);
    expect(cidrContains('300.0.0.0/8', '169.254.169.254')).toBe(false);
  });
});
