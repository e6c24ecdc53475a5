// An array grown by push keeps spare room: V8 gives an empty array space for 17 elements at its
// first push. The Dockerfile model holds hundreds of thousands of short lists (a command's words, a
// RUN's commands, a package command's operands), and their spare room was 17 MB of the 150 MB the
// bench's monorepo keeps for its rules (issue 9). Lists that live as long as the audit are copied
// to their exact length when they are complete.

/** A copy of the array with no spare room. */
export function exactArray<T>(array: readonly T[]): T[] {
  return array.slice();
}
