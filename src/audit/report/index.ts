// What every report format is rendered from: the same findings, rules and notes, so text, JSON,
// SARIF and the terminal browser never disagree.
import type { FailOn } from '../severity.js';
import type { AuditNote, Finding, RuleMeta, Severity } from '../types.js';

export type ReportFormat = 'text' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

export interface ReportInput {
  readonly tool: ToolInfo;
  /** Findings that count, sorted (suppressed ones are only counted). */
  readonly findings: readonly Finding[];
  /** The rules that ran, in catalogue order (SARIF lists them; results point into the list). */
  readonly rules: readonly RuleMeta[];
  readonly notes: readonly AuditNote[];
  readonly suppressed: number;
  readonly filesAudited: number;
  readonly failOn: FailOn;
  /** Each finding's fingerprint (see ../baseline.ts), for the JSON report and SARIF partialFingerprints. */
  readonly fingerprints?: ReadonlyMap<Finding, string>;
  /**
   * The findings the gate counts, when they differ from those shown: --min-severity hides
   * findings from the report without changing what fails the gate. Default: `findings`.
   */
  readonly gate?: readonly Finding[];
  /** Findings left out because the --baseline report already had them (they never count for the gate). */
  readonly baselineMatched?: number;
  /** Findings hidden by --min-severity (they still count for the gate). */
  readonly hidden?: { readonly minSeverity: Severity; readonly count: number };
  /** --include-tests: findings in test, docs and example paths count for the gate too. */
  readonly includeTests?: boolean;
  /**
   * --fix-edits: JSON and SARIF carry each fix's text edits. They are computed for the report (each
   * step of a fix re-parses its file), which on a large repository costs more than the audit itself.
   */
  readonly fixEdits?: boolean;
}

/**
 * Reads every fix's edits, file by file. Edits are computed on first read, each from a parse of its
 * file's text; the editor keeps the last few parsed texts, so reading them in the report's order
 * (rule by rule, across the repository) would parse a file again for nearly every fix.
 */
export function computeFixEditsByFile(findings: readonly Finding[]): void {
  const fixable = findings.filter((finding) => finding.fix !== undefined);
  fixable.sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0));
  for (const finding of fixable) void finding.fix!.edits;
}

/**
 * The findings the gate counts: those given (all shown ones by default), without the ones in test,
 * docs and example paths unless --include-tests was given.
 */
export function gateFindings(input: ReportInput): readonly Finding[] {
  const findings = input.gate ?? input.findings;
  return input.includeTests ? findings : findings.filter((finding) => finding.scope === undefined);
}
