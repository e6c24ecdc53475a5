// Where a regular expression's `.` stops: a pattern ending in `.*$` (without the m flag) can only
// match within the text's last line, and searching the last line alone keeps it linear.

/** Whether the character is a line terminator for regular expressions: \n, \r, U+2028 or U+2029. */
function isLineTerminator(char: string): boolean {
  return char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029';
}

/** Where the text's last line starts: after its last line terminator, or 0. */
export function lastLineStart(text: string): number {
  let start = text.length;
  while (start > 0 && !isLineTerminator(text[start - 1]!)) start--;
  return start;
}
