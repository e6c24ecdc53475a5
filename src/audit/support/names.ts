// Names inside a finding's message, bounded: a namespace of 400 workloads (or a repository whose
// manifests set no namespace) once made one message of 5,000 characters, most of it repeats.

/** "a, b, c, d, e and 12 more": distinct names, at most `max` of them spelled out. */
export function boundedList(names: Iterable<string>, max = 5): string {
  const distinct = [...new Set(names)];
  if (distinct.length <= max) return distinct.join(', ');
  return `${distinct.slice(0, max).join(', ')} and ${distinct.length - max} more`;
}
