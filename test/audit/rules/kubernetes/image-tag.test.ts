import { describe, expect, it } from 'vitest';
import { imageTag, imageTagRule } from '../../../../src/audit/rules/kubernetes/image-tag.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: a
      image: busybox
  containers:
    - name: b
      image: "registry.local:5000/team/app:latest"
    - name: c
      image: ghcr.io/acme/app:1.2.3
    - name: d
      image: ghcr.io/acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    - name: e
      image: registry.local:5000/team/app
`;

describe('k8s/image-tag', () => {
  it('reports untagged and :latest images, not registry ports or digests', () => {
    expect(check(imageTagRule, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:8:14', text: 'busybox', severity: 'medium' },
      { at: 'pod.yaml:11:14', text: '"registry.local:5000/team/app:latest"', severity: 'medium' },
      { at: 'pod.yaml:17:14', text: 'registry.local:5000/team/app', severity: 'medium' },
    ]);
  });

  it('reads tags after the last path segment', () => {
    expect(imageTag('localhost:5000/app')).toEqual({ tag: undefined, digest: false });
    expect(imageTag('app:1@sha256:abc')).toEqual({ tag: '1', digest: true });
  });
});

// Issue 9 (microservices-demo, argo-cd): what kustomize or skaffold writes into the rendered
// manifest is the tag that runs.
describe('k8s/image-tag where a tool sets the tag', () => {
  const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;

  it('a kustomization that applies the file and pins the image by newTag or digest sets it; newTag: latest does not', () => {
    const pinned = { 'base/deployment.yaml': deployment('ghcr.io/acme/web'), 'overlays/prod/kustomization.yaml': 'resources: [../../base/deployment.yaml]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: 1.4.2\n' };
    expect(check(imageTagRule, pinned)).toEqual([]);
    const latest = { ...pinned, 'overlays/prod/kustomization.yaml': 'resources: [../../base/deployment.yaml]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: latest\n' };
    expect(check(imageTagRule, latest)).toHaveLength(1);
    // A kustomization that does not apply the file pins nothing in it.
    expect(check(imageTagRule, { ...pinned, 'overlays/prod/kustomization.yaml': 'resources: []\nimages:\n  - name: ghcr.io/acme/web\n    newTag: 1.4.2\n' })).toHaveLength(1);
  });

  it('an untagged skaffold artifact is a placeholder skaffold fills; an untagged image skaffold does not build is reported', () => {
    const skaffold = 'apiVersion: skaffold/v3\nkind: Config\nbuild:\n  artifacts:\n    - image: adservice\n      context: src/adservice\n';
    expect(check(imageTagRule, { 'skaffold.yaml': skaffold, 'kubernetes-manifests/adservice.yaml': deployment('adservice') })).toEqual([]);
    expect(check(imageTagRule, { 'skaffold.yaml': skaffold, 'kubernetes-manifests/redis.yaml': deployment('redis') })).toHaveLength(1);
    // A skaffold artifact at :latest is written as latest on purpose: still reported.
    expect(check(imageTagRule, { 'skaffold.yaml': skaffold, 'kubernetes-manifests/adservice.yaml': deployment('adservice:latest') })).toHaveLength(1);
  });
});
