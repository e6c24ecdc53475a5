// The overview: score and counts, the groups (by rule or by file) and the findings of the group
// under the cursor. Both lists are windows: only their visible rows are rendered. On a terminal of
// 120 columns or more the two panes sit side by side; at 80x24 they are stacked.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { type Finding, SEVERITY_ORDER } from '../../audit/types.js';
import type { TerminalSize } from '../terminal-size.js';
import { countBy, findingKey, groupLabel, plural, score, visible, visibleLine } from './model.js';
import { type CursorMark, FindingRow, GroupRow, SEVERITY_COLOR } from './rows.js';
import { type DerivedView, type OverviewState, type PaneHeights } from './state.js';

export const SIDE_BY_SIDE_MIN_COLUMNS = 120;

export interface OverviewLayout extends PaneHeights {
  readonly wide: boolean;
  readonly groupsWidth: number;
}

/** Four header rows, a pane title, two footer rows and one row left free so the frame never fills the screen. */
export function overviewLayout({ columns, rows }: TerminalSize): OverviewLayout {
  const panes = Math.max(6, rows - 8);
  if (columns >= SIDE_BY_SIDE_MIN_COLUMNS) return { wide: true, groups: panes, findings: panes, groupsWidth: Math.floor(columns * 0.42) };
  const groups = Math.max(3, Math.floor(panes * 0.45));
  return { wide: false, groups, findings: Math.max(3, panes - groups), groupsWidth: columns };
}

export interface OverviewProps {
  readonly heading: string;
  readonly state: OverviewState;
  readonly view: DerivedView;
  readonly size: TerminalSize;
  readonly status?: { readonly text: string; readonly tone: 'ok' | 'error' | 'busy' };
}

export function Overview({ heading, state, view, size, status }: OverviewProps) {
  const layout = overviewLayout(size);
  const all = state.result.findings;
  const group = view.groups[state.group];
  const groupMark = (index: number): CursorMark => (index !== state.group ? 'none' : state.focus === 'groups' ? 'focused' : 'unfocused');
  const findingMark = (index: number): CursorMark => (index !== state.finding ? 'none' : state.focus === 'findings' ? 'focused' : 'unfocused');
  const findingsWidth = layout.wide ? size.columns - layout.groupsWidth - 1 : size.columns;
  const paneTitle = group
    ? `${visibleLine(groupLabel(group))}${group.fixable > 0 ? ` · F fixes ${group.by === 'rule' ? group.fixable : 'by rule'}` : ''}`
    : view.findings.length === 0 && all.length > 0
      ? 'Nothing matches the filters (c clears them).'
      : 'No findings.';
  const groups = (
    <Box flexDirection="column" width={layout.groupsWidth} height={layout.groups}>
      {view.groups.slice(state.groupTop, state.groupTop + layout.groups).map((shown, index) => (
        <GroupRow key={shown.key} group={shown} mark={groupMark(state.groupTop + index)} />
      ))}
    </Box>
  );
  const findings = (
    <Box flexDirection="column" width={findingsWidth} height={layout.findings}>
      {withKeys((group?.findings ?? []).slice(state.findingTop, state.findingTop + layout.findings)).map(({ finding, key }, index) => (
        <FindingRow key={key} finding={finding} mark={findingMark(state.findingTop + index)} by={state.by} />
      ))}
    </Box>
  );
  return (
    <Box flexDirection="column" width={size.columns}>
      <Header heading={heading} total={all.length} score={score(all)} />
      <SeverityCounts findings={all} />
      <AreaCounts findings={all} areaOf={view.areaOf} />
      <FilterLine state={state} shown={view.findings.length} />
      {layout.wide ? (
        <>
          <Text wrap="truncate-end" bold>
            {`${'Groups'.padEnd(layout.groupsWidth + 1)}${paneTitle}`}
          </Text>
          <Box>
            {groups}
            <Box marginLeft={1}>{findings}</Box>
          </Box>
        </>
      ) : (
        <>
          {groups}
          <Text wrap="truncate-end" bold>{`── ${paneTitle}`}</Text>
          {findings}
        </>
      )}
      <Text wrap="truncate-end" {...(status ? { color: status.tone === 'error' ? 'red' : status.tone === 'busy' ? 'yellow' : 'green' } : {})}>
        {status ? visibleLine(status.text) : ' '}
      </Text>
      {state.searching ? (
        <Text wrap="truncate-end">
          {`/${visible(state.filters.query)}▌`}
          <Text dimColor>{'   enter keep · esc clear'}</Text>
        </Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          enter open · / search · f fix · F all · i suppress · u undo · ? keys · q quit
        </Text>
      )}
    </Box>
  );
}

const Header = memo(function Header({ heading, total, score: value }: { heading: string; total: number; score: number }) {
  return (
    <Text wrap="truncate-end">
      <Text bold>{`Audit of ${visible(heading)}`}</Text>
      {'  score '}
      <Text bold color={value >= 80 ? 'green' : value >= 50 ? 'yellow' : 'red'}>{`${value}/100`}</Text>
      {`  ${plural(total, 'finding')}`}
    </Text>
  );
});

const SeverityCounts = memo(function SeverityCounts({ findings }: { findings: OverviewState['result']['findings'] }) {
  const counts = countBy(findings, (finding) => finding.severity);
  return (
    <Text wrap="truncate-end">
      {SEVERITY_ORDER.map((severity) => (
        <Text key={severity} color={SEVERITY_COLOR[severity]}>{`${severity} ${counts.get(severity) ?? 0}   `}</Text>
      ))}
    </Text>
  );
});

const AreaCounts = memo(function AreaCounts({ findings, areaOf }: { findings: OverviewState['result']['findings']; areaOf: DerivedView['areaOf'] }) {
  const counts = [...countBy(findings, areaOf)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return <Text dimColor wrap="truncate-end">{counts.length === 0 ? ' ' : counts.map(([area, count]) => `${area} ${count}`).join(' · ')}</Text>;
});

function FilterLine({ state, shown }: { state: OverviewState; shown: number }) {
  const { minSeverity, area, query } = state.filters;
  const parts = [
    `by ${state.by} (g)`,
    minSeverity ? (minSeverity === 'critical' ? 'critical only (s)' : `${minSeverity} and up (s)`) : 'all severities (s)',
    area ? `${area} only (a)` : 'all areas (a)',
  ];
  const filtered = minSeverity !== undefined || area !== undefined || query !== '';
  // The count before the search text, which may be long and is cut at the edge.
  if (filtered) parts.push(`${shown} match${shown === 1 ? '' : 'es'}`);
  if (query !== '') parts.push(`search "${visible(query)}"`);
  return (
    <Text wrap="truncate-end" {...(filtered ? { color: 'cyan' } : { dimColor: true })}>
      {parts.join(' · ')}
    </Text>
  );
}

/** Keys that follow the finding, not its row, so scrolling by one row re-renders one row. */
function withKeys(findings: readonly Finding[]): { finding: Finding; key: string }[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const base = findingKey(finding);
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    return { finding, key: repeat === 0 ? base : `${base}#${repeat}` };
  });
}
