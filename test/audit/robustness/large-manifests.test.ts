// A generated install manifest of a few megabytes with many workloads (argo-cd's install.yaml: 1.9
// MB, 47 findings) once took 18 s, because every finding's fix re-parsed and re-diffed the whole
// file. Each fix now edits its own document; the time bound is the assertion (a slow machine is
// not the failure, a quadratic is).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { YamlEditor } from '../../../src/audit/fix/yaml-edit.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { RULES } from '../../../src/audit/rules/index.js';

const deployment = (i: number) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: tools
spec:
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app:1.0.${i}
`;
const filler = (i: number) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: tools\ndata:\n  k: "${'v'.repeat(200)}"\n`;

describe('a 2 MB manifest with many workloads', () => {
  const text = Array.from({ length: 8000 }, (_, i) => (i % 100 === 0 ? deployment(i) : filler(i))).join('');

  it('audits with a fix for every finding in well under a second per MiB', () => {
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const started = performance.now();
    const { repo } = parseRepo('/virtual', [{ path: 'install.yaml', text }]);
    const findings = runRules(repo, RULES);
    const elapsed = performance.now() - started;
    expect(findings.filter((f) => f.ruleId === 'k8s/run-as-non-root')).toHaveLength(80);
    expect(findings.filter((f) => f.fix).length).toBeGreaterThan(80);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('editing one document changes only that document, at the right place in the file', () => {
    const editor = new YamlEditor(text, 100 * 3 + 0); // the document index of app-300
    editor.set(['spec', 'template', 'spec', 'automountServiceAccountToken'], false);
    const [edit] = editor.edits('install.yaml');
    const after = text.slice(0, edit!.start) + edit!.text + text.slice(edit!.end);
    expect(after).toBe(editor.text);
    expect(after.length - text.length).toBe(edit!.text.length - (edit!.end - edit!.start));
    const touched = after.slice(after.lastIndexOf('---', edit!.start), after.indexOf('---', edit!.start));
    expect(touched).toContain('name: app-300');
    expect(touched).toContain('automountServiceAccountToken: false');
  });
});

describe('thousands of Services and workloads in one namespace', () => {
  const pair = (i: number) => `${deployment(i).replace('image: ghcr.io/acme/app:1.0.', 'ports: [{containerPort: 8080}]\n          image: ghcr.io/acme/app:1.0.')}---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: tools
spec:
  selector: {app: app-${i}}
  ports: [{port: 80, targetPort: ${i % 2 === 0 ? 8080 : 9090}}]
`;
  const text = Array.from({ length: 4000 }, (_, i) => pair(i)).join('');

  it('finds each Service its pods among the pods with its labels, not among every workload', () => {
    const started = performance.now();
    const { repo } = parseRepo('/virtual', [{ path: 'k8s/all.yaml', text }]);
    const findings = runRules(repo, RULES);
    const elapsed = performance.now() - started;
    // Every odd Service sends to 9090, a port its container does not declare.
    expect(findings.filter((f) => f.ruleId === 'coherence/port-mismatch')).toHaveLength(2000);
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe('thousands of Services selecting the same thousands of pods', () => {
  const service = (i: number) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s-${i}\n  namespace: tools\nspec:\n  selector: {tier: web}\n  ports: [{port: 80, targetPort: 9090}]\n`;
  const pod = (i: number) =>
    deployment(i).replace(`labels: {app: app-${i}}`, `labels: {app: app-${i}, tier: web}`).replace('image: ghcr.io', 'ports: [{containerPort: 8080}]\n          image: ghcr.io');
  const text = Array.from({ length: 2000 }, (_, i) => pod(i) + service(i)).join('');

  it('reports each Service port once, not once per pod it selects', () => {
    const started = performance.now();
    const { repo } = parseRepo('/virtual', [{ path: 'k8s/all.yaml', text }]);
    const findings = runRules(repo, RULES).filter((f) => f.ruleId === 'coherence/port-mismatch');
    const elapsed = performance.now() - started;
    // One per Service, naming five of the 2,000 pods: it was 4,000,000 findings (3,000 of each did not finish in a minute).
    expect(findings).toHaveLength(2000);
    expect(findings[0]!.message).toContain('the 2000 workloads it selects declare other ports');
    expect(findings[0]!.message).toContain('and 1995 more.');
    expect(elapsed).toBeLessThan(20_000);
  });

  it('looks up a Service port among its pods\' 20,000 container ports instead of searching them (15,000 ports: 60 s)', () => {
    const containerPorts = Array.from({ length: 20_000 }, (_, i) => `            - {containerPort: ${1000 + i}}`).join('\n');
    const servicePorts = Array.from({ length: 15_000 }, (_, i) => `    - {port: ${i + 1}, targetPort: ${i + 2}}`).join('\n');
    const manifest =
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      containers:\n        - name: c\n          image: c:1\n          ports:\n${containerPorts}\n` +
      `---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: w}\n  ports:\n${servicePorts}\n`;
    const started = performance.now();
    const { repo } = parseRepo('/virtual', [{ path: 'k8s/w.yaml', text: manifest }]);
    const findings = runRules(repo, RULES);
    expect(findings.filter((f) => f.ruleId === 'audit/rule-error')).toEqual([]);
    // Ports 1000 to 15001 reach a declared port: nothing is reported about the Service's ports.
    expect(findings.filter((f) => f.ruleId === 'coherence/port-mismatch')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('thousands of namespaces', () => {
  const namespaced = (i: number) =>
    deployment(i).replaceAll('namespace: tools', `namespace: ns-${i}`) +
    `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: ns-${i}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80}]\n`;
  const text = Array.from({ length: 4000 }, (_, i) => namespaced(i)).join('');

  it('looks up each namespace\'s objects, policies and kustomizations instead of scanning them all per namespace', () => {
    const started = performance.now();
    const { repo } = parseRepo('/virtual', [{ path: 'k8s/all.yaml', text }]);
    const findings = runRules(repo, RULES);
    const elapsed = performance.now() - started;
    // Two directions per namespace, each with the fix that writes its default deny.
    const noDefaultDeny = findings.filter((f) => f.ruleId === 'network/no-default-deny');
    expect(noDefaultDeny).toHaveLength(8000);
    expect(noDefaultDeny.every((f) => f.fix !== undefined)).toBe(true);
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe('thousands of Dockerfiles beside their manifests in one folder', () => {
  const count = 6000;
  const files = Array.from({ length: count }, (_, i) => [
    { path: `svc/app${i}.dockerfile`, text: 'FROM alpine:3.20\nUSER 1000\nEXPOSE 8080\n' },
    { path: `svc/app${i}.yaml`, text: deployment(i).replace('namespace: tools', 'namespace: prod') },
  ]).flat();

  it('links containers to Dockerfiles with lookups, not by comparing every pair', () => {
    const started = performance.now();
    const { repo } = parseRepo('/virtual', files);
    const findings = runRules(repo, RULES);
    const elapsed = performance.now() - started;
    expect(findings.filter((f) => f.ruleId === 'audit/rule-error')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'k8s/run-as-non-root')).toHaveLength(count);
    expect(elapsed).toBeLessThan(30_000);
  });
});
