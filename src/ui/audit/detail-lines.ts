// Everything the detail screen says about one finding, as terminal rows (wrapped to the width):
// the message, the offending lines with the span marked, the rule's Why / Detect / Fix, whether
// an automatic fix exists, the other tools' equivalent checks and every other place the rule fires.
import type { AuditResult } from '../../audit/index.js';
import type { Finding, RuleMeta } from '../../audit/types.js';
import { excerpt } from './excerpt.js';
import { fileName, plural, visible } from './model.js';

export type Tone = 'heading' | 'dim' | 'span' | 'caret' | 'good' | 'warn' | 'severity';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export type DetailRow = readonly Segment[];

/** Other places listed in full up to this many; the rest are counted. */
const MAX_OTHERS = 200;

export function detailRows(result: AuditResult, finding: Finding, rule: RuleMeta | undefined, width: number): DetailRow[] {
  const rows: DetailRow[] = [];
  const text = (line: string, tone?: Tone) => {
    for (const part of wrap(line, width)) rows.push([{ text: part, ...(tone ? { tone } : {}) }]);
  };
  const blank = () => rows.push([{ text: '' }]);
  const { file, line, column } = finding.location;

  rows.push([{ text: finding.ruleId, tone: 'heading' }, { text: `  ${finding.severity}`, tone: 'severity' }, ...(rule ? [{ text: `  ${rule.title}` }] : [])]);
  text(visible(finding.message));
  blank();
  rows.push([{ text: `${visible(fileName(file))}:${line}:${column}`, tone: 'dim' }]);
  const source = result.repo.files.find((candidate) => candidate.path === file);
  if (source) {
    const lines = excerpt(source.text, finding.location);
    const numberWidth = String(lines.at(-1)?.number ?? line).length;
    for (const shown of lines) {
      const gutter = `${String(shown.number).padStart(numberWidth)} │ `;
      rows.push([{ text: gutter, tone: 'dim' }, { text: shown.before }, { text: shown.span, tone: 'span' }, { text: shown.after }]);
      if (shown.span !== '') {
        rows.push([{ text: `${' '.repeat(numberWidth)} │ ${' '.repeat(shown.before.length)}`, tone: 'dim' }, { text: '^'.repeat(Math.max(1, shown.span.length)), tone: 'caret' }]);
      }
    }
  }
  blank();
  if (rule) {
    for (const [heading, body] of [
      ['Why', rule.why],
      ['Detect', rule.detect],
      ['Fix', rule.fix],
    ] as const) {
      rows.push([{ text: heading, tone: 'heading' }]);
      text(body);
    }
    blank();
  }
  if (finding.fix) {
    rows.push([{ text: 'Automatic fix: ', tone: 'good' }, { text: visible(finding.fix.description) }, { text: '  (f to preview)', tone: 'dim' }]);
    if (finding.fix.caveat) text(`Check first: ${visible(finding.fix.caveat)}`, 'warn');
  } else {
    text(noFixReason(finding, rule), 'dim');
  }
  const refs = finding.refs.length > 0 ? finding.refs : (rule?.refs ?? []);
  if (refs.length > 0) {
    blank();
    rows.push([{ text: 'Other tools', tone: 'heading' }]);
    text(refs.join('  '));
  }
  const others = result.findings.filter((other) => other.ruleId === finding.ruleId && other !== finding);
  blank();
  rows.push([{ text: others.length === 0 ? 'The rule fires nowhere else.' : `Also fires at ${plural(others.length, 'other place')}`, tone: 'heading' }]);
  for (const other of others.slice(0, MAX_OTHERS)) {
    text(`  ${visible(fileName(other.location.file))}:${other.location.line}:${other.location.column}  ${visible(other.message)}`);
  }
  if (others.length > MAX_OTHERS) text(`  … and ${others.length - MAX_OTHERS} more`, 'dim');
  return rows;
}

/** Why a finding has no automatic fix, in a line: the finding's own reason, else the rule's. */
export function noFixReason(finding: Finding, rule: RuleMeta | undefined): string {
  if (finding.noFix) return `No automatic fix: ${visible(finding.noFix)}`;
  if (rule?.noFix) return `No automatic fix: ${rule.noFix}`;
  if (!rule?.fixable) return 'No automatic fix: this rule has none; the Fix above says how to fix it by hand.';
  return 'No automatic fix for this case: the rule could not compute one safely from the file; fix it by hand.';
}

/** Words to lines of at most `width` characters; a word longer than the width is cut. */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(10, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= max) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
      while (line.length > max) {
        lines.push(line.slice(0, max));
        line = line.slice(max);
      }
    }
    lines.push(line);
  }
  return lines;
}
