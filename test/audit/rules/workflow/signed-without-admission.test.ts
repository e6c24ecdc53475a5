import { describe, expect, it } from 'vitest';
import { signedWithoutAdmission } from '../../../../src/audit/rules/workflow/signed-without-admission.js';
import { runRule } from '../../../helpers/audit.js';

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
});
