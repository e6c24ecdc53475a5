import { describe, expect, it } from 'vitest';
import { exposedService } from '../../../../src/audit/rules/kubernetes/exposed-service.js';
import { check } from '../_located.js';

const SERVICE = (type: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ${type}
  selector: {app: web}
  ports:
    - port: 80
`;

describe('k8s/exposed-service', () => {
  it('reports NodePort and LoadBalancer services as info', () => {
    expect(check(exposedService, { 'svc.yaml': SERVICE('LoadBalancer') })).toEqual([{ at: 'svc.yaml:6:9', text: 'LoadBalancer', severity: 'info' }]);
    expect(check(exposedService, { 'svc.yaml': SERVICE('NodePort') })).toHaveLength(1);
  });

  it('passes ClusterIP', () => {
    expect(check(exposedService, { 'svc.yaml': SERVICE('ClusterIP') })).toEqual([]);
  });
});
