// matchesWildcards answers as the anchored RegExp it replaced (parts escaped, joined by .*) did,
// without backtracking: that RegExp was O(n^k) for k wildcards on a repository-controlled name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesWildcards } from '../../src/util/wildcard.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byRegExp = (parts: readonly string[], text: string) => new RegExp(`^${parts.map(escape).join('.*')}$`).test(text);

describe('matchesWildcards', () => {
  it('matches literal parts joined by any run of characters', () => {
    expect(matchesWildcards(['ghcr.io/', '/app'], 'ghcr.io/acme/app')).toBe(true);
    expect(matchesWildcards(['ghcr.io/', '/app'], 'ghcr.io/acme/api')).toBe(false);
    expect(matchesWildcards(['a', 'a'], 'a')).toBe(false);
    expect(matchesWildcards(['ab'], 'ab')).toBe(true);
    expect(matchesWildcards(['', ''], '')).toBe(true);
  });

  it('answers as the regular expression did', () => {
    const piece = fc.array(fc.constantFrom('a', 'b', '/', '.', '-'), { maxLength: 4 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.array(fc.constantFrom('a', 'b', '/', '.', '-'), { maxLength: 14 }), (parts, chars) => {
        const text = chars.join('');
        expect(matchesWildcards(parts, text)).toBe(byRegExp(parts, text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes no time on many wildcards against a long name (the RegExp backtracked)', () => {
    const parts = ['a', ...Array.from({ length: 30 }, () => 'a'), 'b'];
    const start = performance.now();
    expect(matchesWildcards(parts, 'a'.repeat(200_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
