import { describe, expect, it } from 'vitest';
import { privilegeEscalation } from '../../../../src/audit/rules/kubernetes/privilege-escalation.js';
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
        allowPrivilegeEscalation: true
    - name: good
      image: ghcr.io/acme/app:1
      securityContext:
        allowPrivilegeEscalation: false
`;

describe('k8s/privilege-escalation', () => {
  it('reports containers that do not set allowPrivilegeEscalation: false', () => {
    expect(check(privilegeEscalation, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:7:13', text: 'init', severity: 'medium' },
      { at: 'pod.yaml:13:35', text: 'true', severity: 'high' },
    ]);
  });

  it('passes explicit false everywhere, and Windows pods', () => {
    const fixed = POD.replace('true', 'false').replace('image: ghcr.io/acme/init:1', 'image: ghcr.io/acme/init:1\n      securityContext: {allowPrivilegeEscalation: false}');
    expect(check(privilegeEscalation, { 'pod.yaml': fixed })).toEqual([]);
    expect(check(privilegeEscalation, { 'pod.yaml': POD.replace('spec:\n', 'spec:\n  os: {name: windows}\n') })).toEqual([]);
  });
});
