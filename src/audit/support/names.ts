// Names inside a finding's message, bounded: a namespace of 400 workloads (or a repository whose
// manifests set no namespace) once made one message of 5,000 characters, most of it repeats.

/** "a, b, c, d, e and 12 more": distinct names, at most `max` of them spelled out. */
export function boundedList(names: Iterable<string>, max = 5): string {
  const distinct = [...new Set(names)];
  if (distinct.length <= max) return distinct.join(', ');
  return `${distinct.slice(0, max).join(', ')} and ${distinct.length - max} more`;
}

/**
 * "a, b, c, d, e and 2995 more": the first `max` items shown, the rest counted, without showing
 * the others (boundedList shows every name to drop repeats; for thousands of distinct objects per
 * finding, such as the pods of a Service, that was millions of strings).
 */
export function firstFew<T>(items: readonly T[], show: (item: T) => string, max = 5): string {
  const shown = items.slice(0, max).map(show).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
