// withoutTrailing / withoutLeadingOrTrailing and lastLineStart: the one-pass forms of /x+$/,
// /^x+|x+$/g and `.*$`, which were quadratic on a long run followed by another character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastLineStart } from '../../src/util/last-line.js';
import { withoutLeadingOrTrailing, withoutTrailing } from '../../src/util/trim.js';

const text = fc.array(fc.constantFrom('/', '-', 'a', '\n', '\r', '\u2028', ' '), { maxLength: 16 }).map((parts) => parts.join(''));

describe('trimming a character', () => {
  it('takes off what the regular expressions took off', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(withoutTrailing(value, '/')).toBe(value.replace(/\/+$/, ''));
        expect(withoutLeadingOrTrailing(value, '-')).toBe(value.replace(/^-+|-+$/g, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear on a long run followed by another character', () => {
    const value = `${'/'.repeat(1 << 20)}x`;
    const start = performance.now();
    expect(withoutTrailing(value, '/')).toBe(value);
    expect(withoutLeadingOrTrailing(`-${value}`, '-')).toBe(value);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('lastLineStart', () => {
  it('is where `.*$` could start matching: after the last line terminator', () => {
    fc.assert(
      fc.property(text, (value) => {
        const start = lastLineStart(value);
        expect(/^.*$/.test(value.slice(start))).toBe(true);
        expect(start === 0 || /[\n\r\u2028\u2029]/.test(value[start - 1]!)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
