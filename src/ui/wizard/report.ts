// The plain-text parts of the wizard: what was detected before the questions, and the summary
// after writing. Printed as ordinary lines (not an Ink frame) so long commands wrap the way the
// terminal wraps them and can be copied whole.
import { styleText } from 'node:util';
import type { WriteResult } from '../../generate/write.js';
import type { NextStep } from '../../generate/notes.js';
import type { Detection } from '../../profile/detect.js';
import { flagValuesFromInput } from '../../profile/to-flags.js';
import { answerText } from './answers.js';
import { QUESTIONS } from './questions.js';

export function detectionReport(detection: Detection, shownDir: string): string {
  const flags = flagValuesFromInput(detection.input) as Record<string, string | boolean | string[]>;
  const rows = QUESTIONS.filter((q) => flags[q.flag] !== undefined).map((q) => ({
    flag: `--${q.flag}`,
    value: answerText(flags[q.flag]!),
    source: detection.sources[q.field] ?? '',
  }));
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push(`Nothing recognised in ${shownDir}; the questions start from general defaults.`);
  } else {
    lines.push(styleText('bold', `Detected in ${shownDir}`));
    const flagWidth = Math.max(...rows.map((r) => r.flag.length));
    const valueWidth = Math.min(32, Math.max(...rows.map((r) => r.value.length)));
    for (const row of rows) lines.push(`  ${row.flag.padEnd(flagWidth)}  ${row.value.padEnd(valueWidth)}  ${styleText('dim', `from ${row.source}`)}`);
  }
  for (const note of detection.notes) lines.push(`  ${styleText('yellow', 'note')} ${note}`);
  return `${lines.join('\n')}\n`;
}

export interface DoneReport {
  readonly shownDir: string;
  readonly result: WriteResult;
  /** Files the person chose not to write (changed files stay as they are on disk). */
  readonly skipped: readonly string[];
  readonly notes: readonly string[];
  readonly steps: readonly NextStep[];
  /** The same run without questions. */
  readonly command: string;
}

export function doneReport({ shownDir, result, skipped, notes, steps, command }: DoneReport): string {
  const lines: string[] = [];
  const counts = [`${result.written.length} written`, `${result.unchanged.length} unchanged`];
  if (skipped.length > 0) counts.push(`${skipped.length} left as they are`);
  lines.push(`${styleText('green', '✔')} ${styleText('bold', 'Done')} in ${shownDir}: ${counts.join(', ')}.`);
  if (skipped.length > 0) lines.push(`  Not written: ${skipped.join(', ')}`);
  if (result.backups.length > 0) lines.push(`  Previous versions kept as ${result.backups.join(', ')}`);
  if (notes.length > 0) {
    lines.push('', styleText('bold', 'Notes'));
    for (const note of notes) lines.push(`  ${styleText('yellow', '•')} ${note}`);
  }
  lines.push('', styleText('bold', 'Next steps'));
  for (const step of steps) lines.push(`  ${step.title}:`, `    ${styleText('cyan', step.command)}`);
  lines.push('', styleText('bold', 'The same setup without questions'), `    ${styleText('cyan', command)}`);
  return `${lines.join('\n')}\n`;
}
