import { describe, expect, it } from 'vitest';
import { kubernetesSecret } from '../../../../src/audit/rules/secrets/kubernetes-secret.js';
import { runRule } from '../../../helpers/audit.js';
import { where } from '../dockerfile/_helpers.js';

describe('secrets/kubernetes-secret', () => {
  it('reports a Secret with values once, at its data or stringData key', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: YXBw\n  password: c2VjcmV0\n';
    const findings = runRule(kubernetesSecret, { 'k8s/secret.yaml': text });
    expect(where(findings)).toEqual(['6:1-6:4']);
    expect(findings[0]!.message).toBe('Secret db commits 2 values in clear; base64 in data is an encoding, not encryption.');
  });

  it('reports kustomize secretGenerator literals', () => {
    const text = 'resources: [deployment.yaml]\nsecretGenerator:\n  - name: api\n    literals:\n      - token=abc123\n';
    expect(where(runRule(kubernetesSecret, { 'k8s/kustomization.yaml': text }))).toEqual(['4:5-4:12']);
  });

  it('passes empty Secrets, SOPS-encrypted Secrets and SealedSecrets', () => {
    const empty = 'apiVersion: v1\nkind: Secret\nmetadata: {name: sa-token, annotations: {kubernetes.io/service-account.name: app}}\ntype: kubernetes.io/service-account-token\n';
    const sops = 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.10.2\n';
    const sealed = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db}\nspec:\n  encryptedData:\n    password: AgBy8hCi\n';
    expect(runRule(kubernetesSecret, { 'a.yaml': empty, 'b.yaml': sops, 'c.yaml': sealed })).toEqual([]);
  });
});
