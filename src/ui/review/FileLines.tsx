// A window onto a file's lines (content or diff), one terminal row each, cut at the width.
import { Box, Text } from 'ink';
import type { LineKind, ShownLine } from './file-lines.js';

const COLOR: Readonly<Record<LineKind, string | undefined>> = {
  added: 'green',
  removed: 'red',
  hunk: 'cyan',
  context: undefined,
  note: 'yellow',
};

export function FileLines({ lines, from, count, width }: { lines: readonly ShownLine[]; from: number; count: number; width: number }) {
  const shown = lines.slice(from, from + count);
  return (
    <Box flexDirection="column" width={width} height={count}>
      {shown.map((line, index) => (
        <Text key={from + index} wrap="truncate-end" {...(COLOR[line.kind] ? { color: COLOR[line.kind] } : {})}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Box>
  );
}
