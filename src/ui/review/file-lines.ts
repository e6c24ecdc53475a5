// What the review screen shows for one file: the content of a new or unchanged file with line
// numbers, or, for a file that differs from the one on disk, a unified diff against it.
import { structuredPatch } from 'diff';
import type { FileChange } from '../../generate/write.js';

export type LineKind = 'added' | 'removed' | 'hunk' | 'context' | 'note';

export interface ShownLine {
  readonly text: string;
  readonly kind: LineKind;
}

export function fileLines(change: FileChange): ShownLine[] {
  if (change.status !== 'changed') return numbered(change.file.content);
  const lines: ShownLine[] = [];
  if (change.note) lines.push({ text: `The file on disk ${change.note}.`, kind: 'note' });
  const patch = structuredPatch(`a/${change.file.path}`, `b/${change.file.path}`, change.previous ?? '', change.file.content, '', '', { context: 3 });
  for (const hunk of patch.hunks) {
    lines.push({ text: `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, kind: 'hunk' });
    for (const line of hunk.lines) {
      const kind: LineKind = line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : line.startsWith('\\') ? 'note' : 'context';
      lines.push({ text: untabbed(line), kind });
    }
  }
  return lines;
}

/** A hunk range as diff prints it: an empty side starts at the line before (-0,0 for a new file). */
function range(start: number, lines: number): string {
  return lines === 0 ? `${start - 1},0` : `${start},${lines}`;
}

function numbered(content: string): ShownLine[] {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  const width = String(lines.length).length;
  return lines.map((line, index) => ({ text: `${String(index + 1).padStart(width)}  ${untabbed(line)}`, kind: 'context' }));
}

/** Tabs would throw the layout's width arithmetic off. */
function untabbed(line: string): string {
  return line.replace(/\t/g, '    ');
}
