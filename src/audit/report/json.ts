// The JSON report: a stable, versioned schema for scripts (documented in docs/audit-json-schema.md).
// Bump JSON_REPORT_VERSION on any change that is not a new optional field.
import { countBySeverity, failsGate } from '../severity.js';
import type { Finding, Severity } from '../types.js';
import type { ReportInput } from './index.js';

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
    readonly failOn: string;
    readonly failed: boolean;
    readonly notes: readonly { readonly file: string; readonly message: string }[];
  };
}

export function jsonReport(input: ReportInput): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    findings: input.findings.map(jsonFinding),
    summary: {
      total: input.findings.length,
      bySeverity: countBySeverity(input.findings),
      filesAudited: input.filesAudited,
      suppressed: input.suppressed,
      failOn: input.failOn,
      failed: failsGate(input.findings, input.failOn),
      notes: input.notes.map(({ file, message }) => ({ file, message })),
    },
  };
}

function jsonFinding(finding: Finding): JsonFinding {
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
  };
}

export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(jsonReport(input), null, 2)}\n`;
}
