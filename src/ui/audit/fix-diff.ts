// A fix plan as the preview shows it: one unified diff per file (the text the audit read against
// the text after every fix), then what the plan could not include and why. Lines are tagged with
// their kind so FileLines colours them (added green, removed red, hunks cyan).
import { structuredPatch } from 'diff';
import type { FixPlan } from '../../audit/fix/apply.js';
import type { ShownLine } from '../review/file-lines.js';
import { visible, visibleLine } from './model.js';

export function fixPlanLines(plan: FixPlan): ShownLine[] {
  const lines: ShownLine[] = [];
  for (const change of plan.changes) {
    const path = visible(change.file.path);
    const before = change.previous ?? '';
    lines.push({ text: change.previous === undefined ? `new file ${path}` : `--- a/${path}`, kind: 'hunk' });
    if (change.previous !== undefined) lines.push({ text: `+++ b/${path}`, kind: 'hunk' });
    const patch = structuredPatch(`a/${path}`, `b/${path}`, before, change.file.content, '', '', { context: 3 });
    for (const hunk of patch.hunks) {
      lines.push({ text: `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, kind: 'hunk' });
      for (const line of hunk.lines) {
        const kind = line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : line.startsWith('\\') ? 'note' : 'context';
        // A changed line can be a whole one-line file: cut to a row before Ink measures it.
        lines.push({ text: visibleLine(line), kind });
      }
    }
    lines.push({ text: '', kind: 'context' });
  }
  return lines;
}

/** Caveats of the fixes in the plan, each once: what to check before applying. */
export function planCaveats(plan: FixPlan): string[] {
  return [...new Set(plan.fixed.flatMap((finding) => (finding.fix?.caveat ? [visible(finding.fix.caveat)] : [])))];
}

/** Why findings were left out, each reason once with how many it concerns. */
export function planSkips(plan: FixPlan): string[] {
  const counts = new Map<string, number>();
  for (const { reason } of plan.skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count > 1 ? `${count} × ` : ''}${visible(reason)}`);
}

function range(start: number, count: number): string {
  return count === 0 ? `${start - 1},0` : `${start},${count}`;
}
