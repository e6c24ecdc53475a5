import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedWithoutAdmission } from '../../../../src/audit/rules/workflow/signed-without-admission.js';
import { runRule } from '../../../helpers/audit.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const workflow = 'on: push\njobs:\n  sign:\n    runs-on: x\n    steps:\n      - run: cosign sign --yes "$IMAGE@$DIGEST"\n';

describe('workflow/signed-without-admission', () => {
  it('reports signing with no verifying policy in the repository', () => {
    const findings = runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': workflow });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location).toMatchObject({ file: '.github/workflows/ci.yml', line: 6 });
  });

  it.each([
    ['a Kyverno ImageValidatingPolicy', 'apiVersion: policies.kyverno.io/v1\nkind: ImageValidatingPolicy\nmetadata: {name: v}\n'],
    ['a Kyverno ClusterPolicy with verifyImages', 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: v}\nspec:\n  rules:\n    - name: r\n      verifyImages: [{imageReferences: ["x/*"]}]\n'],
    ['a Sigstore ClusterImagePolicy', 'apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata: {name: v}\n'],
  ])('accepts %s', (_name, policy) => {
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': workflow, 'policy/verify.yaml': policy })).toEqual([]);
  });

  it('does not count cosign sign-blob or a Kyverno policy without verifyImages', () => {
    const blob = 'on: push\njobs:\n  a: {runs-on: x, steps: [{run: cosign sign-blob f}]}\n';
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': blob })).toEqual([]);
    const other = 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: v}\nspec: {rules: [{name: r, validate: {}}]}\n';
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': workflow, 'p.yaml': other })).toHaveLength(1);
  });

  it('reads the script as the shell does: cosign sign in an echo is not signing; after a flag or behind sudo it is', () => {
    const step = (run: string) => `on: push\njobs:\n  sign:\n    runs-on: x\n    steps:\n      - run: ${JSON.stringify(run)}\n`;
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': step('echo "sign with: cosign sign --yes IMAGE"') })).toEqual([]);
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': step('sudo cosign --verbose sign --yes "$IMAGE@$DIGEST"') })).toHaveLength(1);
    expect(runRule(signedWithoutAdmission, { '.github/workflows/ci.yml': step('sudo cosign sign --yes "$IMAGE@$DIGEST"') })).toHaveLength(1);
  });
});

describe('workflow/signed-without-admission fix', () => {
  it('writes the Kyverno policy for the keyless signer of examples/insecure-repo', () => {
    const root = path.resolve(import.meta.dirname, '../../../../examples/insecure-repo');
    const files: Record<string, string> = {};
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files[path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')] = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    }
    expect(expectCleanFix(signedWithoutAdmission, files)).toBe(1);
    const policy = fixedText(files, signedWithoutAdmission, { include: 'all' })['policy/kyverno-verify-images.yaml']!;
    expect(policy).toContain('kind: ImageValidatingPolicy\n');
    expect(policy).toContain('    - glob: ghcr.io/acme/orders-api:*\n');
    expect(policy).toContain(String.raw`subjectRegExp: ^https:\/\/github\.com\/acme\/orders-api\/\.github\/workflows\/ci\.yml@refs\/(heads/main|tags/v.+)$`);
  });

  it('resolves the signed image from env, and explains when it cannot write a policy', () => {
    const file = '.github/workflows/release.yml';
    const signing = (run: string) => `on:\n  push:\n    branches: [main]\nenv:\n  IMAGE: ghcr.io/acme/orders\njobs:\n  sign:\n    runs-on: x\n    steps:\n      - run: ${run}\n`;
    const keyless = auditFiles({ [file]: signing('cosign sign --yes "$IMAGE@${{ steps.build.outputs.digest }}"') }, [signedWithoutAdmission]);
    expect(keyless[0]!.fix!.description).toBe(`Create policy/kyverno-verify-images.yaml: Kyverno admits ghcr.io/acme/orders only with a signature from ${file}`);
    const keyed = auditFiles({ [file]: signing('cosign sign --key env://COSIGN_KEY "$IMAGE"') }, [signedWithoutAdmission]);
    expect(keyed[0]!.fix).toBeUndefined();
    expect(keyed[0]!.noFix).toMatch(/signed with a key/);
    const tagged = auditFiles({ [file]: signing('cosign sign --yes "${{ env.IMAGE }}:${{ github.sha }}"') }, [signedWithoutAdmission]);
    expect(tagged[0]!.fix).toBeDefined();
    for (const image of ['"$OTHER"', 'ghcr.io/${{ github.repository }}:1']) {
      const unknown = auditFiles({ [file]: signing(`cosign sign --yes ${image}`) }, [signedWithoutAdmission]);
      expect(unknown[0]!.noFix).toMatch(/cannot be told/);
    }
  });
});
