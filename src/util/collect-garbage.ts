// A full garbage collection on request, for the one place the audit knows a large part of its heap
// has just died (engine.ts: the Dockerfile models after the rules that read them). V8 collects the
// old generation only when it reaches a limit set from the last collection, and by then the
// audit's peak has been reached; collecting at that point lets the rest of the audit reuse the
// memory instead of growing the heap (issue 9: the bench's peak memory 45 MB lower).
//
// Node exposes V8's gc() only under --expose-gc, which a published CLI cannot pass to its own
// `node`. V8 takes the flag at run time for contexts created after it is set, so a new vm context
// gets the function (jest-leak-detector takes it the same way); the flag is turned off again.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collector = () => void;

let collector: Collector | null | undefined;

function obtainCollector(): Collector | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as Collector;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collector) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/** Runs a full, synchronous collection; does nothing where the runtime does not offer one. */
export function collectGarbage(): void {
  collector ??= obtainCollector();
  try {
    collector?.();
  } catch {
    // Memory only: an audit never fails because a collection could not run.
  }
}
