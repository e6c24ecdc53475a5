// Shared by the Dockerfile rule tests: write a Dockerfile line by line (so columns are easy to
// read), run one rule on it, and look at where findings are and what their fixes produce.
import type { Finding, Rule } from '../../../../src/audit/types.js';
import { runRule } from '../../../helpers/audit.js';

/** A Dockerfile from its lines, with a final newline. */
export const dockerfile = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** Findings of one rule for a Dockerfile named Dockerfile, plus any other files. */
export function check(rule: Rule, text: string, others: Readonly<Record<string, string>> = {}): Finding[] {
  return runRule(rule, { Dockerfile: text, ...others });
}

/** Where each finding is: "line:column-endLine:endColumn" (end column: the last character's, inclusive). */
export const where = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.location.line}:${f.location.column}-${f.location.endLine}:${f.location.endColumn}`);

/** The text a finding's fix produces. */
export function applyFix(text: string, finding: Finding): string {
  if (!finding.fix) throw new Error(`finding has no fix: ${finding.message}`);
  return [...finding.fix.edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.text + out.slice(edit.end), text);
}

/** The location of the nth occurrence of `needle` in `text`, in the format of `where`. */
export function span(text: string, needle: string, occurrence = 1): string {
  let at = -1;
  for (let n = 0; n < occurrence; n++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before.at(-1)!.length + 1}`;
  };
  return `${position(at)}-${position(at + Math.max(needle.length - 1, 0))}`;
}
