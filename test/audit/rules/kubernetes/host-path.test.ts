import { describe, expect, it } from 'vitest';
import { hostPath, isSensitiveHostPath } from '../../../../src/audit/rules/kubernetes/host-path.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: a
          image: ghcr.io/acme/agent:1
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
        - name: data
          hostPath: {path: /srv/data}
        - name: etc
          hostPath: {path: /etc/ssl/certs/, type: Directory}
        - name: scratch
          emptyDir: {}
`;

describe('k8s/host-path', () => {
  it('reports every hostPath volume, critical for sensitive node paths', () => {
    const files = { 'agent.yaml': DEPLOYMENT };
    expect(check(hostPath, files)).toEqual([
      { at: 'agent.yaml:14:19', text: '/var/run/docker.sock', severity: 'critical' },
      { at: 'agent.yaml:16:28', text: '/srv/data', severity: 'high' },
      { at: 'agent.yaml:18:28', text: '/etc/ssl/certs/', severity: 'critical' },
    ]);
    expect(runRule(hostPath, files)[0]!.refs).toContain('trivy:KSV-0006');
    expect(runRule(hostPath, files)[1]!.refs).toEqual(['pss:baseline:hostPathVolumes', 'trivy:KSV-0023']);
  });

  it('passes pods without hostPath volumes', () => {
    expect(check(hostPath, { 'agent.yaml': DEPLOYMENT.replace(/hostPath:/g, 'emptyDir:').replace(/path: [^}\n]+/g, 'medium: Memory') })).toEqual([]);
  });

  it('knows the sensitive node paths', () => {
    for (const path of ['/', '//', '/etc', '/proc/1', '/var/run/containerd/containerd.sock', '/run/docker.sock', '/var/lib/kubelet/pods', '/var/run']) {
      expect(isSensitiveHostPath(path), path).toBe(true);
    }
    for (const path of ['/srv', '/var/log/app', '/data', '/etcetera', '/var/run/app']) {
      expect(isSensitiveHostPath(path), path).toBe(false);
    }
  });
});
