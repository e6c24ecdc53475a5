// The text report, built for triage: first a summary by rule (most severe first, counts, the
// `explain` hint), then each file's findings ordered by severity, long messages wrapped and
// indented to the width given, fixable findings marked; then notes and a summary line. Colour only
// when asked (the caller decides from the terminal, NO_COLOR and --output), and the same input and
// width always give the same bytes, so the text can go to a file or a diff unchanged.
import pc from 'picocolors';
import { REPOSITORY_LOCATION } from '../engine.js';
import { countBySeverity, failsGate, isAtOrAbove } from '../severity.js';
import { type Finding, SEVERITY_ORDER, type Severity } from '../types.js';
import { printablePath } from '../../util/printable.js';
import { type ReportInput, gateFindings } from './index.js';
import { appendAll } from '../../util/append.js';

export interface TextOptions {
  readonly color: boolean;
  /** Notes beyond this many are summarised in one line. */
  readonly maxNotes?: number;
  /** Columns to wrap to (default 100; never below MIN_WIDTH). */
  readonly width?: number;
}

export const DEFAULT_WIDTH = 100;
export const MIN_WIDTH = 60;

/** The width to wrap to: the terminal's when stdout is one, DEFAULT_WIDTH otherwise. */
export function reportWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
  return stream.isTTY && stream.columns ? Math.max(MIN_WIDTH, stream.columns) : DEFAULT_WIDTH;
}

type Colors = ReturnType<typeof pc.createColors>;

export function renderText(input: ReportInput, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  // The project's own files first; findings in test, docs and example paths after, apart.
  const own = input.findings.filter((finding) => finding.scope === undefined);
  const scoped = input.findings.filter((finding) => finding.scope !== undefined);
  const out: string[] = [];
  if (own.length > 0) appendAll(out, [...ruleSummary(own, width, c), '']);
  appendAll(out, fileBlocks(own, width, c));
  if (scoped.length > 0) {
    const gate = input.includeTests ? 'counted by --fail-on (--include-tests)' : 'not counted by --fail-on unless --include-tests is given';
    out.push(c.bold(`In tests, docs and examples: ${plural(scoped.length, 'finding')} (${scopeCounts(scoped)}), ${gate}`), '');
    appendAll(out, fileBlocks(scoped, width, c));
  }
  appendAll(out, noteLines(input.notes, options.maxNotes ?? 25, c));
  appendAll(out, summary(input, c));
  return `${out.join('\n')}\n`;
}

/** Each file's findings under its name, most severe first. */
function fileBlocks(findings: readonly Finding[], width: number, c: Colors): string[] {
  const out: string[] = [];
  for (const [file, group] of groupByFile(findings)) {
    out.push(c.underline(file === REPOSITORY_LOCATION.file ? '(repository)' : printablePath(file)));
    const positionWidth = group.reduce((widest, f) => Math.max(widest, position(f).length), 0);
    for (const finding of bySeverity(group)) appendAll(out, findingLines(finding, positionWidth, width, c));
    out.push('');
  }
  return out;
}

/**
 * The notes, at most maxNotes of them, except that a note saying something was not audited or
 * not followed is always shown (a binary file excepted): a cut must never hide a gap in what was
 * checked.
 */
function noteLines(notes: ReportInput['notes'], maxNotes: number, c: Colors): string[] {
  if (notes.length === 0) return [];
  const gaps = (message: string) => /not audited|not followed|not applied/.test(message) && !message.startsWith('binary file');
  const shown = notes.filter((note, index) => index < maxNotes || gaps(note.message));
  const out = [c.bold('Notes'), ...shown.map((note) => `  ${printablePath(note.file)}  ${c.dim(printablePath(note.message))}`)];
  if (notes.length > shown.length) out.push(c.dim(`  … and ${notes.length - shown.length} more (all of them are in --format json)`));
  out.push('');
  return out;
}

function scopeCounts(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.scope!, (counts.get(finding.scope!) ?? 0) + 1);
  return [...counts].map(([scope, count]) => `${count} ${scope}`).join(', ');
}

/** One line per rule, most severe first, then by count: what to look at first. */
function ruleSummary(findings: readonly Finding[], width: number, c: Colors): string[] {
  const rules = new Map<string, { severity: Severity; count: number; files: Set<string>; fixable: number }>();
  for (const finding of findings) {
    const entry = rules.get(finding.ruleId) ?? { severity: finding.severity, count: 0, files: new Set<string>(), fixable: 0 };
    if (severityRank(finding.severity) < severityRank(entry.severity)) entry.severity = finding.severity;
    entry.count++;
    entry.files.add(finding.location.file);
    if (finding.fix) entry.fixable++;
    rules.set(finding.ruleId, entry);
  }
  const sorted = [...rules].sort(([a, x], [b, y]) => severityRank(x.severity) - severityRank(y.severity) || y.count - x.count || (a < b ? -1 : a > b ? 1 : 0));
  const idWidth = sorted.reduce((widest, [id]) => Math.max(widest, id.length), 0);
  const lines = [c.bold('By rule, most severe first')];
  for (const [id, entry] of sorted) {
    const where = `${plural(entry.count, 'finding')} in ${plural(entry.files.size, 'file')}`;
    const fixable = entry.fixable > 0 ? `, ${entry.fixable} fixable` : '';
    lines.push(`  ${paint(c, entry.severity, entry.severity.padEnd(8))}  ${id.padEnd(idWidth)} — ${where}${fixable}`);
  }
  const hints = ['create-secure-container explain RULE: why it matters and how to fix it.'];
  if (findings.some((finding) => finding.fix)) hints.push('[fix]: audit --fix fixes it; [fix=all]: only with --fix=all (check its caveat first).');
  for (const hint of hints) for (const line of wrap(hint, width - 2)) lines.push(c.dim(`  ${line}`));
  return lines;
}

/** A finding's line, its message wrapped under itself when it does not fit the width. */
function findingLines(finding: Finding, positionWidth: number, width: number, c: Colors): string[] {
  const prefix = `  ${position(finding).padStart(positionWidth)}  ${finding.severity.padEnd(8)}  `;
  const indent = ' '.repeat(prefix.length);
  const marker = finding.fix ? (finding.fix.caveat === undefined ? '  [fix]' : '  [fix=all]') : '';
  const tail = `  ${finding.ruleId}${marker}`;
  // A message quotes repository content (names, values): no control character reaches the terminal.
  const lines = wrap(printablePath(finding.message), Math.max(20, width - prefix.length));
  const last = lines.length - 1;
  const fitsTail = prefix.length + lines[last]!.length + tail.length <= width;
  const painted = lines.map((line, index) => `${index === 0 ? `  ${c.dim(position(finding).padStart(positionWidth))}  ${paint(c, finding.severity, finding.severity.padEnd(8))}  ` : indent}${line}`);
  const tailText = `${c.dim(finding.ruleId)}${marker ? c.green(marker) : ''}`;
  if (fitsTail) painted[last] += `  ${tailText}`;
  else painted.push(`${indent}${tailText}`);
  return painted;
}

/** Words into lines of at most `width` characters; a word longer than that stays whole on its own line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

/** Most severe first; report order (position, rule) within a severity. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summary(input: ReportInput, c: Colors): string[] {
  const { findings, filesAudited, suppressed, failOn } = input;
  const files = `${filesAudited} file${filesAudited === 1 ? '' : 's'}`;
  const extra = [
    ...(suppressed > 0 ? [`${suppressed} suppressed`] : []),
    ...(input.baselineMatched ? [`${input.baselineMatched} already in the baseline`] : []),
    ...(input.hidden?.count ? [`${input.hidden.count} below --min-severity ${input.hidden.minSeverity} not shown`] : []),
  ];
  const suppressedText = extra.map((part) => `; ${part}`).join('');
  const gate = gateFindings(input);
  if (findings.length === 0) {
    const lines = [`${c.green('✔')} No findings in ${files}${suppressedText}.`];
    if (failOn !== 'none' && failsGate(gate, failOn)) lines.push(c.dim(`${gate.filter((finding) => isAtOrAbove(finding.severity, failOn)).length} at or above --fail-on ${failOn} (not shown): the audit fails.`));
    return lines;
  }
  const counts = countBySeverity(findings);
  const parts = SEVERITY_ORDER.filter((severity) => counts[severity] > 0).map((severity) => paint(c, severity, `${counts[severity]} ${severity}`));
  const scoped = findings.filter((finding) => finding.scope !== undefined).length;
  const apart = scoped > 0 ? `, ${scoped} of them in tests, docs and examples` : '';
  const lines = [`${c.red('✖')} ${findings.length} finding${findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${files}${apart}${suppressedText}.`];
  if (failOn !== 'none' && failsGate(gate, failOn)) {
    const failing = gate.filter((finding) => isAtOrAbove(finding.severity, failOn)).length;
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
