// Findings reduced to what rule tests assert: where (file:line:column), the exact source text the
// location covers, and the severity. Asserting the covered text as well as the position proves the
// position points at the right token, not just at some line.
import type { Finding, Location, Rule } from '../../../src/audit/types.js';
import { runRule } from '../../helpers/audit.js';

export interface Located {
  readonly at: string;
  readonly text: string;
  readonly severity: Finding['severity'];
}

export function textAt(files: Readonly<Record<string, string>>, location: Location): string {
  const lines = (files[location.file] ?? '').split('\n');
  if (location.line === location.endLine) return (lines[location.line - 1] ?? '').slice(location.column - 1, location.endColumn);
  const first = (lines[location.line - 1] ?? '').slice(location.column - 1);
  const middle = lines.slice(location.line, location.endLine - 1);
  const last = (lines[location.endLine - 1] ?? '').slice(0, location.endColumn);
  return [first, ...middle, last].join('\n');
}

export function locate(files: Readonly<Record<string, string>>, findings: readonly Finding[]): Located[] {
  return findings.map((f) => ({
    at: `${f.location.file}:${f.location.line}:${f.location.column}`,
    text: textAt(files, f.location),
    severity: f.severity,
  }));
}

/** Runs one rule and returns its findings located. */
export function check(rule: Rule, files: Readonly<Record<string, string>>): Located[] {
  return locate(files, runRule(rule, files));
}
