// Text edits for Dockerfile fixes. A Dockerfile fix is a replacement at offsets the stage model
// (rules/dockerfile/_support.ts) computed from dockerfile-ast ranges; these helpers add what a fix
// needs beyond "replace this span": a new instruction line placed where a person would put it
// (above the comment that introduces the line it precedes), in the file's own line ending and
// keyword case, and the exec (JSON) form of plain command words.
import type { TextEdit } from '../types.js';

/** The span and keyword of an instruction, as the stage model gives them. */
export interface InstructionAt {
  readonly span: { readonly start: number; readonly end: number };
  readonly keywordSpan: { readonly start: number; readonly end: number };
}

/** The file's line ending: CRLF when any line uses it, else LF. */
export function lineEndingOf(text: string): '\r\n' | '\n' {
  // The last file asked about is remembered: its fixes ask one after another, and 15,000 fixes each
  // searching a 450 kB file for a CR LF it does not have were quadratic.
  if (text !== lastText) {
    lastText = text;
    lastEnding = text.includes('\r\n') ? '\r\n' : '\n';
  }
  return lastEnding;
}

let lastText = '';
let lastEnding: '\r\n' | '\n' = '\n';

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A keyword written in the case of a neighbouring instruction (`user` in a lower-case file). */
export function keywordLike(text: string, neighbour: InstructionAt | undefined, keyword: string): string {
  if (!neighbour) return keyword.toUpperCase();
  const written = text.slice(neighbour.keywordSpan.start, neighbour.keywordSpan.end);
  return written === written.toLowerCase() && written !== written.toUpperCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

/**
 * Where a new line goes so that it precedes `step`: the start of the step's line, moved up over the
 * comment lines directly above it (a comment describes the line below it, so it stays with it).
 */
export function insertionPointBefore(text: string, step: InstructionAt): number {
  let at = lineStartOf(text, step.span.start);
  while (at > 0) {
    const previous = lineStartOf(text, at - 1);
    const line = text.slice(previous, at).trim();
    if (!line.startsWith('#')) break;
    at = previous;
  }
  return at;
}

/** An edit inserting `line` (without its line break) as a line of its own before `step`. */
export function insertLineBefore(file: string, text: string, step: InstructionAt, line: string): TextEdit {
  const at = insertionPointBefore(text, step);
  return { file, start: at, end: at, text: `${line}${lineEndingOf(text)}` };
}

/** An edit appending `line` as the file's last line (adding the missing line break before it, if any). */
export function appendLine(file: string, text: string, line: string): TextEdit {
  const eol = lineEndingOf(text);
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return { file, start: text.length, end: text.length, text: `${needsBreak ? eol : ''}${line}${eol}` };
}

/** The exec (JSON array) form of command words, spaced as Docker's documentation writes it. */
export function execForm(words: readonly string[]): string {
  return `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
}
