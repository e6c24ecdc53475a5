import { describe, expect, it } from 'vitest';
import { writableRootFilesystem } from '../../../../src/audit/rules/kubernetes/writable-root-filesystem.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: ghcr.io/acme/init:1
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext:
        readOnlyRootFilesystem: false
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
`;

describe('k8s/writable-root-filesystem', () => {
  it('reports containers and init containers without a read-only root filesystem', () => {
    expect(check(writableRootFilesystem, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:7:13', text: 'init', severity: 'medium' },
      { at: 'pod.yaml:13:33', text: 'false', severity: 'medium' },
    ]);
  });

  it('passes readOnlyRootFilesystem: true', () => {
    const fixed = POD.replace('false', 'true').replace('image: ghcr.io/acme/init:1', 'image: ghcr.io/acme/init:1\n      securityContext: {readOnlyRootFilesystem: true}');
    expect(check(writableRootFilesystem, { 'pod.yaml': fixed })).toEqual([]);
  });
});
