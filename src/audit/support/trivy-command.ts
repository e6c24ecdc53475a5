// `trivy [flags] <subcommand>` in a shell line, found word by word. As one regular expression,
// /(?:^|[\s;&|(])trivy\s+(?:-\S*\s+)*(?:image|…)\b/, it was quadratic: a line of many
// `-&trivy` words made every one of them start a scan over all the flags after it.

/** The shell line's words (runs of non-blanks) with where each starts. */
function wordsOf(line: string): { readonly text: string; readonly start: number }[] {
  return Array.from(line.matchAll(/\S+/g), (match) => ({ text: match[0], start: match.index }));
}

/** trivy's scan subcommands, at the start of a word. */
export const TRIVY_SCAN_SUBCOMMAND = /^(?:image|i|fs|rootfs|repo|config|filesystem)\b/;
/** trivy's image scan subcommand. */
export const TRIVY_IMAGE_SUBCOMMAND = /^(?:image|i)\b/;

/** `trivy` starts a command after the line's start, a blank, `;`, `&`, `|` or `(`. */
export const startsCommand = (before: string | undefined): boolean => before === undefined || /[\s;&|(]/.test(before);

/** `trivy` starts after the line's start or any character that is not a word character (`/usr/bin/trivy`). */
export const startsWord = (before: string | undefined): boolean => before === undefined || /\W/.test(before);

/**
 * Where the first `trivy [-flags…] <subcommand>` of the line ends (after the subcommand's match),
 * or undefined. `subcommand` is matched at the start of the first word after trivy's flags (words
 * starting with `-`); `before` judges the character before `trivy`.
 */
export function trivySubcommandEnd(line: string, subcommand: RegExp, before: (char: string | undefined) => boolean): number | undefined {
  const words = wordsOf(line);
  // The first word at or after each index that is not a flag, found once for the whole line.
  const notFlag = new Array<number>(words.length + 1);
  notFlag[words.length] = words.length;
  for (let k = words.length - 1; k >= 0; k--) notFlag[k] = words[k]!.text.startsWith('-') ? notFlag[k + 1]! : k;
  for (let k = 0; k < words.length - 1; k++) {
    const { text, start } = words[k]!;
    if (!text.endsWith('trivy')) continue;
    const at = start + text.length - 'trivy'.length;
    if (!before(at === 0 ? undefined : line[at - 1])) continue;
    const next = words[notFlag[k + 1]!];
    const match = next && subcommand.exec(next.text);
    if (match) return next.start + match[0].length;
  }
  return undefined;
}
