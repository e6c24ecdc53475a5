// collectGarbage: a full collection on request, without --expose-gc on the command line, and the
// flag left off afterwards (engine.ts calls it once the Dockerfile models are let go).
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/collect-garbage.js';

describe('collectGarbage', () => {
  it('collects an object nothing refers to any more', async () => {
    const ref = ((): WeakRef<object> => new WeakRef({ payload: new Array(100_000).fill(1) }))();
    // A WeakRef's target is kept until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to', async () => {
    const kept = { payload: [1, 2, 3] };
    const ref = new WeakRef(kept);
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBe(kept);
  });

  it('leaves gc unexposed to code that runs later', () => {
    collectGarbage();
    const exposedAtStart = typeof (globalThis as { gc?: unknown }).gc === 'function';
    expect(runInNewContext('typeof gc')).toBe(exposedAtStart ? 'function' : 'undefined');
  });
});
