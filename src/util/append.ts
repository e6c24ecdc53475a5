// `target.push(...items)` passes every item as an argument, and an argument list has a limit
// (about 120,000 on V8's default stack): a repository with that many findings, words or report
// lines would crash the audit with "Maximum call stack size exceeded". This appends in a loop.

/** Appends every item of `items` to `target`, however many there are. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
