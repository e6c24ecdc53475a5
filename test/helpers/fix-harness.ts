// What every automatic fix must satisfy, checked the same way for every rule (issue 7): applied to
// in-memory files, a fix's result still parses, the finding it fixes is gone, no finding of any rule
// appears that was not there before, every line outside its edits is byte-identical, and no comment
// of the file is lost. Fixes are applied as every front end applies them: edits last-first.
import { expect } from 'vitest';
import { runRules } from '../../src/audit/engine.js';
import { parseRepo } from '../../src/audit/parse.js';
import { RULES } from '../../src/audit/rules/index.js';
import type { Finding, Rule, TextEdit } from '../../src/audit/types.js';

export type Files = Readonly<Record<string, string>>;

/** Every finding of the whole catalogue (parse errors included) for in-memory files. */
export function auditFiles(files: Files, rules: readonly Rule[] = RULES): Finding[] {
  const { repo, parseErrors } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  return [...parseErrors, ...runRules(repo, rules)];
}

/** The files after one fix's edits (a file the edits name but `files` lacks is created). */
export function applyEdits(files: Files, edits: readonly TextEdit[]): Record<string, string> {
  const out: Record<string, string> = { ...files };
  for (const file of new Set(edits.map((edit) => edit.file))) {
    const fileEdits = edits.filter((edit) => edit.file === file);
    const sorted = [...fileEdits].sort((a, b) => b.start - a.start);
    sorted.forEach((edit, i) => {
      const next = sorted[i + 1];
      if (next && next.end > edit.start) throw new Error(`overlapping edits in ${file}`);
    });
    out[file] = sorted.reduce((text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end), out[file] ?? '');
  }
  return out;
}

/**
 * The files after every fix of `rule`, applied one finding at a time and re-audited in between (as
 * `audit --fix` does), so fixes of one object compose. Stops when the rule has no fixable finding left.
 */
export function fixedText(files: Files, rule: Rule, options: { include?: 'safe' | 'all' } = {}): Record<string, string> {
  let current: Record<string, string> = { ...files };
  for (let pass = 0; pass < 100; pass++) {
    const next = auditFiles(current, [rule]).find((f) => f.fix && (options.include === 'all' || f.fix.caveat === undefined));
    if (!next) return current;
    current = applyEdits(current, next.fix!.edits);
  }
  throw new Error(`${rule.id}: fixes did not converge after 100 applications`);
}

const key = (f: Finding) => `${f.ruleId}\u0000${f.location.file}\u0000${f.message}`;

/**
 * Checks every fixable finding of `rule` on `files`, one at a time, and then all together; returns
 * the number of fixes checked (a test should expect it to be at least the number it means to cover).
 */
export function expectCleanFix(rule: Rule, files: Files, options: { include?: 'safe' | 'all' } = { include: 'all' }): number {
  const before = auditFiles(files);
  const fixable = before.filter((f) => f.ruleId === rule.id && f.fix && (options.include === 'all' || f.fix.caveat === undefined));
  expect(fixable.length, `${rule.id} offers no fix on these files`).toBeGreaterThan(0);
  for (const finding of fixable) {
    const after = applyEdits(files, finding.fix!.edits);
    const label = `${rule.id} fix "${finding.fix!.description}" for ${finding.location.file}:${finding.location.line}`;
    const findingsAfter = auditFiles(after);
    expect(findingsAfter.filter((f) => f.ruleId === 'audit/parse-error'), `${label}: result does not parse`).toEqual([]);
    expect(countOf(findingsAfter, rule.id), `${label}: the rule still fires as often`).toBeLessThan(countOf(before, rule.id));
    const known = new Map<string, number>();
    for (const f of before) known.set(key(f), (known.get(key(f)) ?? 0) + 1);
    const introduced = findingsAfter.filter((f) => {
      const left = known.get(key(f)) ?? 0;
      known.set(key(f), left - 1);
      return left <= 0;
    });
    expect(introduced.map((f) => `${f.ruleId}: ${f.message}`), `${label}: introduces new findings`).toEqual([]);
    for (const [file, text] of Object.entries(files)) expectUntouchedLinesKept(text, after[file] ?? '', finding.fix!.edits.filter((e) => e.file === file), label);
  }
  const all = fixedText(files, rule, options);
  expect(auditFiles(all).filter((f) => f.ruleId === rule.id && f.fix && (options.include === 'all' || f.fix.caveat === undefined))).toEqual([]);
  return fixable.length;
}

function countOf(findings: readonly Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId).length;
}

/** Lines that no edit touches are byte-identical and in order; comment lines survive anywhere. */
function expectUntouchedLinesKept(before: string, after: string, edits: readonly TextEdit[], label: string): void {
  const untouched: string[] = [];
  let start = 0;
  for (const line of before.split(/(?<=\n)/)) {
    const end = start + line.length;
    if (!edits.some((e) => e.start < end && e.end > start)) untouched.push(line);
    start = end;
  }
  let from = 0;
  for (const line of untouched) {
    const at = after.indexOf(line, from);
    expect(at, `${label}: an untouched line changed: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    from = at + line.length;
  }
  for (const comment of before.split('\n').filter((line) => /^\s*#/.test(line))) {
    expect(after.includes(comment), `${label}: lost the comment ${JSON.stringify(comment)}`).toBe(true);
  }
}
