// Cutting comments and whole elements out of an XML file (a pom.xml) in one pass each. The regular
// expressions these replace, /<!--[\s\S]*?-->/g and /<(parent|…)>[\s\S]*?<\/\1>/g, scan from every
// opening to the end of the file when it is never closed: quadratic on many unclosed `<!--`.

/** The text without its `<!-- … -->` comments (an unclosed one is left, as the expression left it). */
export function withoutXmlComments(text: string): string {
  let out = '';
  let copied = 0;
  for (let start = text.indexOf('<!--'); start >= 0; start = text.indexOf('<!--', copied)) {
    const end = text.indexOf('-->', start + 4);
    if (end < 0) break; // no later comment can close either
    out += text.slice(copied, start);
    copied = end + 3;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The text without the elements `<name>…</name>` of the given names, each cut from its opening tag
 * to the first closing tag of its name, left to right (an opening never closed is left).
 */
export function withoutElements(text: string, names: readonly string[]): string {
  const openings = new RegExp(`<(${names.join('|')})>`, 'g');
  // The first closing tag of each name at or after the position last asked about (-1: none left).
  const closings = new Map<string, number>();
  const closingFrom = (name: string, from: number): number => {
    const known = closings.get(name);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    const found = text.indexOf(`</${name}>`, from);
    closings.set(name, found);
    return found;
  };
  let out = '';
  let copied = 0;
  for (let opening = openings.exec(text); opening; opening = openings.exec(text)) {
    const name = opening[1]!;
    const closing = closingFrom(name, opening.index + opening[0].length);
    if (closing < 0) continue;
    out += text.slice(copied, opening.index);
    copied = closing + name.length + 3;
    openings.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
