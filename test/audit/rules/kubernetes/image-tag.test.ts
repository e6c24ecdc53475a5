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
