import { describe, expect, it } from 'vitest';
import { serviceAccountToken } from '../../../../src/audit/rules/kubernetes/service-account-token.js';
import { check } from '../_located.js';

const DEPLOYMENT = (pod: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
${pod}      containers:
        - name: app
          image: ghcr.io/acme/web:1
`;

const ACCOUNT = (namespace: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: ${namespace}
automountServiceAccountToken: false
`;

describe('k8s/service-account-token', () => {
  it('reports the default service account, at the pod spec', () => {
    expect(check(serviceAccountToken, { 'web.yaml': DEPLOYMENT('') })).toEqual([{ at: 'web.yaml:8:5', text: 'spec', severity: 'medium' }]);
  });

  it('reports a named service account the repo does not define as token-less in the same namespace', () => {
    const files = { 'web.yaml': DEPLOYMENT('      serviceAccountName: web\n'), 'sa.yaml': ACCOUNT('other') };
    expect(check(serviceAccountToken, files)).toEqual([{ at: 'web.yaml:9:27', text: 'web', severity: 'medium' }]);
  });

  it('reports automountServiceAccountToken: true on the pod even when the account disables it', () => {
    const files = { 'web.yaml': DEPLOYMENT('      serviceAccountName: web\n      automountServiceAccountToken: true\n'), 'sa.yaml': ACCOUNT('shop') };
    expect(check(serviceAccountToken, files)).toEqual([{ at: 'web.yaml:10:37', text: 'true', severity: 'medium' }]);
  });

  it('passes a pod that disables it, or whose service account in the same namespace does', () => {
    expect(check(serviceAccountToken, { 'web.yaml': DEPLOYMENT('      automountServiceAccountToken: false\n') })).toEqual([]);
    expect(check(serviceAccountToken, { 'web.yaml': DEPLOYMENT('      serviceAccountName: web\n'), 'sa.yaml': ACCOUNT('shop') })).toEqual([]);
  });
});
