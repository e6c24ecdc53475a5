// Trimming a run of one character from the ends of a string, in one pass. The regular expressions
// these replace (/\/+$/, /-+$/) are quadratic: on a long run of the character followed by another
// one, every position of the run starts a match that scans to the run's end and fails there.

/** The text without the run of `char` (one character) at its end. */
export function withoutTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** The text without the runs of `char` (one character) at its start and end. */
export function withoutLeadingOrTrailing(text: string, char: string): string {
  let start = 0;
  while (start < text.length && text[start] === char) start++;
  return withoutTrailing(text.slice(start), char);
}
