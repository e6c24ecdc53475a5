import { describe, expect, it } from 'vitest';
import { unselectedWorkload } from '../../../../src/audit/rules/network/unselected-workload.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';
import { DEFAULT_DENY, deployment } from './_fixtures.js';

const POLICY = (selector: string, namespace = 'shop') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow
  namespace: ${namespace}
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]
`;

describe('network/unselected-workload', () => {
  it('reports workloads no policy selects, at their name', () => {
    const files = { 'web.yaml': deployment('web', 'shop'), 'api.yaml': deployment('api', 'shop'), 'np.yaml': POLICY('{matchLabels: {app: web}}') };
    expect(check(unselectedWorkload, files)).toEqual([{ at: 'api.yaml:4:9', text: 'api', severity: 'medium' }]);
    expect(runRule(unselectedWorkload, files)[0]!.message).toBe('No NetworkPolicy selects the pods of Deployment "api" (app=api) in namespace "shop".');
  });

  it('evaluates matchExpressions and namespaces', () => {
    const web = deployment('web', 'shop', '{app: web, tier: front}');
    expect(runRule(unselectedWorkload, { 'web.yaml': web, 'np.yaml': POLICY('{matchExpressions: [{key: tier, operator: In, values: [front]}]}') })).toEqual([]);
    expect(runRule(unselectedWorkload, { 'web.yaml': web, 'np.yaml': POLICY('{matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}') })).toHaveLength(1);
    expect(runRule(unselectedWorkload, { 'web.yaml': web, 'np.yaml': POLICY('{matchLabels: {app: web}}', 'other') })).toHaveLength(1);
  });

  it('passes workloads a default-deny selects', () => {
    expect(check(unselectedWorkload, { 'web.yaml': deployment('web', 'shop'), 'np.yaml': DEFAULT_DENY('shop') })).toEqual([]);
  });
});
