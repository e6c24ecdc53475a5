// Repository-level fixes: the .dockerignore pattern matcher, and the Kyverno admission policy that
// workflow/signed-without-admission offers, rendered from the generator's template.
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KYVERNO_POLICY_PATH, admissionPolicyFix } from '../../../src/audit/fix/repo.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { hasAdmissionVerification } from '../../../src/audit/rules/workflow/signed-without-admission.js';
import { applyEdits, auditFiles } from '../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const repoOf = (files: Record<string, string>) => parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text }))).repo;

const signing = {
  Dockerfile: lines('FROM node:24.11.1-trixie-slim', 'LABEL org.opencontainers.image.source="https://github.com/acme/orders-api"', 'USER 10001', 'CMD ["node", "server.js"]'),
  '.github/workflows/release.yml': lines(
    'on:',
    '  push:',
    '    branches: [trunk]',
    'permissions: {}',
    'jobs:',
    '  release:',
    '    runs-on: ubuntu-24.04',
    '    permissions:',
    '      id-token: write',
    '      packages: write',
    '    steps:',
    '      - run: cosign sign --yes ghcr.io/acme/orders-api@${DIGEST}',
  ),
  'k8s/deployment.yaml': lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: orders-api, namespace: orders}',
    'spec:',
    '  selector: {matchLabels: {app: orders-api}}',
    '  template:',
    '    metadata: {labels: {app: orders-api}}',
    '    spec:',
    '      containers:',
    '        - name: orders-api',
    '          image: ghcr.io/acme/orders-api:1.4.2',
  ),
};
const site = { workflow: '.github/workflows/release.yml', image: 'ghcr.io/acme/orders-api@${DIGEST}', keyless: true };

describe('admissionPolicyFix', () => {
  it("writes the generator's Kyverno policy for the image, the signing workflow's identity and the pods' namespace", () => {
    const fix = admissionPolicyFix(repoOf(signing), site)!;
    expect(fix.edits).toHaveLength(1);
    const [edit] = fix.edits;
    expect(edit).toMatchObject({ file: KYVERNO_POLICY_PATH, start: 0, end: 0 });
    const [document, ...more] = parseAllDocuments(edit!.text);
    expect(more).toEqual([]);
    expect(document!.errors).toEqual([]);
    const policy = document!.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, any> };
    expect(policy.kind).toBe('ImageValidatingPolicy');
    expect(policy.metadata.name).toBe('orders-orders-api-signed-images');
    expect(policy.spec.matchConstraints.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'orders' });
    expect(policy.spec.matchImageReferences).toEqual([{ glob: 'ghcr.io/acme/orders-api' }, { glob: 'ghcr.io/acme/orders-api:*' }, { glob: 'ghcr.io/acme/orders-api@*' }]);
    const identity = policy.spec.attestors[0].cosign.keyless.identities[0];
    expect(identity.issuer).toBe('https://token.actions.githubusercontent.com');
    const subject = new RegExp(identity.subjectRegExp);
    expect(subject.test('https://github.com/acme/orders-api/.github/workflows/release.yml@refs/heads/trunk')).toBe(true);
    expect(subject.test('https://github.com/acme/orders-api/.github/workflows/release.yml@refs/tags/v1.4.2')).toBe(true);
    expect(subject.test('https://github.com/acme/orders-api/.github/workflows/other.yml@refs/heads/trunk')).toBe(false);
    expect(subject.test('https://github.com/evil/orders-api/.github/workflows/release.yml@refs/heads/trunk')).toBe(false);
    expect(fix.caveat).toMatch(/release\.yml of github\.com\/acme\/orders-api \(from the image\.source label of Dockerfile\) on trunk/);
  });

  it('satisfies workflow/signed-without-admission and adds no finding of any rule', () => {
    const before = auditFiles(signing);
    expect(before.map((f) => f.ruleId)).toContain('workflow/signed-without-admission');
    const after = applyEdits(signing, admissionPolicyFix(repoOf(signing), site)!.edits);
    expect(hasAdmissionVerification(repoOf(after))).toBe(true);
    const key = (f: { ruleId: string; location: { file: string }; message: string }) => `${f.ruleId} ${f.location.file} ${f.message}`;
    const known = new Set(before.map(key));
    expect(auditFiles(after).filter((f) => !known.has(key(f))).map(key)).toEqual([]);
  });

  it('writes nothing it cannot state truthfully: key-based signing, an unknown repository, hostile names, an existing file', () => {
    const repo = repoOf(signing);
    expect(admissionPolicyFix(repo, { ...site, keyless: false })).toBeUndefined();
    expect(admissionPolicyFix(repo, { ...site, workflow: '.github/workflows/x.yml\nkind: Pod' })).toBeUndefined();
    expect(admissionPolicyFix(repo, { ...site, image: 'ghcr.io/acme/Orders Api' })).toBeUndefined();
    expect(admissionPolicyFix(repo, { ...site, image: 'node' })).toBeUndefined();
    const unknown = { ...signing, Dockerfile: signing.Dockerfile.replace(/LABEL .*\n/, '') };
    expect(admissionPolicyFix(repoOf(unknown), { ...site, image: 'registry.example.com/orders-api' })).toBeUndefined();
    const conflicting = { ...signing, 'package.json': '{"repository": {"url": "https://github.com/other/orders-api.git"}}' };
    expect(admissionPolicyFix(repoOf(conflicting), site)).toBeUndefined();
    expect(admissionPolicyFix(repoOf({ ...signing, [KYVERNO_POLICY_PATH]: 'kind: Other\n' }), site)).toBeUndefined();
  });
});
