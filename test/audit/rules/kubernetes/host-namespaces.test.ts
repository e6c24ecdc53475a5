import { describe, expect, it } from 'vitest';
import { hostNamespaces } from '../../../../src/audit/rules/kubernetes/host-namespaces.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: exporter
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: false
      containers:
        - name: e
          image: quay.io/prom/node-exporter:v1.8.0
`;

describe('k8s/host-namespaces', () => {
  it('reports each host namespace set to true, with that namespace\'s tool refs', () => {
    const files = { 'ds.yaml': DAEMONSET };
    expect(check(hostNamespaces, files)).toEqual([
      { at: 'ds.yaml:8:20', text: 'true', severity: 'high' },
      { at: 'ds.yaml:9:16', text: 'true', severity: 'high' },
    ]);
    expect(runRule(hostNamespaces, files).map((f) => f.refs)).toEqual([
      ['pss:baseline:hostNamespaces', 'trivy:KSV-0009', 'kube-linter:host-network'],
      ['pss:baseline:hostNamespaces', 'trivy:KSV-0010', 'kube-linter:host-pid'],
    ]);
  });

  it('passes false and unset fields', () => {
    expect(check(hostNamespaces, { 'ds.yaml': DAEMONSET.replace(/: true/g, ': false') })).toEqual([]);
  });
});
