// The text report: findings grouped by file, one line each (position, severity, message, rule id),
// then notes and a summary line. Colour only when asked (the caller decides from the terminal,
// NO_COLOR and --output), so the same text can go to a file unchanged.
import pc from 'picocolors';
import { REPOSITORY_LOCATION } from '../engine.js';
import { countBySeverity, failsGate, isAtOrAbove } from '../severity.js';
import { type Finding, SEVERITY_ORDER, type Severity } from '../types.js';
import type { ReportInput } from './index.js';

export interface TextOptions {
  readonly color: boolean;
  /** Notes beyond this many are summarised in one line. */
  readonly maxNotes?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

export function renderText(input: ReportInput, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  for (const [file, findings] of groupByFile(input.findings)) {
    out.push(c.underline(file === REPOSITORY_LOCATION.file ? '(repository)' : file));
    const width = Math.max(...findings.map((f) => position(f).length));
    for (const finding of findings) {
      const severity = paint(c, finding.severity, finding.severity.padEnd(8));
      out.push(`  ${c.dim(position(finding).padStart(width))}  ${severity}  ${finding.message}  ${c.dim(finding.ruleId)}`);
    }
    out.push('');
  }
  const maxNotes = options.maxNotes ?? 25;
  if (input.notes.length > 0) {
    out.push(c.bold('Notes'));
    for (const note of input.notes.slice(0, maxNotes)) out.push(`  ${note.file}  ${c.dim(note.message)}`);
    if (input.notes.length > maxNotes) out.push(c.dim(`  … and ${input.notes.length - maxNotes} more (all of them are in --format json)`));
    out.push('');
  }
  out.push(...summary(input, c));
  return `${out.join('\n')}\n`;
}

function summary(input: ReportInput, c: Colors): string[] {
  const { findings, filesAudited, suppressed, failOn } = input;
  const files = `${filesAudited} file${filesAudited === 1 ? '' : 's'}`;
  const suppressedText = suppressed > 0 ? `; ${suppressed} suppressed` : '';
  if (findings.length === 0) return [`${c.green('✔')} No findings in ${files}${suppressedText}.`];
  const counts = countBySeverity(findings);
  const parts = SEVERITY_ORDER.filter((severity) => counts[severity] > 0).map((severity) => paint(c, severity, `${counts[severity]} ${severity}`));
  const lines = [`${c.red('✖')} ${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${files}${suppressedText}.`];
  if (failOn !== 'none' && failsGate(findings, failOn)) {
    const failing = findings.filter((finding) => isAtOrAbove(finding.severity, failOn)).length;
    lines.push(c.dim(`${failing} at or above --fail-on ${failOn}: the audit fails.`));
  }
  return lines;
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.location.file);
    if (group) group.push(finding);
    else groups.set(finding.location.file, [finding]);
  }
  return groups;
}

function position(finding: Finding): string {
  return `${finding.location.line}:${finding.location.column}`;
}

function paint(c: Colors, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(text));
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    case 'info':
      return c.dim(text);
  }
}
