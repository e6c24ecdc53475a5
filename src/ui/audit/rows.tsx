// The overview's list rows. Pure and memoised on their props (a group or finding object that
// stays the same between audits, a cursor mark, a width), so moving the cursor re-renders the two
// rows whose mark changed, not the window, and never the whole list: only visible rows exist.
import { Text } from 'ink';
import { memo } from 'react';
import type { Finding, Severity } from '../../audit/types.js';
import { type FindingGroup, fileName, groupLabel, visibleLine } from './model.js';

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'cyan', info: 'gray' };

/** Where the cursor is relative to a row: on it in the focused pane, on it in the other pane, or elsewhere. */
export type CursorMark = 'focused' | 'unfocused' | 'none';

/** Renders of each row component since start: the responsiveness test reads these. */
export const rowRenders = { group: 0, finding: 0 };

export const GroupRow = memo(function GroupRow({ group, mark }: { group: FindingGroup; mark: CursorMark }) {
  rowRenders.group++;
  const fix = group.fixable === 0 ? '' : group.fixable === group.findings.length ? '  [fix]' : `  [fix ${group.fixable}]`;
  return (
    <Text wrap="truncate-end" {...(mark === 'focused' ? { inverse: true } : {})}>
      {mark === 'none' ? '  ' : '› '}
      <Text color={SEVERITY_COLOR[group.severity]}>{group.severity.padEnd(9)}</Text>
      {visibleLine(groupLabel(group))}
      <Text color="green">{fix}</Text>
    </Text>
  );
});

export const FindingRow = memo(function FindingRow({ finding, mark, by }: { finding: Finding; mark: CursorMark; by: 'rule' | 'file' }) {
  rowRenders.finding++;
  const { file, line, column } = finding.location;
  const where = by === 'rule' ? `${fileName(file)}:${line}:${column}` : `${line}:${column} ${finding.ruleId}`;
  return (
    <Text wrap="truncate-end" {...(mark === 'focused' ? { inverse: true } : {})}>
      {mark === 'none' ? '  ' : '› '}
      <Text color={SEVERITY_COLOR[finding.severity]}>{finding.severity.padEnd(9)}</Text>
      <Text dimColor>{visibleLine(where)}</Text>
      {finding.scope ? <Text color="gray">{` [${finding.scope}]`}</Text> : null}
      {finding.fix ? <Text color="green"> [fix]</Text> : null}
      {`  ${visibleLine(finding.message)}`}
    </Text>
  );
});

