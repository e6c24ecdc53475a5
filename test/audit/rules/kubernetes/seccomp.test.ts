import { describe, expect, it } from 'vitest';
import { seccomp } from '../../../../src/audit/rules/kubernetes/seccomp.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const UNCONFINED = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext:
        seccompProfile:
          type: Unconfined
`;

const MISSING = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1
    - name: side
      image: ghcr.io/acme/side:1
`;

describe('k8s/seccomp', () => {
  it('reports Unconfined on the pod and containers as a Baseline violation', () => {
    const files = { 'pod.yaml': UNCONFINED };
    expect(check(seccomp, files)).toEqual([
      { at: 'pod.yaml:7:28', text: 'Unconfined', severity: 'high' },
      { at: 'pod.yaml:13:17', text: 'Unconfined', severity: 'high' },
    ]);
    expect(runRule(seccomp, files).map((f) => f.refs[0])).toEqual(['pss:baseline:seccomp', 'pss:baseline:seccomp']);
  });

  it('reports a pod with no profile anywhere once, as Restricted, at its spec', () => {
    const files = { 'pod.yaml': MISSING };
    expect(check(seccomp, files)).toEqual([{ at: 'pod.yaml:5:1', text: 'spec', severity: 'medium' }]);
    expect(runRule(seccomp, files)[0]!.refs[0]).toBe('pss:restricted:seccomp');
  });

  it('reports only the containers that neither set a profile nor inherit one', () => {
    const files = { 'pod.yaml': MISSING.replace('image: ghcr.io/acme/app:1', 'image: ghcr.io/acme/app:1\n      securityContext: {seccompProfile: {type: RuntimeDefault}}') };
    expect(check(seccomp, files)).toEqual([{ at: 'pod.yaml:10:13', text: 'side', severity: 'medium' }]);
  });

  it('passes a pod-level RuntimeDefault inherited by every container, and Windows pods without one', () => {
    expect(check(seccomp, { 'pod.yaml': MISSING.replace('spec:\n', 'spec:\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n') })).toEqual([]);
    expect(check(seccomp, { 'pod.yaml': MISSING.replace('spec:\n', 'spec:\n  os: {name: windows}\n') })).toEqual([]);
  });
});
