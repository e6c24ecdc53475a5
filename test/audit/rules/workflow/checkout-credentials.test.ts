import { describe, expect, it } from 'vitest';
import { checkoutCredentials } from '../../../../src/audit/rules/workflow/checkout-credentials.js';
import { runRule } from '../../../helpers/audit.js';

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
