// Shared bits for the Ink screen tests.
import type { PlannedFile } from '../../src/generate/plan.js';
import type { FileChange } from '../../src/generate/write.js';

export const KEY = { up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C', pageDown: '\u001B[6~', end: '\u001B[F', enter: '\r', escape: '\u001B', space: ' ', ctrlC: '\u0003' };

/** Lets Ink process input and re-render. */
export const tick = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));

export function change(path: string, status: FileChange['status'], content: string, previous?: string): FileChange<PlannedFile> {
  const lines = (text: string) => text.split('\n').filter(Boolean).length;
  return {
    file: { path, content, purpose: `the ${path} file` },
    status,
    ...(previous !== undefined ? { previous } : {}),
    added: status === 'unchanged' ? 0 : lines(content),
    removed: previous ? lines(previous) : 0,
  };
}
