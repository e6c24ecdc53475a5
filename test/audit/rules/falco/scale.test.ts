// Falco rules files of hostile size: every falco rule is linear in the file and every message is
// bounded. The shapes are the measured ones: a loop of 3,001 macros (297 s before) and a rule
// ORing 60,000 macros (160 s and 22 MB of output before), undefined or each looping on itself.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../../src/audit/parse.js';
import { falcoRules } from '../../../../src/audit/rules/falco/index.js';
import { readCondition } from '../../../../src/audit/rules/falco/_support.js';
import type { Finding } from '../../../../src/audit/types.js';

const FILE = 'falco/rules.yaml';
/**
 * Generous, in CPU milliseconds: the shapes took 160-300 s (or never ended) before, and one to two
 * seconds now; the bound leaves room for a slow runner.
 */
const TIME_BOUND_MS = 8_000;

function runFalcoRules(text: string): { findings: Finding[]; ms: number } {
  const { repo } = parseRepo('/virtual', [{ path: FILE, text }]);
  expect(repo.falcoRules).toHaveLength(1);
  const findings: Finding[] = [];
  // CPU time of this process, not wall-clock time: other jobs on a shared machine do not count.
  const started = process.cpuUsage();
  for (const rule of falcoRules) {
    rule.check({
      repo,
      report: (r) => findings.push({ ruleId: rule.id, severity: r.severity ?? rule.severity, location: r.location, message: r.message, refs: [] }),
    });
  }
  const used = process.cpuUsage(started);
  return { findings, ms: (used.user + used.system) / 1000 };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
const rule = (condition: string) => `- rule: r\n  desc: d\n  condition: ${condition}\n  output: o\n  priority: WARNING\n`;
const ruleIds = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

// Parsing a file of 60,000 macros (not what is timed) takes seconds on a loaded machine.
describe('falco rules at scale', { timeout: 120_000 }, () => {
  it('a loop of 3,001 macros is one finding naming the first few and how many more', () => {
    const macros = names(3001);
    const text = macros.map((m, i) => `- macro: ${m}\n  condition: ${macros[(i + 1) % macros.length]} and proc.name = sh\n`).join('') + rule('spawned_process and m0');
    const { findings, ms } = runFalcoRules(text);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    const loops = findings.filter((f) => f.ruleId === 'falco/macro-cycle');
    expect(loops).toHaveLength(1);
    expect(loops[0]!.message).toBe(
      'macro "m0" leads back to itself through 3,001 macros: m0 -> m1 -> m2 -> m3 -> m4 -> … and 2,997 more; Falco will refuse to load this file.',
    );
    expect(loops[0]!.location.line).toBe(2);
  });

  it('a rule ORing 60,000 undefined macros gives a bounded number of bounded findings', () => {
    const { findings, ms } = runFalcoRules(rule(names(60000).join(' or ')));
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    const undefinedRefs = findings.filter((f) => f.ruleId === 'falco/undefined-reference');
    expect(undefinedRefs).toHaveLength(21); // 20, then one that counts the rest
    expect(undefinedRefs[0]!.message).toMatch(/^rule "r" references macro "m0", which is not defined/);
    expect(undefinedRefs[20]!.message).toMatch(/^… and 59,980 more undefined macros or misspelt lists in this file/);
    expect(undefinedRefs.map((f) => f.location.column).slice(0, 3)).toEqual([14, 20, 26]);
    expect(findings.reduce((sum, f) => sum + f.message.length, 0)).toBeLessThan(20 * 1024);
  });

  it('a rule ORing 60,000 macros that each loop on themselves gives a bounded number of findings', () => {
    const macros = names(60000);
    const text = macros.map((m) => `- macro: ${m}\n  condition: ${m}\n`).join('') + rule(macros.join(' or '));
    const { findings, ms } = runFalcoRules(text);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    expect(ruleIds(findings)).toEqual(['falco/macro-cycle']);
    expect(findings).toHaveLength(21);
    expect(findings[0]!.message).toBe('macro "m0" leads back to itself: m0 -> m0; Falco will refuse to load this file.');
    expect(findings[20]!.message).toMatch(/^… and 59,980 more macro loops in this file/);
  });

  it('a chain of 30,000 macros sharing every step (a diamond per level) is read once per macro', () => {
    const levels = 10000;
    let text = '';
    for (let i = 0; i < levels; i++) text += `- macro: a${i}\n  condition: b${i} or c${i}\n- macro: b${i}\n  condition: a${i + 1}\n- macro: c${i}\n  condition: a${i + 1}\n`;
    text += `- macro: a${levels}\n  condition: proc.name = bash\n` + rule('spawned_process and a0');
    const { findings, ms } = runFalcoRules(text);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    expect(ruleIds(findings)).toEqual(['falco/shell-rule-without-exception']);
  });

  it('names a megabyte long are cut in messages', () => {
    const long = `x_${'a'.repeat(1024 * 1024)}`;
    const { findings } = runFalcoRules(`- macro: ${long}\n  condition: ${long}\n` + rule(`undefined_${'b'.repeat(1024 * 1024)}`));
    expect(ruleIds(findings)).toEqual(['falco/macro-cycle', 'falco/undefined-reference']);
    for (const finding of findings) expect(finding.message.length).toBeLessThan(1024);
  });

  it('a condition nested a megabyte deep is read as far as it is understood, without a stack overflow', () => {
    const deep = `${'('.repeat(500_000)}container${')'.repeat(500_000)}`;
    expect(readCondition(deep).complete).toBe(false);
    expect(readCondition(`${'not '.repeat(200_000)}container`).complete).toBe(false);
    expect(readCondition('((container and not proc.name = sh))').complete).toBe(true);
  });
});
