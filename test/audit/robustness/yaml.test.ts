// YAML shapes that once crashed or stalled the audit (issue 9): every one must end with a report.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../src/audit/parse.js';
import { hostNamespaces } from '../../../src/audit/rules/kubernetes/host-namespaces.js';
import { privileged } from '../../../src/audit/rules/kubernetes/privileged.js';
import { runRule } from '../../helpers/audit.js';

describe('YAML files of many documents', () => {
  it('parses 125,000 documents in one file without overflowing the stack', () => {
    const text = '--- 1\n'.repeat(125_000);
    const started = performance.now();
    const { repo, parseErrors } = parseRepo('/virtual', [{ path: 'many.yaml', text }]);
    expect(parseErrors).toEqual([]);
    expect(repo.yaml).toHaveLength(125_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('YAML aliases', () => {
  it('resolves 45,000 distinct anchors, each aliased once, in linear time (yaml alone took 47 s)', () => {
    const count = 45_000;
    const text =
      Array.from({ length: count }, (_, i) => `a${i}: &x${i} v${i}`).join('\n') + '\n' + Array.from({ length: count }, (_, i) => `b${i}: *x${i}`).join('\n') + '\n';
    const started = performance.now();
    const { repo, parseErrors } = parseRepo('/virtual', [{ path: 'anchors.yaml', text }]);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(parseErrors).toEqual([]);
    const data = repo.yaml[0]!.data as Record<string, string>;
    expect([data.b0, data.b44999]).toEqual(['v0', 'v44999']);
  });
});

describe('manifests read as kubectl reads them', () => {
  const privilegedPod = (securityContext: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n${securityContext}`;

  it('resolves merge keys: a securityContext merged from an anchor or written as <<: {...} is privileged', () => {
    const inline = privilegedPod('        <<: {privileged: true}\n');
    const anchored = `x-defaults: &privileged\n  privileged: true\n---\n${privilegedPod('        <<: *privileged\n')}`.replace('---\n', '');
    expect(runRule(privileged, { 'pod.yaml': inline }).map((f) => f.ruleId)).toEqual(['k8s/privileged']);
    expect(runRule(privileged, { 'pod.yaml': anchored }).map((f) => f.ruleId)).toEqual(['k8s/privileged']);
  });

  it('audits Kubernetes manifests written in JSON', () => {
    const pod = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { hostPID: true, containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged: true } }] },
    }, null, 2);
    expect(runRule(privileged, { 'pod.json': pod }).map((f) => f.location.line)).toEqual([14]);
    expect(runRule(hostNamespaces, { 'pod.json': pod })).toHaveLength(1);
    expect(runRule(privileged, { 'package.json': '{"name": "app", "version": "1.0.0"}' })).toEqual([]);
  });

  it('fails the gate on a manifest that does not parse: its workloads were never checked', () => {
    const { parseErrors } = parseRepo('/virtual', [
      { path: 'k8s/pod.yaml', text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n' },
      { path: 'docs/notes.yaml', text: 'a: [\n' },
    ]);
    expect(parseErrors.map((f) => [f.location.file, f.severity])).toEqual([
      ['k8s/pod.yaml', 'high'],
      ['docs/notes.yaml', 'medium'],
    ]);
  });
});
