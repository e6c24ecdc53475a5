import { describe, expect, it } from 'vitest';
import { portMismatch } from '../../../../src/audit/rules/coherence/port-mismatch.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const DEPLOYMENT = (port = 8080) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
          ports:
            - name: http
              containerPort: ${port}
`;

const SERVICE = (targetPort: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: ${targetPort}
`;

const POLICY = (port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: traefik}}}]
      ports:
        - port: ${port}
`;

const DOCKERFILE = (port: string) => `FROM golang:1.26 AS build
RUN go build -o /app .
FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /app /app
EXPOSE ${port}
USER 65532:65532
ENTRYPOINT ["/app"]
`;

const WORKFLOW = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@0000000000000000000000000000000000000000
        with:
          tags: ghcr.io/acme/web:\${{ github.sha }}
`;

const coherent = {
  'Dockerfile': DOCKERFILE('8080'),
  '.github/workflows/build.yml': WORKFLOW,
  'k8s/deployment.yaml': DEPLOYMENT(),
  'k8s/service.yaml': SERVICE('http'),
  'k8s/networkpolicy.yaml': POLICY('http'),
};

describe('coherence/port-mismatch', () => {
  it('passes one port used consistently (named and numeric forms)', () => {
    expect(check(portMismatch, coherent)).toEqual([]);
    expect(check(portMismatch, { ...coherent, 'k8s/service.yaml': SERVICE('8080'), 'k8s/networkpolicy.yaml': POLICY('8080') })).toEqual([]);
  });

  it('reports a Service targetPort no container declares', () => {
    const files = { ...coherent, 'k8s/service.yaml': SERVICE('3000') };
    expect(check(portMismatch, files)).toEqual([
      { at: 'k8s/service.yaml:10:19', text: '3000', severity: 'medium' },
    ]);
    expect(runRule(portMismatch, files)[0]!.message).toBe('Service "web" sends traffic to port 3000, but the containers of Deployment "web" declare 8080 (http).');
  });

  it('reports a Service port once, naming a few of the workloads it selects and counting the rest', () => {
    const deployments = Array.from({ length: 7 }, (_, i) => DEPLOYMENT(8080 + i).replace('name: web\n  namespace', `name: web-${i}\n  namespace`)).join('---\n');
    const policy = POLICY('3000').replace('port: 3000', 'port: 3000\n        - port: 9090');
    const files = { 'k8s/deployments.yaml': deployments, 'k8s/service.yaml': SERVICE('3000'), 'k8s/networkpolicy.yaml': policy };
    const findings = runRule(portMismatch, files);
    expect(findings.map((f) => `${f.location.file}:${f.location.line}`)).toEqual(['k8s/service.yaml:10', 'k8s/networkpolicy.yaml:13', 'k8s/networkpolicy.yaml:14']);
    expect(findings[0]!.message).toBe(
      'Service "web" sends traffic to port 3000, but the containers of the 7 workloads it selects declare other ports: ' +
        'Deployment "web-0" (8080 (http)), Deployment "web-1" (8081 (http)), Deployment "web-2" (8082 (http)), Deployment "web-3" (8083 (http)), Deployment "web-4" (8084 (http)) and 2 more.',
    );
    expect(findings[2]!.message).toMatch(/^NetworkPolicy "web" allows ingress on port 9090, but the containers of the 7 workloads it selects declare other ports: .* and 2 more\.$/);
  });

  it('reports a named targetPort that does not resolve', () => {
    expect(check(portMismatch, { ...coherent, 'k8s/service.yaml': SERVICE('web') })).toEqual([
      { at: 'k8s/service.yaml:10:19', text: 'web', severity: 'medium' },
    ]);
  });

  it('reports a Service port that every NetworkPolicy selecting the pods blocks, and the policy port no container declares', () => {
    const files = { ...coherent, 'k8s/networkpolicy.yaml': POLICY('9090') };
    expect(check(portMismatch, files)).toEqual([
      { at: 'k8s/service.yaml:10:19', text: 'http', severity: 'medium' },
      { at: 'k8s/networkpolicy.yaml:13:17', text: '9090', severity: 'low' },
    ]);
  });

  it('reports containerPorts that share nothing with the EXPOSE of the Dockerfile CI builds the image from', () => {
    const files = { ...coherent, 'Dockerfile': DOCKERFILE('3000/tcp') };
    expect(check(portMismatch, files)).toEqual([{ at: 'k8s/deployment.yaml:16:30', text: '8080', severity: 'low' }]);
    expect(runRule(portMismatch, files)[0]!.message).toContain("its image's Dockerfile (Dockerfile) EXPOSEs 3000/tcp");
  });

  it('does not link a Dockerfile to an image nothing ties it to', () => {
    const files = { ...coherent, 'Dockerfile': DOCKERFILE('3000'), 'k8s/deployment.yaml': DEPLOYMENT().replace('ghcr.io/acme/web', 'ghcr.io/other/thing') };
    expect(check(portMismatch, files)).toEqual([]);
  });

  it('links by directory when there is no CI, for a single-container pod named after its image', () => {
    const files = { 'Dockerfile': DOCKERFILE('3000'), 'k8s/deployment.yaml': DEPLOYMENT() };
    expect(check(portMismatch, files)).toEqual([{ at: 'k8s/deployment.yaml:16:30', text: '8080', severity: 'low' }]);
  });

  it('skips Services in other namespaces', () => {
    expect(check(portMismatch, { ...coherent, 'k8s/service.yaml': SERVICE('3000').replace('namespace: shop', 'namespace: other') })).toEqual([]);
  });
});

// Issue 9: in argo-cd, 80 of 95 port mismatches joined a Service to a workload that only shared a
// name with it, in another folder (a test fixture and the real app), neither with a namespace.
describe('coherence/port-mismatch joins only objects deployed together', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';
  const deployment = (port: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: "web:1", ports: [{containerPort: ${port}}]}]\n`;

  it('a Service and a namespace-less workload in unrelated folders do not meet', () => {
    expect(runRule(portMismatch, { 'app/service.yaml': service, 'test/fixtures/deployment.yaml': deployment(9090) })).toEqual([]);
  });

  it('the same folder, or a kustomization applying both, puts them together', () => {
    expect(runRule(portMismatch, { 'app/service.yaml': service, 'app/deployment.yaml': deployment(9090) })).toHaveLength(1);
    const kustomized = {
      'deploy/kustomization.yaml': 'resources:\n  - ../svc/service.yaml\n  - ../workloads/deployment.yaml\n',
      'svc/service.yaml': service,
      'workloads/deployment.yaml': deployment(9090),
    };
    expect(runRule(portMismatch, kustomized)).toHaveLength(1);
  });
});

// Issue 9 (argo-cd): containerPort is informational. A Service that reaches the app's declared port
// and also a metrics port the container does not declare still works; one that reaches no declared
// port does not.
describe('coherence/port-mismatch on undeclared extra ports', () => {
  const twoPorts = (metrics: string) => SERVICE('http').replace('      targetPort: http\n', `      targetPort: http\n    - name: metrics\n      port: 9090\n      targetPort: ${metrics}\n`);

  it('leaves an undeclared metrics port beside a declared one alone, and still reports a Service that reaches no declared port', () => {
    expect(runRule(portMismatch, { 'k8s/deployment.yaml': DEPLOYMENT(), 'k8s/service.yaml': twoPorts('9090') })).toEqual([]);
    const wrong = runRule(portMismatch, { 'k8s/deployment.yaml': DEPLOYMENT(), 'k8s/service.yaml': SERVICE('3000') });
    expect(wrong.map((f) => f.message)).toEqual(['Service "web" sends traffic to port 3000, but the containers of Deployment "web" declare 8080 (http).']);
    // A named port that does not exist is broken whatever else matches.
    expect(runRule(portMismatch, { 'k8s/deployment.yaml': DEPLOYMENT(), 'k8s/service.yaml': twoPorts('metrics') }).map((f) => f.message)).toEqual([
      expect.stringMatching(/targets the named port "metrics"/),
    ]);
  });

  it('a NetworkPolicy rule that allows a declared port may allow another one too', () => {
    const both = POLICY('http').replace('        - port: http\n', '        - port: http\n        - port: 26379\n');
    expect(runRule(portMismatch, { 'k8s/deployment.yaml': DEPLOYMENT(), 'k8s/networkpolicy.yaml': both })).toEqual([]);
    expect(runRule(portMismatch, { 'k8s/deployment.yaml': DEPLOYMENT(), 'k8s/networkpolicy.yaml': POLICY('26379') }).map((f) => f.severity)).toEqual(['low']);
  });
});
