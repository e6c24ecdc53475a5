// The lines a finding points at, with a few lines of context and the exact span marked: each line
// is split into the text before the span, the span and the text after it, so the screen can
// highlight the span and draw carets under it (the carets stay visible without colour).
import type { Location } from '../../audit/types.js';
import { head, visible } from './model.js';

export interface ExcerptLine {
  /** 1-based line number in the file. */
  readonly number: number;
  readonly before: string;
  /** Empty on context lines. */
  readonly span: string;
  readonly after: string;
}

/** Lines of a long span beyond this many are left out (a span can cover a whole document). */
const MAX_SPAN_LINES = 8;
/**
 * Characters kept before the span, and of the span, the text after it and a context line: a row
 * wider than any terminal is cut on screen anyway, and cutting a 1 MiB line (a finding at column
 * 900,000 of a one-line file) on every render kept the browser busy for minutes. The text before
 * the span keeps its end, so the span stays on screen; cut parts end or start with `…`.
 */
const KEEP_BEFORE = 40;
const KEEP = 200;

export function excerpt(text: string, location: Location, context = 2): ExcerptLine[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (text.endsWith('\n')) lines.pop();
  if (lines.length === 0) return [];
  const first = Math.min(Math.max(1, location.line), lines.length);
  const last = Math.min(Math.max(first, location.endLine), lines.length, first + MAX_SPAN_LINES - 1);
  const out: ExcerptLine[] = [];
  for (let number = Math.max(1, first - context); number <= Math.min(lines.length, last + context); number++) {
    const line = lines[number - 1]!;
    if (number < first || number > last) {
      out.push({ number, before: visible(head(line, KEEP)), span: '', after: '' });
      continue;
    }
    // Columns are 1-based and the end column is inclusive; a span running past the line ends with it.
    const from = number === first ? Math.min(Math.max(0, location.column - 1), line.length) : leadingSpace(line);
    const to = number === location.endLine ? Math.min(line.length, Math.max(from + 1, location.endColumn)) : line.length;
    out.push({ number, before: visible(tail(line.slice(0, from), KEEP_BEFORE)), span: visible(head(line.slice(from, to), KEEP)), after: visible(head(line.slice(to), KEEP)) });
  }
  return out;
}

/** The last `keep` characters, `…` at the start when cut. */
function tail(text: string, keep: number): string {
  return text.length > keep ? `…${text.slice(text.length - keep)}` : text;
}

function leadingSpace(line: string): number {
  return line.length - line.trimStart().length;
}
