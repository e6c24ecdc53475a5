// Issue 10: keeping an existing k8s/deployment.yaml while writing a Service, PDB and NetworkPolicy
// whose selectors do not match it (under a namespace-wide default deny) must not happen silently.
import { describe, expect, it } from 'vitest';
import { keptWorkloadProblem } from '../../src/generate/kept-workload.js';
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
