import { describe, expect, it } from 'vitest';
import { probeHost } from '../../../../src/audit/rules/kubernetes/probe-host.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ghcr.io/acme/app:1
      livenessProbe:
        httpGet: {path: /healthz, port: 8080, host: 169.254.169.254}
      readinessProbe:
        tcpSocket: {port: 8080}
      lifecycle:
        preStop:
          tcpSocket:
            port: 80
            host: "10.0.0.1"
`;

describe('k8s/probe-host', () => {
  it('reports probes and lifecycle hooks with a host', () => {
    expect(check(probeHost, { 'pod.yaml': POD })).toEqual([
      { at: 'pod.yaml:10:53', text: '169.254.169.254', severity: 'high' },
      { at: 'pod.yaml:17:19', text: '"10.0.0.1"', severity: 'high' },
    ]);
  });

  it('passes probes that target the pod', () => {
    expect(check(probeHost, { 'pod.yaml': POD.replace(', host: 169.254.169.254', '').replace('host: "10.0.0.1"', 'host: ""') })).toEqual([]);
  });
});
