// Every workflow fix applied together, one finding at a time with a re-audit in between (as
// `audit --fix=all` does): the fixes compose on the same files, converge, and leave nothing fixable.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutCredentials } from '../../../../src/audit/rules/workflow/checkout-credentials.js';
import { scanCannotFail } from '../../../../src/audit/rules/workflow/image-scan.js';
import { workflowRules } from '../../../../src/audit/rules/workflow/index.js';
import { scriptInjection } from '../../../../src/audit/rules/workflow/script-injection.js';
import { missingPermissions } from '../../../../src/audit/rules/workflow/token-permissions.js';
import { applyEdits, auditFiles, expectCleanFix, type Files, fixedText } from '../../../helpers/fix-harness.js';
import { GITLAB, RELEASE } from './_workflows.js';

function fixAll(files: Files): { files: Files; applied: number } {
  let current: Files = files;
  for (let applied = 0; applied < 100; applied++) {
    const next = auditFiles(current, workflowRules).find((f) => f.fix);
    if (!next) return { files: current, applied };
    current = applyEdits(current, next.fix!.edits);
  }
  throw new Error('workflow fixes did not converge');
}

describe('workflow fixes together', () => {
  it('compose on one workflow and pipeline, parse, and change nothing the second time', () => {
    const files = { '.github/workflows/release.yml': RELEASE, '.gitlab-ci.yml': GITLAB };
    const before = auditFiles(files, workflowRules);
    const first = fixAll(files);
    expect(first.applied).toBeGreaterThanOrEqual(10);
    const after = auditFiles(first.files);
    expect(after.filter((f) => f.ruleId === 'audit/parse-error')).toEqual([]);
    // Nothing is left: the signature is verified by a new Kyverno policy.
    expect(after.filter((f) => f.ruleId.startsWith('workflow/')).map((f) => f.ruleId)).toEqual([]);
    expect(first.files['policy/kyverno-verify-images.yaml']).toContain('kind: ImageValidatingPolicy');
    expect(before.length).toBeGreaterThan(after.filter((f) => f.ruleId.startsWith('workflow/')).length);
    expect(fixAll(first.files)).toEqual({ files: first.files, applied: 0 });
    // Comments of the original files are all still there.
    for (const [file, text] of Object.entries(files)) {
      for (const comment of text.split('\n').filter((line) => line.includes('#') && /^\s*#/.test(line))) expect(first.files[file]).toContain(comment);
    }
  });
});

describe('workflow fixes on examples/insecure-repo', () => {
  const folder = path.resolve(import.meta.dirname, '../../../../examples/insecure-repo/.github/workflows');
  const files: Files = Object.fromEntries(readdirSync(folder).map((name) => [`.github/workflows/${name}`, readFileSync(path.join(folder, name), 'utf8')]));

  it('fixes each workflow finding that has a fix cleanly', () => {
    expect(expectCleanFix(missingPermissions, files)).toBe(3);
    expect(expectCleanFix(checkoutCredentials, files, { include: 'safe' })).toBe(2);
    expect(expectCleanFix(scanCannotFail, files)).toBe(1);
    expect(expectCleanFix(scriptInjection, files, { include: 'safe' })).toBe(1);
    const triage = fixedText(files, scriptInjection)['.github/workflows/triage.yml']!;
    expect(triage).toContain('          ISSUE_TITLE: ${{ github.event.issue.title }}\n        run: |\n          title="$ISSUE_TITLE"\n');
  });

  it('explains every workflow finding left without a fix: per finding, or for the whole rule', () => {
    const unfixed = auditFiles(files, workflowRules).filter((f) => !f.fix);
    const unexplained = unfixed.filter((f) => !f.noFix && !workflowRules.find((rule) => rule.id === f.ruleId)!.noFix);
    expect(unexplained.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([]);
    // Only the action the pin table does not hold; the older major lines and the branch get upgrades with a caveat.
    expect(unfixed.filter((f) => f.ruleId === 'workflow/unpinned-action' && f.noFix).map((f) => f.noFix)).toEqual([
      'the pin table shipped with create-secure-container has no verified commit for actions/setup-node',
    ]);
  });
});
