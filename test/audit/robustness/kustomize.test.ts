// A kustomize patch is a fragment, not a workload (issue 9): a replicas patch on a hardened base
// must not collect the restricted profile's "missing" findings; the base is audited where it lives.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { RULES } from '../../../src/audit/rules/index.js';

const hardenedBase = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`;
const replicasPatch =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 5\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.3\n';

function auditTree(files: Record<string, string>) {
  const parsed = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  return { ...parsed, findings: runRules(parsed.repo, RULES) };
}

describe('kustomize patches', () => {
  for (const [spelling, kustomization] of Object.entries({
    patches: 'resources: [../../base]\npatches:\n  - path: replicas.yaml\n    target: {kind: Deployment, name: api}\n',
    patchesStrategicMerge: 'resources: [../../base]\npatchesStrategicMerge:\n  - replicas.yaml\n',
    patchesJson6902: 'resources: [../../base]\npatchesJson6902:\n  - path: replicas.yaml\n    target: {group: apps, version: v1, kind: Deployment, name: api}\n',
  })) {
    it(`are not audited as workloads (${spelling}), and say so`, () => {
      const { findings, notes, repo } = auditTree({
        'deploy/base/deployment.yaml': hardenedBase,
        'deploy/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'deploy/overlays/prod/replicas.yaml': replicasPatch,
        'deploy/overlays/prod/kustomization.yaml': kustomization,
      });
      expect(findings.filter((f) => f.location.file === 'deploy/overlays/prod/replicas.yaml')).toEqual([]);
      expect(repo.kubernetes.map((d) => d.file.path)).not.toContain('deploy/overlays/prod/replicas.yaml');
      expect(notes).toEqual([{ file: 'deploy/overlays/prod/replicas.yaml', message: expect.stringContaining('kustomize patch (applied by deploy/overlays/prod/kustomization.yaml)') }]);
    });
  }

  it('still audits the same file when no kustomization names it as a patch', () => {
    const { findings } = auditTree({ 'deploy/replicas.yaml': replicasPatch });
    expect(findings.filter((f) => f.ruleId.startsWith('k8s/')).length).toBeGreaterThan(0);
  });
});
