import { describe, expect, it } from 'vitest';
import { exposedService } from '../../../../src/audit/rules/kubernetes/exposed-service.js';
import { check } from '../_located.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

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

describe('k8s/exposed-service fix', () => {
  const loadBalancer = `apiVersion: v1
kind: Service
metadata:
  name: web # the storefront
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {app: web}
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: 30080
`;

  it('makes it ClusterIP and drops what the API refuses on ClusterIP, only with the caveat that outside clients lose access', () => {
    const files = { 'svc.yaml': loadBalancer };
    const [finding] = auditFiles(files, [exposedService]);
    expect(finding!.fix!.caveat).toMatch(/every client outside the cluster loses access/);
    expect(expectCleanFix(exposedService, files)).toBe(1);
    expect(fixedText(files, exposedService, { include: 'all' })['svc.yaml']).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web # the storefront\nspec:\n  type: ClusterIP\n  selector: {app: web}\n' +
        '  ports:\n    - name: http\n      port: 80\n      targetPort: http\n',
    );
    expect(fixedText(files, exposedService, { include: 'safe' })['svc.yaml']).toBe(loadBalancer);
  });

  it('the fixed Service is valid for the API (no field that needs NodePort or LoadBalancer)', async () => {
    const { Service } = await import('kubernetes-models/v1/Service');
    const fixed = fixedText({ 'svc.yaml': loadBalancer }, exposedService, { include: 'all' })['svc.yaml']!;
    const { parse } = await import('yaml');
    const spec = (parse(fixed) as { spec: Record<string, unknown> }).spec;
    expect(Object.keys(spec).sort()).toEqual(['ports', 'selector', 'type']);
    expect(() => new Service(parse(fixed)).validate()).not.toThrow();
  });
});
