import { describe, expect, it } from 'vitest';
import { runAsNonRoot } from '../../../../src/audit/rules/kubernetes/run-as-non-root.js';
import { check } from '../_located.js';

const POD = (pod: string, app: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${pod}  containers:
    - name: app
      image: ghcr.io/acme/app:1
${app}    - name: side
      image: ghcr.io/acme/side:1
`;

describe('k8s/run-as-non-root', () => {
  it('reports a pod that sets it nowhere once, at its spec', () => {
    expect(check(runAsNonRoot, { 'pod.yaml': POD('', '') })).toEqual([{ at: 'pod.yaml:5:1', text: 'spec', severity: 'medium' }]);
  });

  it('reports the containers that do not opt in when the pod does not', () => {
    expect(check(runAsNonRoot, { 'pod.yaml': POD('', '      securityContext: {runAsNonRoot: true}\n') })).toEqual([
      { at: 'pod.yaml:10:13', text: 'side', severity: 'medium' },
    ]);
  });

  it('reports explicit false on the pod and on a container overriding the pod', () => {
    expect(check(runAsNonRoot, { 'pod.yaml': POD('  securityContext:\n    runAsNonRoot: false\n', '') })).toEqual([
      { at: 'pod.yaml:7:19', text: 'false', severity: 'medium' },
    ]);
    expect(check(runAsNonRoot, { 'pod.yaml': POD('  securityContext:\n    runAsNonRoot: true\n', '      securityContext: {runAsNonRoot: false}\n') })).toEqual([
      { at: 'pod.yaml:11:39', text: 'false', severity: 'medium' },
    ]);
  });

  it('passes a pod-level true inherited by every container, and user-namespace pods', () => {
    expect(check(runAsNonRoot, { 'pod.yaml': POD('  securityContext:\n    runAsNonRoot: true\n', '') })).toEqual([]);
    expect(check(runAsNonRoot, { 'pod.yaml': POD('  hostUsers: false\n', '') })).toEqual([]);
  });
});
