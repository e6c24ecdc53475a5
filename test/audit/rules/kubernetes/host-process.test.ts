import { describe, expect, it } from 'vitest';
import { hostProcess } from '../../../../src/audit/rules/kubernetes/host-process.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  securityContext:
    windowsOptions:
      hostProcess: true
  containers:
    - name: a
      image: mcr.microsoft.com/agent:1
      securityContext:
        windowsOptions: {hostProcess: true}
    - name: b
      image: mcr.microsoft.com/agent:1
      securityContext:
        windowsOptions: {hostProcess: false}
`;

describe('k8s/host-process', () => {
  it('reports hostProcess: true on the pod and on each container that sets it', () => {
    expect(check(hostProcess, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:8:20', text: 'true', severity: 'high' },
      { at: 'pod.yaml:13:39', text: 'true', severity: 'high' },
    ]);
  });

  it('passes hostProcess: false and unset', () => {
    expect(check(hostProcess, { 'pod.yaml': POD.replace(/hostProcess: true/g, 'hostProcess: false') })).toEqual([]);
  });
});
