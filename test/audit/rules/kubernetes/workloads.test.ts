// The workload model the kubernetes, network and coherence rules share: every workload kind with
// its pod spec path, containers in Pod Security Admission order, List items, multi-document files,
// namespaces from kustomize, and label selectors.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../../src/audit/parse.js';
import { kubeObjects, selectorMatches, workloads } from '../../../../src/audit/support/kubernetes.js';
import { textAt } from '../_located.js';

function repoOf(files: Record<string, string>) {
  return parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text }))).repo;
}

const TEMPLATE = `    metadata:
      labels: {app: x}
    spec:
      containers:
        - name: c
          image: ghcr.io/acme/x:1`;

const KINDS = `apiVersion: v1
kind: Pod
metadata: {name: pod}
spec:
  containers:
    - name: c
      image: ghcr.io/acme/x:1
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: deployment}
spec:
  template:
${TEMPLATE}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: statefulset}
spec:
  template:
${TEMPLATE}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: daemonset}
spec:
  template:
${TEMPLATE}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: replicaset}
spec:
  template:
${TEMPLATE}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  template:
${TEMPLATE}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cronjob}
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: x}
        spec:
          containers:
            - name: c
              image: ghcr.io/acme/x:1
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  template:
${TEMPLATE}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: podtemplate}
template:
${TEMPLATE.replace(/^ {2}/gm, '')}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: not-a-workload}
spec:
  template:
${TEMPLATE}
`;

describe('workloads', () => {
  it('finds the pod spec of every workload kind, and only of the real API groups', () => {
    const found = workloads(repoOf({ 'all.yaml': KINDS }));
    expect(found.map((w) => w.object.name)).toEqual(['pod', 'deployment', 'statefulset', 'daemonset', 'replicaset', 'job', 'cronjob', 'rc', 'podtemplate']);
    for (const workload of found) {
      expect(workload.containers.map((c) => c.name)).toEqual(['c']);
      expect(textAt({ 'all.yaml': KINDS }, workload.containers[0]!.locate(['image']))).toBe('ghcr.io/acme/x:1');
    }
    expect(found.find((w) => w.object.name === 'cronjob')!.podPath).toEqual(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    expect(found.find((w) => w.object.name === 'podtemplate')!.labels).toEqual({ app: 'x' });
  });

  it('lists init, regular and ephemeral containers in admission order', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  ephemeralContainers: [{name: debug, image: busybox:1}]
  containers: [{name: app, image: a:1}]
  initContainers: [{name: init, image: i:1}]
`;
    const [workload] = workloads(repoOf({ 'p.yaml': pod }));
    expect(workload!.containers.map((c) => c.label)).toEqual(['init container "init"', 'container "app"', 'ephemeral container "debug"']);
  });

  it('expands List items, with their paths', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: first}
    spec:
      containers: [{name: c, image: "x:1"}]
`;
    const [workload] = workloads(repoOf({ 'list.yaml': list }));
    expect(workload!.object.path).toEqual(['items', 0]);
    expect(textAt({ 'list.yaml': list }, workload!.object.locate(['metadata', 'name']))).toBe('first');
  });

  it('takes the namespace from the kustomization that includes the file, outer overlays first', () => {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: from-metadata}\nspec: {template: {spec: {containers: []}}}\n`;
    const repo = repoOf({
      'base/app.yaml': deployment('app'),
      'base/kustomization.yaml': 'namespace: base\nresources: [app.yaml]\n',
      'overlays/prod/kustomization.yaml': 'namespace: prod\nresources: [../../base]\n',
      'loose/other.yaml': deployment('other'),
      'loose/kustomization.yaml': 'namespace: ignored\nresources: [missing.yaml]\n',
    });
    expect(Object.fromEntries(workloads(repo).map((w) => [w.object.name, w.namespace]))).toEqual({ app: 'prod', other: 'from-metadata' });
    expect(kubeObjects(repo)).toHaveLength(2); // kustomizations are not cluster objects
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'web', tier: 'front' };
  it('evaluates matchLabels and every matchExpressions operator', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Matches' }] }, labels)).toBe(false);
  });
});
