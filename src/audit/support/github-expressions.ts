// `${{ … }}` expressions in workflow text, found in one pass. The regular expression
// /\$\{\{[^}]*\}\}/g scans from every `${{` to the next `}`: quadratic on a value of many `${{`
// without one (7 s on 256 KiB).

/**
 * The text with each `${{ inner }}` (inner without `}`) replaced by what `replace` returns for its
 * inner text, left to right, as /\$\{\{([^}]*)\}\}/g replaces. When `replace` returns undefined
 * the expression stays, and a `${{` inside it may still start one.
 */
export function replaceExpressions(text: string, replace: (inner: string) => string | undefined): string {
  let out = '';
  let copied = 0;
  // The first } at or after the position last asked about (text.length when none); those
  // positions only grow, so the text is searched for } once.
  let brace = -1;
  for (let start = text.indexOf('${{'); start >= 0; ) {
    if (brace < start + 3) {
      const found = text.indexOf('}', start + 3);
      brace = found < 0 ? text.length : found;
    }
    if (brace === text.length) break;
    if (text[brace + 1] === '}') {
      const replaced = replace(text.slice(start + 3, brace));
      if (replaced !== undefined) {
        out += text.slice(copied, start) + replaced;
        copied = brace + 2;
        start = text.indexOf('${{', copied);
        continue;
      }
    }
    start = text.indexOf('${{', start + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
