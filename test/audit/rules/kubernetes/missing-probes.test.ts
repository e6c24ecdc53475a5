import { describe, expect, it } from 'vitest';
import { missingProbes } from '../../../../src/audit/rules/kubernetes/missing-probes.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const DEPLOYMENT = (kind = 'apps/v1\nkind: Deployment') => `apiVersion: ${kind}
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: ghcr.io/acme/init:1
      containers:
        - name: app
          image: ghcr.io/acme/web:1
          readinessProbe: {tcpSocket: {port: 8080}}
        - name: side
          image: ghcr.io/acme/side:1
          readinessProbe: {tcpSocket: {port: 9090}}
          livenessProbe: {tcpSocket: {port: 9090}}
`;

describe('k8s/missing-probes', () => {
  it('reports app containers of long-running workloads without both probes', () => {
    const files = { 'web.yaml': DEPLOYMENT() };
    expect(check(missingProbes, files)).toEqual([{ at: 'web.yaml:12:17', text: 'app', severity: 'low' }]);
    expect(runRule(missingProbes, files)[0]!.refs).toEqual(['kube-linter:no-liveness-probe']);
  });

  it('passes Jobs, which run to completion', () => {
    expect(check(missingProbes, { 'job.yaml': DEPLOYMENT('batch/v1\nkind: Job') })).toEqual([]);
  });
});
