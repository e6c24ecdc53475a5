import { describe, expect, it } from 'vitest';
import { procMount } from '../../../../src/audit/rules/kubernetes/proc-mount.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const POD = (hostUsers = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:${hostUsers}
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext: {procMount: Unmasked}
    - name: ok
      image: ghcr.io/acme/app:1
      securityContext: {procMount: Default}
`;

describe('k8s/proc-mount', () => {
  it('reports an unmasked /proc as a Baseline violation', () => {
    const files = { 'pod.yaml': POD() };
    expect(check(procMount, files)).toEqual([{ at: 'pod.yaml:9:36', text: 'Unmasked', severity: 'high' }]);
    expect(runRule(procMount, files)[0]!.refs[0]).toBe('pss:baseline:procMount');
  });

  it('reports it as Restricted only when the pod runs in a user namespace', () => {
    const files = { 'pod.yaml': POD('\n  hostUsers: false') };
    expect(check(procMount, files)).toEqual([{ at: 'pod.yaml:10:36', text: 'Unmasked', severity: 'medium' }]);
    expect(runRule(procMount, files)[0]!.refs[0]).toBe('pss:restricted:procMount');
  });

  it('passes Default', () => {
    expect(check(procMount, { 'pod.yaml': POD().replace('Unmasked', 'Default') })).toEqual([]);
  });
});
