import { describe, expect, it } from 'vitest';
import { boundedList, firstFew } from '../../../src/audit/support/names.js';

describe('names in a message', () => {
  it('boundedList spells out five distinct names and counts the rest', () => {
    expect(boundedList(['a', 'b', 'a'])).toBe('a, b');
    expect(boundedList(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'a'])).toBe('a, b, c, d, e and 2 more');
  });

  it('firstFew shows the first items only, and says the same of the rest', () => {
    const shown: number[] = [];
    const items = Array.from({ length: 3000 }, (_, i) => i);
    expect(firstFew(items, (i) => (shown.push(i), `#${i}`))).toBe('#0, #1, #2, #3, #4 and 2995 more');
    expect(shown).toEqual([0, 1, 2, 3, 4]);
    expect(firstFew([1, 2], String)).toBe('1, 2');
    expect(firstFew([], String)).toBe('');
  });
});
