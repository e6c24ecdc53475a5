// The JSON report: a stable, versioned schema for scripts (documented in docs/audit-json-schema.md).
// Bump JSON_REPORT_VERSION on any change that is not a new optional field.
import { countBySeverity, failsGate } from '../severity.js';
import type { Finding, Severity } from '../types.js';
import { type ReportInput, computeFixEditsByFile, gateFindings } from './index.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly message: string;
  readonly refs: readonly string[];
  readonly fixable: boolean;
  /** Stable across unrelated edits (rule, file, the finding's text): what --baseline matches on. */
  readonly fingerprint?: string;
  /** The automatic fix; with --fix-edits its edits, 0-based [start, end) offsets into the file as audited. */
  readonly fix?: {
    readonly description: string;
    readonly caveat?: string;
    readonly edits?: readonly { readonly file: string; readonly start: number; readonly end: number; readonly text: string }[];
  };
  /** Why a rule with fixes has none for this finding. */
  readonly noFix?: string;
  /** The finding is in a test, docs or example path: it does not count for `failed` unless --include-tests. */
  readonly scope?: 'test' | 'docs' | 'example';
}

export interface JsonReport {
  readonly version: typeof JSON_REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly findings: readonly JsonFinding[];
  readonly summary: {
    readonly total: number;
    readonly bySeverity: Record<Severity, number>;
    readonly filesAudited: number;
    readonly suppressed: number;
    /** Findings left out because the --baseline report had them. */
    readonly baselineMatched?: number;
    /** Findings below --min-severity, left out of `findings` (they still count for `failed`). */
    readonly hidden?: number;
    readonly failOn: string;
    readonly failed: boolean;
    readonly notes: readonly { readonly file: string; readonly message: string }[];
  };
}

export function jsonReport(input: ReportInput): JsonReport {
  if (input.fixEdits) computeFixEditsByFile(input.findings);
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    findings: input.findings.map((finding) => jsonFinding(finding, input.fingerprints?.get(finding), input.fixEdits === true)),
    summary: {
      total: input.findings.length,
      bySeverity: countBySeverity(input.findings),
      filesAudited: input.filesAudited,
      suppressed: input.suppressed,
      ...(input.baselineMatched !== undefined ? { baselineMatched: input.baselineMatched } : {}),
      ...(input.hidden ? { hidden: input.hidden.count } : {}),
      failOn: input.failOn,
      failed: failsGate(gateFindings(input), input.failOn),
      notes: input.notes.map(({ file, message }) => ({ file, message })),
    },
  };
}

function jsonFinding(finding: Finding, fingerprint: string | undefined, withEdits: boolean): JsonFinding {
  const { location } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    message: finding.message,
    refs: [...finding.refs],
    fixable: finding.fix !== undefined,
    ...(finding.scope ? { scope: finding.scope } : {}),
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    ...(finding.fix
      ? {
          fix: {
            description: finding.fix.description,
            ...(finding.fix.caveat !== undefined ? { caveat: finding.fix.caveat } : {}),
            ...(withEdits ? { edits: finding.fix.edits.map(({ file, start, end, text }) => ({ file, start, end, text })) } : {}),
          },
        }
      : {}),
    ...(finding.noFix !== undefined ? { noFix: finding.noFix } : {}),
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(jsonReport(input), null, 2)}\n`;
}
