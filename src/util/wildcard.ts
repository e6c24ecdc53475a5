// Matching text against literal parts joined by wildcards that match any run of characters (an
// image repository with CI variables in it: ghcr.io/*/app-*). A RegExp such as /^a.*b.*c$/ built
// from repository text backtracks in O(n^k) for k wildcards; taking each middle part at its first
// place after the previous one is exact for such patterns and needs one search per part. (Unlike
// `.*`, a wildcard here also spans a line break, which no image repository holds.)

/** Whether `text` is parts[0] + anything + parts[1] + … + anything + parts[last]. */
export function matchesWildcards(parts: readonly string[], text: string): boolean {
  const first = parts[0] ?? '';
  if (parts.length === 1) return text === first;
  const last = parts[parts.length - 1]!;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  const end = text.length - last.length;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
