import { describe, expect, it } from 'vitest';
import { defaultNamespace } from '../../../../src/audit/rules/kubernetes/default-namespace.js';
import { check } from '../_located.js';

const DEPLOYMENT = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${namespace}spec:
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/web:1
`;

describe('k8s/default-namespace', () => {
  it('reports metadata.namespace: default at the namespace', () => {
    expect(check(defaultNamespace, { 'k8s/web.yaml': DEPLOYMENT('  namespace: default\n') })).toEqual([
      { at: 'k8s/web.yaml:5:14', text: 'default', severity: 'low' },
    ]);
  });

  it('reports a manifest without a namespace that no kustomization places', () => {
    const files = { 'k8s/web.yaml': DEPLOYMENT(''), 'k8s/kustomization.yaml': 'resources:\n  - web.yaml\n', 'other/kustomization.yaml': 'namespace: shop\nresources: [app.yaml]\n' };
    expect(check(defaultNamespace, files)).toEqual([{ at: 'k8s/web.yaml:4:9', text: 'web', severity: 'low' }]);
  });

  it('passes an explicit namespace, or one a kustomization sets (directly or through an overlay)', () => {
    expect(check(defaultNamespace, { 'k8s/web.yaml': DEPLOYMENT('  namespace: shop\n') })).toEqual([]);
    expect(check(defaultNamespace, { 'k8s/web.yaml': DEPLOYMENT(''), 'k8s/kustomization.yaml': 'namespace: shop\nresources:\n  - web.yaml\n' })).toEqual([]);
    const overlay = {
      'base/web.yaml': DEPLOYMENT(''),
      'base/kustomization.yaml': 'resources: [web.yaml]\n',
      'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../base\n',
    };
    expect(check(defaultNamespace, overlay)).toEqual([]);
  });

  it('lets the kustomization namespace override metadata.namespace: default, as kustomize does', () => {
    expect(check(defaultNamespace, { 'k8s/web.yaml': DEPLOYMENT('  namespace: default\n'), 'k8s/kustomization.yaml': 'namespace: shop\nresources: [web.yaml]\n' })).toEqual([]);
  });
});
