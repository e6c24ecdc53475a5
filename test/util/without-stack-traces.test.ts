import { describe, expect, it } from 'vitest';
import { withoutStackTraces } from '../../src/util/without-stack-traces.js';

describe('withoutStackTraces', () => {
  it('captures no stack while the work runs, and restores the limit after it returns or throws', () => {
    const limit = Error.stackTraceLimit;
    expect(withoutStackTraces(() => new Error('inside').stack)).toBe('Error: inside');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(() =>
      withoutStackTraces(() => {
        throw new Error('thrown');
      }),
    ).toThrow('thrown');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('outside').stack).toContain('\n    at ');
  });
});
