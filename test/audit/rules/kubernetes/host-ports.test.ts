import { describe, expect, it } from 'vitest';
import { hostPorts } from '../../../../src/audit/rules/kubernetes/host-ports.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          ports:
            - containerPort: 8080
              hostPort: 80
            - containerPort: 9090
              hostPort: 0
            - containerPort: 9091
`;

describe('k8s/host-ports', () => {
  it('reports non-zero host ports', () => {
    expect(check(hostPorts, { 'rc.yaml': RC })).toEqual([{ at: 'rc.yaml:13:25', text: '80', severity: 'high' }]);
    expect(runRule(hostPorts, { 'rc.yaml': RC })[0]!.refs).toEqual(['pss:baseline:hostPorts', 'trivy:KSV-0024', 'trivy:KSV-0117']);
    expect(runRule(hostPorts, { 'rc.yaml': RC.replace('hostPort: 80', 'hostPort: 8080') })[0]!.refs).not.toContain('trivy:KSV-0117');
  });

  it('passes hostPort 0 and unset', () => {
    expect(check(hostPorts, { 'rc.yaml': RC.replace('hostPort: 80', 'hostPort: 0') })).toEqual([]);
  });
});
