import { describe, expect, it } from 'vitest';
import { allowAll } from '../../../../src/audit/rules/network/allow-all.js';
import { check } from '../_located.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - {}
    - from: []
      ports: [{port: 8080}]
    - from:
        - ipBlock: {cidr: 0.0.0.0/0}
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32]
    - to:
        - ipBlock: {cidr: 0.0.0.0/0}
      ports: [{port: 443}]
`;

describe('network/allow-all', () => {
  it('reports rules with every peer and every port', () => {
    expect(check(allowAll, { 'np.yaml': POLICY })).toEqual([
      { at: 'np.yaml:9:7', text: '{}', severity: 'medium' },
      { at: 'np.yaml:12:7', text: 'from:\n        - ipBlock: {cidr: 0.0.0.0/0}', severity: 'medium' },
      { at: 'np.yaml:15:7', text: 'to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [169.254.169.254/32]', severity: 'medium' },
    ]);
  });

  it('ignores rules of a direction the policy does not isolate', () => {
    expect(check(allowAll, { 'np.yaml': POLICY.replace('[Ingress, Egress]', '[Egress]') }).map((f) => f.at)).toEqual(['np.yaml:15:7']);
  });

  it('passes rules with a peer or a port', () => {
    const narrow = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: frontend}}}]
    - ports: [{port: 8080}]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
      ports: [{port: 443}]
`;
    expect(check(allowAll, { 'np.yaml': narrow })).toEqual([]);
  });
});
