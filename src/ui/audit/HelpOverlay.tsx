// `?`: every key of the browser, on one screen (fits 80x24). Any key closes it.
import { Box, Text, useInput } from 'ink';

export const HELP: readonly (readonly [string, string])[] = [
  ['↑ ↓  j k', 'move; PgUp PgDn a page; Home End first and last'],
  ['enter', 'open: a group shows its findings, a finding its detail'],
  ['tab', 'switch between the groups and the findings pane'],
  ['g', 'group by rule or by file'],
  ['/', 'search rule id, file and message (enter keeps it, esc clears it)'],
  ['s', 'filter by severity: all, then critical, high and up, ...'],
  ['a', 'filter by area: all, dockerfile, kubernetes, ...'],
  ['c', 'clear the filters and the search'],
  ['f', 'preview the automatic fix of the finding (y applies it)'],
  ['F', 'preview the fix of every finding of that rule ("fix all")'],
  ['u', 'undo the last applied fix'],
  ['i', 'suppress the finding, with a reason (inline or in .secure-container.yaml)'],
  ['r', 're-audit the repository'],
  ['esc ←', 'back (from the detail, a preview or a form)'],
  ['?', 'this help'],
  ['q', 'quit, with the exit code the report would give for what is left'],
  ['ctrl-c', 'quit at once (exit 130); a write under way completes first'],
];

export function HelpOverlay({ width, onClose }: { width: number; onClose: () => void }) {
  useInput(() => onClose());
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {HELP.map(([keys, what]) => (
        <Text key={keys} wrap="truncate-end">
          <Text color="cyan">{keys.padEnd(10)}</Text>
          {what}
        </Text>
      ))}
      <Text dimColor>Press any key to close.</Text>
    </Box>
  );
}
