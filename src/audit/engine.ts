// Runs rules over a parsed repository. A rule that throws does not stop the audit: its failure
// becomes an `audit/rule-error` finding naming the rule, and the other rules still run.
import { FIX_NOT_CHECKED, fixBudgetSpent } from './fix/check-budget.js';
import type { Finding, Location, Report, Repo, Rule, SourceFile } from './types.js';

/** Where findings about the repository as a whole are placed (a rule failure has no file). */
export const REPOSITORY_LOCATION: Location = { file: '.', line: 1, column: 1, endLine: 1, endColumn: 1 };

export function runRules(repo: Repo, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  let files: Map<string, SourceFile> | undefined;
  /** A fixable rule's finding left without a fix because its file's fix budget ran out says so. */
  const budgetReason = (rule: Rule, reported: Report): Report => {
    if (!rule.fixable || reported.fix || reported.noFix) return reported;
    files ??= new Map(repo.files.map((file) => [file.path, file]));
    const file = files.get(reported.location.file);
    return file && fixBudgetSpent(file) ? { ...reported, noFix: FIX_NOT_CHECKED } : reported;
  };
  for (const rule of rules) {
    // The same message at the same place twice (two objects of one name that meet) is one finding.
    const seen = new Set<string>();
    const report = (reported: Report) => {
      const { file, line, column, endLine, endColumn } = reported.location;
      const key = `${file}\u0000${line}:${column}-${endLine}:${endColumn}\u0000${reported.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push(toFinding(rule, budgetReason(rule, reported)));
    };
    try {
      rule.check({ repo, report });
    } catch (error) {
      // Findings the rule reported before it threw are kept: each was complete when reported.
      findings.push(ruleError(rule, error));
    }
  }
  return findings;
}

function toFinding(rule: Rule, reported: Report): Finding {
  const ruleId = rule.id;
  const severity = reported.severity ?? rule.severity;
  const { location, message, fix, noFix } = reported;
  const refs = reported.refs ?? rule.refs;
  // Three literals rather than conditional spreads: a large repository reports tens of thousands.
  if (fix) return { ruleId, severity, location, message, refs, fix };
  if (noFix) return { ruleId, severity, location, message, refs, noFix };
  return { ruleId, severity, location, message, refs };
}

function ruleError(rule: Rule, error: unknown): Finding {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    ruleId: 'audit/rule-error',
    severity: 'high',
    location: REPOSITORY_LOCATION,
    message: `rule ${rule.id} failed and checked nothing (${reason.split('\n')[0]})`,
    refs: [],
  };
}

/** Report order: by file, then position, then rule id; stable for equal keys. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compare(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      compare(a.ruleId, b.ruleId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
