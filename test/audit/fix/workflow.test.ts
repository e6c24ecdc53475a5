import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionRepository, pinFor } from '../../../src/audit/fix/action-pins.js';
import { addTrivyFlag, gateTrivyLine, quotingAtExpressions, removeSwallow, variableReference } from '../../../src/audit/fix/workflow.js';
import { expressions, isImageScanCommand, isTrivyScanCommand } from '../../../src/audit/rules/workflow/_support.js';
import actionPins from '../../../src/generate/action-pins.json' with { type: 'json' };

describe('pinFor', () => {
  const checkout = actionPins.actions['actions/checkout'];

  it('pins the exact release, or the newest release of a floating major or minor line', () => {
    expect(pinFor('actions/checkout', checkout.version)).toEqual({ pin: checkout, floating: false });
    expect(pinFor('actions/checkout', checkout.version.split('.')[0]!)).toEqual({ pin: checkout, floating: true });
    expect(pinFor('Actions/Checkout', checkout.version.split('.').slice(0, 2).join('.'))).toEqual({ pin: checkout, floating: true });
    expect(pinFor('github/codeql-action/upload-sarif', 'v4')).toMatchObject({ pin: actionPins.actions['github/codeql-action'] });
  });

  it('never pins another line, a branch, an unknown action or a tag-only workflow', () => {
    expect(pinFor('actions/checkout', 'v4')).toEqual({ reason: `the pin table knows actions/checkout only at ${checkout.version}, not v4` });
    expect(pinFor('actions/checkout', 'v7.0.0')).toHaveProperty('reason');
    expect(pinFor('actions/checkout', 'main')).toHaveProperty('reason');
    expect(pinFor('acme/deploy', 'v1')).toHaveProperty('reason');
    expect(pinFor('slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml', 'v2.1.0')).toHaveProperty('reason');
    expect(actionRepository('github/codeql-action/upload-sarif')).toBe('github/codeql-action');
  });
});

describe('shell helpers', () => {
  it('knows the quoting each expression stands in, skipping quotes inside expressions', () => {
    const script = `a="\${{ x }}" b='\${{ y }}' c=\${{ z || 'q' }} d="\\"\${{ w }}"`;
    expect(quotingAtExpressions(script).map(({ raw, quote }) => [raw, quote])).toEqual([
      ['${{ x }}', 'double'],
      ['${{ y }}', 'single'],
      ["${{ z || 'q' }}", 'none'],
      ['${{ w }}', 'double'],
    ]);
    expect(variableReference('T', 'double', '_')).toBe('${T}');
    expect(variableReference('T', 'double', '"')).toBe('$T');
    expect(variableReference('T', 'single', undefined)).toBe(`'"$T"'`);
    expect(variableReference('T', 'none', ' ')).toBe('"$T"');
  });

  it('edits trivy command lines', () => {
    expect(addTrivyFlag('  trivy --quiet image app:1', '--ignore-unfixed')).toBe('  trivy --quiet image --ignore-unfixed app:1');
    expect(addTrivyFlag('echo trivy', '--x')).toBe('echo trivy');
    expect(gateTrivyLine('trivy image app:1')).toBe('trivy image --exit-code 1 app:1');
    expect(gateTrivyLine('trivy image --exit-code "0" app:1')).toBe('trivy image --exit-code "1" app:1');
    expect(gateTrivyLine('trivy image --exit-code=0 app:1')).toBe('trivy image --exit-code=1 app:1');
    expect(removeSwallow('trivy image app:1 || true  # report only')).toBe('trivy image app:1  # report only');
    expect(removeSwallow('trivy image app:1 || exit 0; echo done')).toBe('trivy image app:1; echo done');
    expect(removeSwallow('trivy image app:1; true')).toBe('trivy image app:1');
    expect(removeSwallow('trivy image app:1 || true_story')).toBe('trivy image app:1 || true_story');
  });

  it('removeSwallow removes what the regular expression it replaced removed', () => {
    const old = (line: string) =>
      line.replace(/(?<![ \t])[ \t]*\|\|[ \t]*(?:true|:|exit[ \t]+0)(?=[ \t]*(?:#.*)?$|[ \t]*[;&|)])/, '').replace(/(?<![ \t])[ \t]*;[ \t]*(?:true|exit[ \t]+0)[ \t]*$/, '');
    const line = fc.array(fc.constantFrom('||', '|', ' ', '\t', 'true', ':', 'exit 0', '#', 'x', ';', ')', '\r', '&'), { maxLength: 16 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, (text) => {
        expect(removeSwallow(text)).toBe(old(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('stays fast on hostile lines (these took minutes with backtracking patterns)', () => {
    const started = Date.now();
    const flags = `trivy ${'--a '.repeat(5000)}x`;
    expect(isTrivyScanCommand(flags)).toBe(false);
    expect(isImageScanCommand(flags)).toBe(false);
    expect(addTrivyFlag(flags, '--y')).toBe(flags);
    expect(removeSwallow(`trivy image ${' '.repeat(200_000)}x`)).toHaveLength(200_013);
    expect([...expressions(`\${{ github.head_ref }}${'${{'.repeat(300_000)}`)]).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
