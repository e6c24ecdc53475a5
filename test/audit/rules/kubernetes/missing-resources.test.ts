import { describe, expect, it } from 'vitest';
import { missingResources } from '../../../../src/audit/rules/kubernetes/missing-resources.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: bare
      image: ghcr.io/acme/app:1
    - name: partial
      image: ghcr.io/acme/app:1
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {memory: 128Mi}
    - name: full
      image: ghcr.io/acme/app:1
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: "1", memory: 128Mi}
`;

describe('k8s/missing-resources', () => {
  it('reports each container with what it lacks', () => {
    const files = { 'pod.yaml': POD };
    expect(check(missingResources, files)).toEqual([
      { at: 'pod.yaml:7:13', text: 'bare', severity: 'medium' },
      { at: 'pod.yaml:11:7', text: 'resources', severity: 'medium' },
    ]);
    const [bare, partial] = runRule(missingResources, files);
    expect(bare!.message).toContain('requests.cpu, requests.memory, limits.cpu, limits.memory');
    expect(partial!.message).toMatch(/does not set limits\.cpu\.$/);
    expect(partial!.refs).toEqual(['trivy:KSV-0011', 'kube-linter:unset-cpu-requirements']);
  });

  it('passes requests and limits for CPU and memory', () => {
    expect(check(missingResources, { 'pod.yaml': POD.replace(/    - name: bare[\s\S]*?(?=    - name: full)/, '') })).toEqual([]);
  });
});
