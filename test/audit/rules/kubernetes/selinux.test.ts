import { describe, expect, it } from 'vitest';
import { selinux } from '../../../../src/audit/rules/kubernetes/selinux.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seLinuxOptions: {user: system_u, level: "s0:c1,c2"}
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      securityContext:
        seLinuxOptions:
          type: spc_t
          role: system_r
    - name: kvm
      image: ghcr.io/acme/vm:1
      securityContext:
        seLinuxOptions: {type: container_kvm_t}
`;

describe('k8s/selinux', () => {
  it('reports disallowed types and any user or role', () => {
    expect(check(selinux, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:7:28', text: 'system_u', severity: 'high' },
      { at: 'pod.yaml:13:17', text: 'spc_t', severity: 'high' },
      { at: 'pod.yaml:14:17', text: 'system_r', severity: 'high' },
    ]);
  });

  it('passes the container types and MCS levels', () => {
    const fixed = POD.replace('user: system_u, ', '').replace('spc_t', 'container_t').replace('          role: system_r\n', '');
    expect(check(selinux, { 'pod.yaml': fixed })).toEqual([]);
  });
});
