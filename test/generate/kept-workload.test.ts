// Issue 10: keeping an existing k8s/deployment.yaml while writing a Service, PDB and NetworkPolicy
// whose selectors do not match it (under a namespace-wide default deny) must not happen silently.
import { describe, expect, it } from 'vitest';
import { keptKustomizationProblem, keptWorkloadProblem } from '../../src/generate/kept-workload.js';
import { change } from '../ui/helpers.js';

const deployment = (labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {${labels}}
  template:
    metadata:
      labels: {${labels}}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
`;

const options = { workload: 'k8s/deployment.yaml', selector: { 'app.kubernetes.io/name': 'web' } };
const generated = 'kind: Deployment\n';

function changes(previous: string) {
  return [
    change('k8s/deployment.yaml', 'changed', generated, previous),
    change('k8s/service.yaml', 'new', 'kind: Service\n'),
    change('k8s/networkpolicy.yaml', 'unchanged', 'kind: NetworkPolicy\n'),
  ];
}

describe('keptWorkloadProblem', () => {
  it('refuses a kept Deployment whose pods the new objects would not select, naming the label and the way out', () => {
    const problem = keptWorkloadProblem(changes(deployment('app: web')), new Set(['k8s/service.yaml']), options);
    expect(problem).toMatch(/^k8s\/deployment\.yaml is kept as it is, but it has pods that are labelled app\.kubernetes\.io\/name=web, which the new Service, NetworkPolicy select/);
    expect(problem).toContain('Select k8s/deployment.yaml to replace it');
  });

  it('accepts a kept Deployment whose pods carry the label, and any choice that replaces it', () => {
    const labelled = changes(deployment('app.kubernetes.io/name: web, tier: api'));
    expect(keptWorkloadProblem(labelled, new Set(['k8s/service.yaml']), options)).toBeUndefined();
    const replaced = changes(deployment('app: web'));
    expect(keptWorkloadProblem(replaced, new Set(['k8s/deployment.yaml', 'k8s/service.yaml']), options)).toBeUndefined();
  });

  it('says so when the kept file holds no workload at all, and ignores what does not parse', () => {
    expect(keptWorkloadProblem(changes('kind: ConfigMap\n'), new Set(['k8s/service.yaml']), options)).toContain('holds no Deployment whose pods are labelled');
    expect(keptWorkloadProblem(changes(': : [\n'), new Set(['k8s/service.yaml']), options)).toContain('holds no Deployment');
  });

  it('has nothing to say when nothing that selects is written (every selecting file left unwritten)', () => {
    const onlyDeployment = [change('k8s/deployment.yaml', 'changed', generated, deployment('app: web')), change('k8s/service.yaml', 'new', 'kind: Service\n')];
    expect(keptWorkloadProblem(onlyDeployment, new Set(), options)).toBeUndefined();
  });
});

// An existing k8s/kustomization.yaml kept while new manifests are written next to it: they would
// never be applied by kubectl apply -k.
describe('keptKustomizationProblem', () => {
  const old = 'resources:\n  - deployment.yaml\n  - ./service.yaml\n  - ingress.yaml\n';
  const all = [
    change('k8s/kustomization.yaml', 'changed', 'resources: [namespace.yaml, deployment.yaml, service.yaml, networkpolicy.yaml, ingress.yaml]\n', old),
    change('k8s/namespace.yaml', 'new', 'kind: Namespace\n'),
    change('k8s/networkpolicy.yaml', 'new', 'kind: NetworkPolicy\n'),
    change('k8s/deployment.yaml', 'changed', 'kind: Deployment\n', 'kind: Deployment\n# old\n'),
    change('k8s/service.yaml', 'unchanged', 'kind: Service\n'),
    change('Dockerfile', 'new', 'FROM x\n'),
  ];

  it('refuses new manifests the kept kustomization does not list, naming them and the way out', () => {
    expect(keptKustomizationProblem(all, new Set(), 'k8s/kustomization.yaml')).toBe(
      'k8s/kustomization.yaml is kept as it is, but it does not list k8s/namespace.yaml, k8s/networkpolicy.yaml: they would be written and never applied by kubectl apply -k. ' +
        'Select k8s/kustomization.yaml to replace it (the new one still lists the manifests it applied, and a .bak is kept), or leave those files out.',
    );
  });

  it('accepts replacing the kustomization, or writing only files it lists', () => {
    expect(keptKustomizationProblem(all, new Set(['k8s/kustomization.yaml']), 'k8s/kustomization.yaml')).toBeUndefined();
    const listedOnly = all.filter((c) => !['k8s/namespace.yaml', 'k8s/networkpolicy.yaml'].includes(c.file.path));
    expect(keptKustomizationProblem(listedOnly, new Set(['k8s/deployment.yaml']), 'k8s/kustomization.yaml')).toBeUndefined();
    // A new kustomization (none on disk) is written with everything: nothing to say.
    expect(keptKustomizationProblem([change('k8s/kustomization.yaml', 'new', 'resources: []\n'), change('k8s/namespace.yaml', 'new', 'x\n')], new Set(), 'k8s/kustomization.yaml')).toBeUndefined();
  });
});
