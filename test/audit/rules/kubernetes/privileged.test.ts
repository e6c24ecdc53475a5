import { describe, expect, it } from 'vitest';
import { privileged } from '../../../../src/audit/rules/kubernetes/privileged.js';
import { check } from '../_located.js';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      initContainers:
        - name: sysctl
          image: busybox:1.36
          securityContext: {privileged: true}
      containers:
        - name: db
          image: postgres:17
          securityContext:
            privileged: false
`;

describe('k8s/privileged', () => {
  it('reports a privileged init container as critical', () => {
    expect(check(privileged, { 'db.yaml': STATEFULSET })).toEqual([{ at: 'db.yaml:11:41', text: 'true', severity: 'critical' }]);
  });

  it('passes privileged: false', () => {
    expect(check(privileged, { 'db.yaml': STATEFULSET.replace('privileged: true', 'privileged: false') })).toEqual([]);
  });
});
