import { describe, expect, it } from 'vitest';
import { checkoutCredentials } from '../../../../src/audit/rules/workflow/checkout-credentials.js';
import { runRule } from '../../../helpers/audit.js';
import { expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { RELEASE } from './_workflows.js';

const file = '.github/workflows/ci.yml';
const checkout = (extra: string) =>
  `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1${extra}\n`;

describe('workflow/checkout-persist-credentials', () => {
  it('reports a checkout that keeps the token', () => {
    const findings = runRule(checkoutCredentials, { [file]: checkout('') });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location).toMatchObject({ line: 6, column: 15 });
  });

  it('accepts persist-credentials: false', () => {
    expect(runRule(checkoutCredentials, { [file]: checkout('\n        with:\n          persist-credentials: false') })).toEqual([]);
  });
});

describe('workflow/checkout-persist-credentials fix', () => {
  it('adds persist-credentials: false to block and flow-style steps, keeping their other inputs', () => {
    const files = { '.github/workflows/release.yml': RELEASE };
    expect(expectCleanFix(checkoutCredentials, files, { include: 'safe' })).toBe(2);
    const fixed = fixedText(files, checkoutCredentials)['.github/workflows/release.yml']!;
    expect(fixed).toContain('      - uses: actions/checkout@v7 # the code under test\n        with:\n          persist-credentials: false\n      - uses: "actions/setup-node@');
    expect(fixed).toContain('      - {uses: "actions/checkout@v7.0.1", with: { fetch-depth: 1, persist-credentials: false }}\n');
  });

  it('turns persist-credentials: true into false in an existing with:', () => {
    const files = { [file]: checkout('\n        with:\n          fetch-depth: 0 # full history for the changelog\n          persist-credentials: true') };
    expect(expectCleanFix(checkoutCredentials, files)).toBe(1);
    expect(fixedText(files, checkoutCredentials)[file]).toContain('          fetch-depth: 0 # full history for the changelog\n          persist-credentials: false\n');
  });

  it('warns when a later step of the job pushes with the stored credentials', () => {
    const text = `on: push
permissions: {contents: write}
jobs:
  bump:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - run: |
          npm version patch
          git push --follow-tags
  other:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
`;
    const [bump, other] = runRule(checkoutCredentials, { [file]: text });
    expect(bump!.fix!.caveat).toMatch(/step 2 of job bump pushes with the credentials checkout stored/);
    expect(other!.fix!.caveat).toBeUndefined();
    expect(expectCleanFix(checkoutCredentials, { [file]: text })).toBe(2);
  });
});
