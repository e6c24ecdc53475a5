import { describe, expect, it } from 'vitest';
import { runAsUserRoot } from '../../../../src/audit/rules/kubernetes/run-as-user-root.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext: {runAsUser: 0}
    - name: side
      image: ghcr.io/acme/side:1
      securityContext: {runAsUser: 1000}
`;

describe('k8s/run-as-user-root', () => {
  it('reports runAsUser: 0 on the pod and on containers', () => {
    expect(check(runAsUserRoot, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:7:16', text: '0', severity: 'high' },
      { at: 'pod.yaml:11:36', text: '0', severity: 'high' },
    ]);
  });

  it('passes non-zero UIDs, and user-namespace pods', () => {
    expect(check(runAsUserRoot, { 'pod.yaml': POD.replace(/runAsUser: 0/g, 'runAsUser: 65532') })).toEqual([]);
    expect(check(runAsUserRoot, { 'pod.yaml': POD.replace('spec:\n', 'spec:\n  hostUsers: false\n') })).toEqual([]);
  });
});
