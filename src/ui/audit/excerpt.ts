// The lines a finding points at, with a few lines of context and the exact span marked: each line
// is split into the text before the span, the span and the text after it, so the screen can
// highlight the span and draw carets under it (the carets stay visible without colour).
import type { Location } from '../../audit/types.js';
import { visible } from './model.js';

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
      out.push({ number, before: visible(line), span: '', after: '' });
      continue;
    }
    // Columns are 1-based and the end column is inclusive; a span running past the line ends with it.
    const from = number === first ? Math.min(Math.max(0, location.column - 1), line.length) : leadingSpace(line);
    const to = number === location.endLine ? Math.min(line.length, Math.max(from + 1, location.endColumn)) : line.length;
    out.push({ number, before: visible(line.slice(0, from)), span: visible(line.slice(from, to)), after: visible(line.slice(to)) });
  }
  return out;
}

function leadingSpace(line: string): number {
  return line.length - line.trimStart().length;
}
