// One file, full screen: a new file's content, or a changed file's diff against the file on disk.
import { Box, Text, useInput } from 'ink';
import { useMemo, useState } from 'react';
import type { PlannedFile } from '../../generate/plan.js';
import type { FileChange } from '../../generate/write.js';
import { fileLines } from './file-lines.js';
import { FileLines } from './FileLines.js';

export interface FileViewProps {
  readonly change: FileChange<PlannedFile>;
  readonly columns: number;
  readonly rows: number;
  readonly onClose: () => void;
  readonly onInterrupt: () => void;
}

export function FileView({ change, columns, rows, onClose, onInterrupt }: FileViewProps) {
  const lines = useMemo(() => fileLines(change), [change]);
  // Header and footer take a row each; one row is left free so the frame never fills the screen.
  const body = Math.max(3, rows - 3);
  const last = Math.max(0, lines.length - body);
  const [top, setTop] = useState(0);
  const scrollBy = (lines: number) => setTop((at) => Math.min(last, Math.max(0, at + lines)));

  useInput((input, key) => {
    if (key.ctrl && input === 'c') onInterrupt();
    else if (key.escape || key.return || key.leftArrow || input === 'q') onClose();
    else if (key.upArrow || input === 'k') scrollBy(-1);
    else if (key.downArrow || input === 'j') scrollBy(1);
    else if (key.pageUp || input === 'b') scrollBy(-body);
    else if (key.pageDown || input === ' ') scrollBy(body);
    else if (key.home || input === 'g') setTop(0);
    else if (key.end || input === 'G') setTop(last);
  });

  const what =
    change.status === 'changed'
      ? `changed +${change.added} -${change.removed}: diff against the file on disk`
      : change.status === 'new'
        ? 'new file'
        : 'unchanged: already as generated';
  const position = lines.length <= body ? `${lines.length} lines` : `lines ${top + 1}-${Math.min(lines.length, top + body)} of ${lines.length}`;
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end">
        <Text bold>{change.file.path}</Text>
        <Text dimColor>{`  ${what}`}</Text>
      </Text>
      <FileLines lines={lines} from={top} count={body} width={columns} />
      <Text wrap="truncate-end" dimColor>
        {`↑↓ scroll · PgUp/PgDn page · esc back   ${position}`}
      </Text>
    </Box>
  );
}
