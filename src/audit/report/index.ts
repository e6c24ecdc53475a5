// What every report format is rendered from: the same findings, rules and notes, so text, JSON,
// SARIF and the terminal browser never disagree.
import type { FailOn } from '../severity.js';
import type { AuditNote, Finding, RuleMeta } from '../types.js';

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
}
