// The audit browser: the overview, and the screens it opens (detail, fix preview, suppression
// form, help). Keys are read here; what they do to the lists is the pure reducer in state.ts, and
// what they do to the repository goes through `BrowserActions` (session.ts), one write at a time.
import { Box, type Key, Text, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { FixPlan } from '../../audit/fix/apply.js';
import type { AuditResult } from '../../audit/index.js';
import type { Finding, RuleMeta, Severity } from '../../audit/types.js';
import type { ShownLine } from '../review/file-lines.js';
import { FileLines } from '../review/FileLines.js';
import { type TerminalSize, useTerminalSize } from '../terminal-size.js';
import { type DetailRow, type Tone, detailRows, noFixReason, wrap } from './detail-lines.js';
import { fixPlanLines, planCaveats, planSkips } from './fix-diff.js';
import { HelpOverlay } from './HelpOverlay.js';
import { fileName, plural, score, visibleLine } from './model.js';
import { Overview, overviewLayout } from './Overview.js';
import type { BrowserActions } from './session.js';
import { type OverviewAction, currentFinding, deriveView, initialState, reduce } from './state.js';
import { RESOURCES_RULE } from './resource-fix.js';
import { ResourceForm } from './ResourceForm.js';
import { SuppressForm } from './SuppressForm.js';
import { inlineRefusal } from './suppression.js';

export type BrowserExit = 'quit' | 'interrupt';

export interface AuditBrowserProps {
  readonly initial: AuditResult;
  readonly actions: BrowserActions;
  /** The audited folder, as the person named it. */
  readonly heading: string;
  readonly minSeverity?: Severity;
  /** Called once, after the closing frame; the result is what is left. */
  readonly onExit: (how: BrowserExit, result: AuditResult) => void;
  /** A line summarising what is left, for the closing frame. */
  readonly closingLine?: (how: BrowserExit, result: AuditResult) => string;
  /** Fixed size, for tests; otherwise the terminal's. */
  readonly size?: TerminalSize;
}

type Screen =
  | { readonly kind: 'overview' }
  | { readonly kind: 'help' }
  | { readonly kind: 'detail'; readonly finding: Finding; readonly top: number }
  | { readonly kind: 'preview'; readonly title: string; readonly plan: FixPlan; readonly top: number }
  | { readonly kind: 'suppress'; readonly finding: Finding }
  /** k8s/missing-resources: the values to fix with, asked before the preview. */
  | { readonly kind: 'resources'; readonly title: string; readonly findings: readonly Finding[] }
  | { readonly kind: 'closed'; readonly how: BrowserExit };

/** No modifier or special key: a plain character. */
const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

type Status = { readonly text: string; readonly tone: 'ok' | 'error' | 'busy' };

export function AuditBrowser({ initial, actions, heading, minSeverity, onExit, closingLine, size: fixedSize }: AuditBrowserProps) {
  const size = useTerminalSize(fixedSize);
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(initial, minSeverity));
  const [screen, setScreenState] = useState<Screen>({ kind: 'overview' });
  const [status, setStatus] = useState<Status>();
  const busy = useRef(false);
  const interruptWhenDone = useRef(false);
  const layout = overviewLayout(size);
  const heights = { groups: layout.groups, findings: layout.findings };
  // Keys typed before Ink re-subscribes the handler (typing ahead) must see the newest screen and state.
  const latest = useRef({ state, screen });
  // Rendering catches the ref up with React's state (the same value, or newer after a re-audit).
  latest.current = { ...latest.current, state };
  const view = deriveView(state);
  /** Dispatches, and applies the same pure transition to `latest` at once, so keys that arrive
   *  before the next render (a pasted search, typing ahead) see its effect. */
  const act = (action: OverviewAction) => {
    latest.current = { ...latest.current, state: reduce(latest.current.state, action) };
    dispatch(action);
  };
  const setScreen = (next: Screen) => {
    latest.current = { ...latest.current, screen: next };
    setScreenState(next);
  };

  useEffect(() => {
    if (screen.kind === 'closed') onExit(screen.how, latest.current.state.result);
  }, [screen]);

  const ruleOf = (id: string): RuleMeta | undefined => latest.current.state.result.rules.find((rule) => rule.id === id);

  const close = (how: BrowserExit) => {
    if (busy.current) {
      // A write is under way: let it finish (it is atomic either way), then leave.
      interruptWhenDone.current = true;
      setStatus({ text: 'Finishing the write, then quitting…', tone: 'busy' });
      return;
    }
    setScreen({ kind: 'closed', how });
  };

  /** Runs a write (or a re-audit) and shows how the findings and the score moved. */
  const run = (what: string, work: () => Promise<AuditResult | undefined>, describe: (after: AuditResult) => string) => {
    if (busy.current) return;
    busy.current = true;
    const before = latest.current.state.result.findings;
    setStatus({ text: what, tone: 'busy' });
    void work()
      .then((after) => {
        if (!after) return;
        act({ type: 'audited', result: after, heights });
        // A detail open on a finding of the old result would show (and fix) lines that moved.
        if (latest.current.screen.kind === 'detail') setScreen({ kind: 'overview' });
        const moved = `${before.length} → ${after.findings.length} findings · score ${score(before)} → ${score(after.findings)}`;
        setStatus({ text: `${describe(after)} · ${moved}`, tone: 'ok' });
      })
      .catch((error: unknown) => setStatus({ text: error instanceof Error ? error.message : String(error), tone: 'error' }))
      .finally(() => {
        busy.current = false;
        if (interruptWhenDone.current) setScreen({ kind: 'closed', how: 'interrupt' });
      });
  };

  const previewOne = (finding: Finding | undefined) => {
    if (!finding) return;
    if (!finding.fix) return setStatus({ text: `${finding.ruleId}: ${noFixReason(finding, ruleOf(finding.ruleId))}`, tone: 'error' });
    const where = `${fileName(finding.location.file)}:${finding.location.line}`;
    const title = `Fix ${finding.ruleId} at ${where}: ${finding.fix.description}`;
    if (finding.ruleId === RESOURCES_RULE) return setScreen({ kind: 'resources', title, findings: [finding] });
    setScreen({ kind: 'preview', title, plan: actions.preview([finding]), top: 0 });
  };
  const previewAll = (finding: Finding | undefined) => {
    if (!finding) return;
    const all = latest.current.state.result.findings.filter((other) => other.ruleId === finding.ruleId);
    const fixable = all.filter((other) => other.fix).length;
    if (fixable === 0) return setStatus({ text: `${finding.ruleId}: ${noFixReason(finding, ruleOf(finding.ruleId))}`, tone: 'error' });
    const left = all.length - fixable;
    const title = `Fix all ${fixable} of ${finding.ruleId}${left > 0 ? ` (${left} without an automatic fix stay)` : ''}`;
    if (finding.ruleId === RESOURCES_RULE) return setScreen({ kind: 'resources', title, findings: all });
    setScreen({ kind: 'preview', title, plan: actions.preview(all), top: 0 });
  };
  const apply = (plan: FixPlan) => {
    setScreen({ kind: 'overview' });
    const files = plan.changes.length;
    run(`Applying ${plan.fixed.length === 1 ? 'the fix' : `${plan.fixed.length} fixes`}…`, () => actions.apply(plan), () => `Fixed ${plural(plan.fixed.length, 'finding')} in ${plural(files, 'file')} (u undoes)`);
  };
  const undo = () => {
    if (!actions.canUndo()) return setStatus({ text: 'Nothing to undo.', tone: 'error' });
    run('Undoing the last fix…', () => actions.undo(), () => 'Undid the last fix');
  };
  const suppress = (finding: Finding | undefined) => {
    if (finding) setScreen({ kind: 'suppress', finding });
  };
  /** Keys that act on a finding, the same in the overview and the detail. */
  const findingKeys = (input: string, finding: Finding | undefined): boolean => {
    if (input === 'f') previewOne(finding);
    else if (input === 'F') previewAll(finding);
    else if (input === 'i') suppress(finding);
    else if (input === 'u') undo();
    else return false;
    return true;
  };

  const onKey = (input: string, key: Key): void => {
    // Keys typed ahead or pasted arrive as one string: take them one by one, as typed. A search
    // being typed takes the rest whole.
    if (input.length > 1 && !key.ctrl && !key.meta && !latest.current.state.searching && latest.current.screen.kind !== 'suppress') {
      const [first = '', ...rest] = [...input];
      onKey(first, NO_KEY);
      if (rest.length > 0) onKey(rest.join(''), NO_KEY);
      return;
    }
    const { state: now, screen: on } = latest.current;
    if (key.ctrl && input === 'c') return close('interrupt');
    if (busy.current) return;
    if (on.kind === 'overview') {
      if (now.searching) {
        if (key.escape) act({ type: 'search-end', keep: false });
        else if (key.return) act({ type: 'search-end', keep: true });
        else if (key.backspace || key.delete) act({ type: 'search-erase' });
        // eslint-disable-next-line no-control-regex
        else if (!key.ctrl && !key.meta && input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '') !== '') act({ type: 'search-type', text: input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '') });
        return;
      }
      const page = now.focus === 'groups' ? heights.groups : heights.findings;
      if (key.upArrow || input === 'k') act({ type: 'move', by: -1, heights });
      else if (key.downArrow || input === 'j') act({ type: 'move', by: 1, heights });
      else if (key.pageUp) act({ type: 'move', by: -page, heights });
      else if (key.pageDown) act({ type: 'move', by: page, heights });
      else if (key.home) act({ type: 'edge', to: 'first', heights });
      else if (key.end) act({ type: 'edge', to: 'last', heights });
      else if (key.tab) act({ type: 'switch-pane' });
      else if (key.return || key.rightArrow) {
        if (now.focus === 'groups') act({ type: 'open' });
        else {
          const finding = currentFinding(now);
          if (finding) setScreen({ kind: 'detail', finding, top: 0 });
        }
      } else if (key.leftArrow && now.focus === 'findings') act({ type: 'switch-pane' });
      else if (input === 'g') act({ type: 'toggle-grouping' });
      else if (input === 's') act({ type: 'cycle-severity' });
      else if (input === 'a') act({ type: 'cycle-area' });
      else if (input === 'c') act({ type: 'clear-filters' });
      else if (input === '/') act({ type: 'search-start' });
      else if (input === '?') setScreen({ kind: 'help' });
      else if (input === 'r') run('Re-auditing…', () => actions.reload(), () => 'Re-audited');
      else if (input === 'q') close('quit');
      else findingKeys(input, currentFinding(now));
      return;
    }
    if (on.kind === 'detail' || on.kind === 'preview') {
      const body = size.rows - 4;
      const scroll = (by: number) => setScreen({ ...on, top: Math.max(0, on.top + by) });
      if (key.upArrow || input === 'k') scroll(-1);
      else if (key.downArrow || input === 'j') scroll(1);
      else if (key.pageUp) scroll(-body);
      else if (key.pageDown || input === ' ') scroll(body);
      else if (key.escape || key.leftArrow || key.backspace || key.delete || input === 'q' || (on.kind === 'preview' && input === 'n')) setScreen({ kind: 'overview' });
      else if (on.kind === 'preview' && (input === 'y' || key.return)) {
        if (on.plan.changes.length > 0) apply(on.plan);
      } else if (on.kind === 'detail') findingKeys(input, on.finding);
    }
  };
  useInput(onKey, { isActive: screen.kind === 'overview' || screen.kind === 'detail' || screen.kind === 'preview' });

  if (screen.kind === 'closed') {
    return <Text>{closingLine ? closingLine(screen.how, state.result) : `Audit: ${plural(state.result.findings.length, 'finding')} left.`}</Text>;
  }
  if (screen.kind === 'help') return <HelpOverlay width={Math.min(size.columns, 100)} onClose={() => setScreen({ kind: 'overview' })} />;
  if (screen.kind === 'suppress') {
    const refusal = inlineRefusal(state.result.repo, screen.finding);
    return (
      <SuppressForm
        finding={screen.finding}
        {...(refusal ? { inlineRefusal: refusal } : {})}
        today={actions.today()}
        width={size.columns}
        onCancel={() => setScreen({ kind: 'overview' })}
        onInterrupt={() => close('interrupt')}
        onSubmit={(place, input) => {
          const finding = screen.finding;
          setScreen({ kind: 'overview' });
          const where = place === 'inline' ? 'inline' : 'in .secure-container.yaml';
          run('Recording the suppression…', () => actions.suppress(finding, place, input), () => `Suppressed ${finding.ruleId} at ${fileName(finding.location.file)}:${finding.location.line} ${where}`);
        }}
      />
    );
  }
  if (screen.kind === 'resources') {
    return (
      <ResourceForm
        title={visibleLine(screen.title)}
        width={size.columns}
        onCancel={() => setScreen({ kind: 'overview' })}
        onInterrupt={() => close('interrupt')}
        onSubmit={(values) => {
          setScreen({ kind: 'preview', title: screen.title, plan: actions.preview(screen.findings, values), top: 0 });
        }}
      />
    );
  }
  if (screen.kind === 'detail') return <DetailScreen screen={screen} result={state.result} rule={ruleOf(screen.finding.ruleId)} size={size} status={status} />;
  if (screen.kind === 'preview') return <PreviewScreen screen={screen} size={size} />;
  return <Overview heading={heading} state={state} view={view} size={size} {...(status ? { status } : {})} />;
}

const TONE: Readonly<Record<Tone, object>> = {
  heading: { bold: true },
  dim: { dimColor: true },
  span: { inverse: true, color: 'red' },
  caret: { color: 'red', bold: true },
  good: { color: 'green' },
  warn: { color: 'yellow' },
  severity: { color: 'yellow' },
};

function DetailScreen({ screen, result, rule, size, status }: { screen: Extract<Screen, { kind: 'detail' }>; result: AuditResult; rule: RuleMeta | undefined; size: TerminalSize; status: Status | undefined }) {
  const rows = useMemo(() => detailRows(result, screen.finding, rule, size.columns), [result, screen.finding, rule, size.columns]);
  const body = Math.max(3, size.rows - 3);
  const top = Math.min(screen.top, Math.max(0, rows.length - body));
  return (
    <Box flexDirection="column" width={size.columns}>
      <Box flexDirection="column" height={body}>
        {rows.slice(top, top + body).map((row, index) => (
          <DetailLine key={top + index} row={row} />
        ))}
      </Box>
      <Text wrap="truncate-end" {...(status?.tone === 'error' ? { color: 'red' } : { dimColor: true })}>
        {status?.tone === 'error' ? visibleLine(status.text) : rows.length > body ? `lines ${top + 1}-${Math.min(rows.length, top + body)} of ${rows.length}` : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        ↑↓ scroll · f fix · F fix all · i suppress · u undo · esc back
      </Text>
    </Box>
  );
}

function DetailLine({ row }: { row: DetailRow }) {
  return (
    <Text wrap="truncate-end">
      {row.map((segment, index) => (
        <Text key={index} {...(segment.tone ? TONE[segment.tone] : {})}>
          {segment.text === '' && row.length === 1 ? ' ' : segment.text}
        </Text>
      ))}
    </Text>
  );
}

function PreviewScreen({ screen, size }: { screen: Extract<Screen, { kind: 'preview' }>; size: TerminalSize }) {
  // Every caveat in full, before the diff: nothing a person should check is cut off at the edge.
  const lines = useMemo((): ShownLine[] => {
    const notes = [
      ...planCaveats(screen.plan).flatMap((text) => wrap(`Check first: ${text}`, size.columns)),
      ...planSkips(screen.plan).flatMap((text) => wrap(`Not included: ${text}`, size.columns)),
    ].map((text): ShownLine => ({ text, kind: 'note' }));
    return [...notes, ...(notes.length > 0 ? [{ text: '', kind: 'context' as const }] : []), ...fixPlanLines(screen.plan)];
  }, [screen.plan, size.columns]);
  const body = Math.max(3, size.rows - 4);
  const top = Math.min(screen.top, Math.max(0, lines.length - body));
  const empty = screen.plan.changes.length === 0;
  return (
    <Box flexDirection="column" width={size.columns}>
      <Text bold wrap="truncate-end">{visibleLine(screen.title)}</Text>
      <FileLines lines={lines} from={top} count={body} width={size.columns} />
      <Text dimColor wrap="truncate-end">
        {[
          ...(empty ? ['No automatic fix could be applied (see above).'] : [`${plural(screen.plan.fixed.length, 'finding')} in ${plural(screen.plan.changes.length, 'file')}`]),
          ...(lines.length > body ? [`lines ${top + 1}-${Math.min(lines.length, top + body)} of ${lines.length}`] : []),
        ].join(' · ')}
      </Text>
      <Text wrap="truncate-end">{empty ? 'esc back' : 'y apply · ↑↓ scroll · esc cancel'}</Text>
    </Box>
  );
}
