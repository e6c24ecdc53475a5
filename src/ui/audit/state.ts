// The overview's state and the pure transitions of its keys. Derived data (the filtered findings
// and their groups) is computed by `deriveView`, memoised on the inputs it reads, so the reducer
// and the render share one computation and a cursor move costs no regrouping.
import type { AuditResult } from '../../audit/index.js';
import type { Area, Finding, Severity } from '../../audit/types.js';
import { SEVERITY_ORDER } from '../../audit/types.js';
import { type Filters, type FindingGroup, type GroupBy, applyFilters, areaLookup, cycle, findingKey, groupFindings } from './model.js';

export type Pane = 'groups' | 'findings';

export interface OverviewState {
  readonly result: AuditResult;
  readonly by: GroupBy;
  readonly filters: Filters;
  readonly focus: Pane;
  readonly group: number;
  readonly groupTop: number;
  readonly finding: number;
  readonly findingTop: number;
  /** Typing a search: keys go to the query. */
  readonly searching: boolean;
}

export interface DerivedView {
  readonly findings: readonly Finding[];
  readonly groups: readonly FindingGroup[];
  /** Areas that have findings (unfiltered), for the area filter's cycle. */
  readonly areas: readonly Area[];
  readonly areaOf: (finding: Finding) => Area;
}

let cache: { result: AuditResult; filters: Filters; by: GroupBy; view: DerivedView } | undefined;
let areaCache: { result: AuditResult; areaOf: (finding: Finding) => Area; areas: readonly Area[] } | undefined;

export function deriveView(state: Pick<OverviewState, 'result' | 'filters' | 'by'>): DerivedView {
  if (cache && cache.result === state.result && cache.filters === state.filters && cache.by === state.by) return cache.view;
  if (!areaCache || areaCache.result !== state.result) {
    const areaOf = areaLookup(state.result.rules);
    areaCache = { result: state.result, areaOf, areas: [...new Set(state.result.findings.map(areaOf))].sort() };
  }
  const findings = applyFilters(state.result.findings, state.filters, areaCache.areaOf);
  const view = { findings, groups: groupFindings(findings, state.by), areas: areaCache.areas, areaOf: areaCache.areaOf };
  cache = { result: state.result, filters: state.filters, by: state.by, view };
  return view;
}

export function initialState(result: AuditResult, minSeverity?: Severity): OverviewState {
  return {
    result,
    by: 'rule',
    filters: { query: '', ...(minSeverity ? { minSeverity } : {}) },
    focus: 'groups',
    group: 0,
    groupTop: 0,
    finding: 0,
    findingTop: 0,
    searching: false,
  };
}

/** Rows each pane shows; the move actions need them to scroll. */
export interface PaneHeights {
  readonly groups: number;
  readonly findings: number;
}

export type OverviewAction =
  | { readonly type: 'move'; readonly by: number; readonly heights: PaneHeights }
  | { readonly type: 'edge'; readonly to: 'first' | 'last'; readonly heights: PaneHeights }
  | { readonly type: 'open' }
  | { readonly type: 'switch-pane' }
  | { readonly type: 'toggle-grouping' }
  | { readonly type: 'cycle-severity' }
  | { readonly type: 'cycle-area' }
  | { readonly type: 'clear-filters' }
  | { readonly type: 'search-start' }
  | { readonly type: 'search-type'; readonly text: string }
  | { readonly type: 'search-erase' }
  | { readonly type: 'search-end'; readonly keep: boolean }
  | { readonly type: 'audited'; readonly result: AuditResult; readonly heights: PaneHeights };

const MIN_SEVERITIES: readonly Severity[] = SEVERITY_ORDER.filter((severity) => severity !== 'info');

export function reduce(state: OverviewState, action: OverviewAction): OverviewState {
  switch (action.type) {
    case 'move':
      return moveTo(state, (state.focus === 'groups' ? state.group : state.finding) + action.by, action.heights);
    case 'edge':
      return moveTo(state, action.to === 'first' ? 0 : Number.MAX_SAFE_INTEGER, action.heights);
    case 'open':
    case 'switch-pane':
      if (action.type === 'open' && state.focus === 'findings') return state; // the detail opens; the screen handles it
      return { ...state, focus: state.focus === 'groups' ? 'findings' : 'groups' };
    case 'toggle-grouping':
      return resetCursor({ ...state, by: state.by === 'rule' ? 'file' : 'rule' });
    case 'cycle-severity': {
      const minSeverity = cycle(MIN_SEVERITIES, state.filters.minSeverity);
      const { minSeverity: _old, ...rest } = state.filters;
      return resetCursor({ ...state, filters: { ...rest, ...(minSeverity ? { minSeverity } : {}) } });
    }
    case 'cycle-area': {
      const area = cycle(deriveView(state).areas, state.filters.area);
      const { area: _old, ...rest } = state.filters;
      return resetCursor({ ...state, filters: { ...rest, ...(area ? { area } : {}) } });
    }
    case 'clear-filters':
      return resetCursor({ ...state, filters: { query: '' }, searching: false });
    case 'search-start':
      return { ...state, searching: true };
    case 'search-type':
      return resetCursor({ ...state, filters: { ...state.filters, query: state.filters.query + action.text } });
    case 'search-erase':
      return resetCursor({ ...state, filters: { ...state.filters, query: state.filters.query.slice(0, -1) } });
    case 'search-end':
      return action.keep ? { ...state, searching: false } : resetCursor({ ...state, searching: false, filters: { ...state.filters, query: '' } });
    case 'audited':
      return followAfterAudit(state, action.result, action.heights);
  }
}

function moveTo(state: OverviewState, target: number, heights: PaneHeights): OverviewState {
  const view = deriveView(state);
  if (state.focus === 'groups') {
    const group = clamp(target, view.groups.length);
    if (group === state.group) return state;
    return { ...state, group, groupTop: scrollTop(group, heights.groups, view.groups.length, state.groupTop), finding: 0, findingTop: 0 };
  }
  const count = view.groups[state.group]?.findings.length ?? 0;
  const finding = clamp(target, count);
  if (finding === state.finding) return state;
  return { ...state, finding, findingTop: scrollTop(finding, heights.findings, count, state.findingTop) };
}

function resetCursor(state: OverviewState): OverviewState {
  return { ...state, group: 0, groupTop: 0, finding: 0, findingTop: 0, focus: 'groups' };
}

/** After a fix or a suppression: stay on the same group (and finding, if it is still there). */
function followAfterAudit(state: OverviewState, result: AuditResult, heights: PaneHeights): OverviewState {
  const before = deriveView(state);
  const groupKey = before.groups[state.group]?.key;
  const current = before.groups[state.group]?.findings[state.finding];
  const next = { ...state, result };
  const after = deriveView(next);
  const groupIndex = Math.max(0, after.groups.findIndex((group) => group.key === groupKey));
  const group = clamp(groupKey !== undefined && after.groups.some((g) => g.key === groupKey) ? groupIndex : state.group, after.groups.length);
  const findings = after.groups[group]?.findings ?? [];
  const same = current ? findings.findIndex((finding) => findingKey(finding) === findingKey(current)) : -1;
  const finding = clamp(same >= 0 ? same : state.finding, findings.length);
  return {
    ...next,
    group,
    groupTop: scrollTop(group, heights.groups, after.groups.length, state.groupTop),
    finding,
    findingTop: scrollTop(finding, heights.findings, findings.length, state.findingTop),
    focus: findings.length === 0 ? 'groups' : state.focus,
  };
}

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}

/** The first row shown so that `cursor` stays in a window of `height` rows, scrolling as little as possible. */
export function scrollTop(cursor: number, height: number, count: number, previous: number): number {
  if (count <= height) return 0;
  let top = Math.min(previous, count - height);
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, top);
}

/** The finding under the cursor of the findings pane (also when the groups pane has focus). */
export function currentFinding(state: OverviewState): Finding | undefined {
  return deriveView(state).groups[state.group]?.findings[state.finding];
}
