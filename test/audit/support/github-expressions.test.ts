// replaceExpressions replaces what /\$\{\{([^}]*)\}\}/g replaced, in one pass (the regular
// expression was quadratic on many `${{` without a closing brace).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceExpressions } from '../../../src/audit/support/github-expressions.js';

const text = fc.array(fc.constantFrom('${{', '}}', '}', '{', '$', ' ', 'env.A', 'x', '${', '{{'), { maxLength: 24 }).map((parts) => parts.join(''));

describe('replaceExpressions', () => {
  it('replaces each ${{ … }} with what the callback returns for its inner text', () => {
    expect(replaceExpressions('a ${{ env.X }} b ${{y}}', (inner) => `<${inner}>`)).toBe('a < env.X > b <y>');
    expect(replaceExpressions('${{ a } b }}', () => 'x')).toBe('${{ a } b }}');
  });

  it('replaces what the regular expression replaced, kept expressions included', () => {
    const keepLong = (inner: string) => (inner.length > 3 ? undefined : `[${inner}]`);
    fc.assert(
      fc.property(text, (value) => {
        expect(replaceExpressions(value, (inner) => `[${inner}]`)).toBe(value.replace(/\$\{\{([^}]*)\}\}/g, (_, inner: string) => `[${inner}]`));
        // A kept expression: the regular expression goes on from the next character, as a callback returning undefined does.
        expect(replaceExpressions(value, keepLong)).toBe(value.replace(/\$\{\{([^}]{0,3})\}\}/g, (_, inner: string) => `[${inner}]`));
      }),
      { numRuns: 5000 },
    );
  });

  it('is linear on 1 MiB of ${{ without a closing brace', () => {
    const unclosed = `${'${{'.repeat(350_000)}} }`;
    const start = performance.now();
    expect(replaceExpressions(unclosed, () => 'x')).toBe(unclosed);
    // Every ${{ kept by the callback: each is still read once.
    expect(replaceExpressions(`${'${{'.repeat(350_000)}}}`, () => undefined)).toHaveLength(1_050_002);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
