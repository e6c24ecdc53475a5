// The review: every file the answers produce, marked new, changed or unchanged. New files start
// selected; a file that differs from the one on disk starts unselected and is replaced only if
// the person selects it (a .bak copy is kept), unless it is the tool's own earlier output,
// unedited since. Enter shows a file's content or its diff; on a wide terminal a preview sits
// beside the list. Nothing is written until `w` (refused with nothing selected); leaving with
// esc or q asks first, since the answers are lost; the selection survives going back.
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { PlannedFile } from '../../generate/plan.js';
import type { FileChange } from '../../generate/write.js';
import { type TerminalSize, useTerminalSize } from '../terminal-size.js';
import { fileLines } from './file-lines.js';
import { FileLines } from './FileLines.js';
import { FileView } from './FileView.js';

/** What the person selected, kept while they go back to the answers and return. */
export interface ReviewChoices {
  /** Every file that could be written when they left, and the ones of those they had selected. */
  readonly offered: ReadonlySet<string>;
  readonly selected: ReadonlySet<string>;
}

export type ReviewOutcome =
  | { readonly action: 'write'; readonly paths: readonly string[] }
  | { readonly action: 'back'; readonly choices: ReviewChoices }
  | { readonly action: 'cancel' }
  | { readonly action: 'interrupt' };

export interface ReviewScreenProps {
  readonly changes: readonly FileChange<PlannedFile>[];
  /** e.g. "node-app into examples/node-app" */
  readonly heading: string;
  /** Start with changed files selected too (--force was given). */
  readonly replaceChanged?: boolean;
  /**
   * Files on disk that are the tool's own earlier output, unedited since: replacing them loses
   * nothing of the person's, so they start selected when they change.
   */
  readonly ourEarlierOutput?: ReadonlySet<string>;
  /** The choices made the last time this review was open: they win over the defaults. */
  readonly previous?: ReviewChoices;
  /** Why a selection can't be written as it is (a kept file the new ones contradict), or undefined. */
  readonly checkSelection?: (selected: ReadonlySet<string>) => string | undefined;
  readonly onDone: (outcome: ReviewOutcome) => void;
  /** Fixed size, for tests; otherwise the terminal's. */
  readonly size?: TerminalSize;
}

/** From this width on, the list and a preview of the file under the cursor sit side by side. */
export const PREVIEW_MIN_COLUMNS = 120;

export function ReviewScreen({ changes, heading, replaceChanged = false, ourEarlierOutput = new Set(), previous, checkSelection, onDone, size }: ReviewScreenProps) {
  const { columns, rows } = useTerminalSize(size);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => initialSelection(changes, { replaceChanged, ourEarlierOutput, previous }));
  const [viewing, setViewing] = useState(false);
  const [outcome, setOutcome] = useState<ReviewOutcome>();
  /** A line about the last key that could not do what it asked (w with nothing selected). */
  const [problem, setProblem] = useState<string>();
  /** Esc or q asked to leave: the answers would be lost, so it asks first. */
  const [confirmingCancel, setConfirmingCancel] = useState(false);

  // Report only after the closing frame (one line) has rendered, so the list doesn't stay on screen.
  useEffect(() => {
    if (outcome) onDone(outcome);
  }, [outcome]);

  const writable = changes.filter((c) => c.status !== 'unchanged');
  const current = changes[cursor];
  // Ink re-subscribes the input handler after each frame; keys arriving before that (typing
  // ahead, key repeat) would see the previous frame's state. The handler reads this instead.
  const latest = useRef({ cursor, selected });
  latest.current = { cursor, selected };
  // Heading, blank line, status and keys take four rows; one row stays free.
  const listRows = Math.max(3, rows - 5);
  const top = Math.min(Math.max(0, cursor - listRows + 1), Math.max(0, changes.length - listRows));
  const wide = columns >= PREVIEW_MIN_COLUMNS;
  const listWidth = wide ? Math.min(72, Math.floor(columns / 2)) : columns;
  // Paths line up in one column; +a -b counts belong to the path, so they count in its width.
  const pathWidth = Math.min(40, Math.max(...changes.map((c) => c.file.path.length + countsText(c).length)));

  const update = (next: { cursor?: number; selected?: ReadonlySet<string> }) => {
    latest.current = { ...latest.current, ...next };
    if (next.cursor !== undefined) setCursor(next.cursor);
    if (next.selected) setSelected(next.selected);
  };
  const move = (by: number) => update({ cursor: Math.min(changes.length - 1, Math.max(0, latest.current.cursor + by)) });
  const toggle = () => {
    const change = changes[latest.current.cursor];
    if (!change || change.status === 'unchanged') return;
    const next = new Set(latest.current.selected);
    if (next.has(change.file.path)) next.delete(change.file.path);
    else next.add(change.file.path);
    update({ selected: next });
  };
  const toggleAll = () => {
    const all = writable.every((c) => latest.current.selected.has(c.file.path));
    update({ selected: new Set(all ? [] : writable.map((c) => c.file.path)) });
  };

  const choices = (): ReviewChoices => ({ offered: new Set(writable.map((c) => c.file.path)), selected: latest.current.selected });
  const write = () => {
    const paths = changes.filter((c) => latest.current.selected.has(c.file.path)).map((c) => c.file.path);
    if (paths.length === 0 && writable.length > 0) {
      setProblem('Nothing is selected: space selects a file, a selects all; esc leaves without writing.');
      return;
    }
    const refusal = checkSelection?.(latest.current.selected);
    if (refusal) {
      setProblem(refusal);
      return;
    }
    setOutcome({ action: 'write', paths });
  };

  useInput(
    (input, key) => {
      if (outcome) return;
      if (key.ctrl && input === 'c') return setOutcome({ action: 'interrupt' });
      if (confirmingCancel) {
        if (input === 'y' || input === 'Y') setOutcome({ action: 'cancel' });
        setConfirmingCancel(false);
        return;
      }
      setProblem(undefined);
      if (key.upArrow || input === 'k') move(-1);
      else if (key.downArrow || input === 'j') move(1);
      else if (key.pageUp) move(-listRows);
      else if (key.pageDown) move(listRows);
      else if (input === ' ') toggle();
      else if (input === 'a') toggleAll();
      else if (key.return || key.rightArrow) setViewing(true);
      else if (input === 'w') write();
      else if (input === 'b' || key.leftArrow) setOutcome({ action: 'back', choices: choices() });
      else if (key.escape || input === 'q') setConfirmingCancel(true);
    },
    { isActive: !viewing },
  );

  if (outcome) return <Text dimColor>{closingLine(outcome)}</Text>;
  if (viewing && current) {
    return <FileView change={current} columns={columns} rows={rows} onClose={() => setViewing(false)} onInterrupt={() => setOutcome({ action: 'interrupt' })} />;
  }

  const keptChanged = changes.filter((c) => c.status === 'changed' && !selected.has(c.file.path)).length;
  const status =
    `${selected.size} of ${writable.length} file${writable.length === 1 ? '' : 's'} to write selected` +
    (keptChanged > 0 ? ` · ${keptChanged} changed file${keptChanged === 1 ? '' : 's'} kept as on disk` : '');
  return (
    <Box flexDirection="column" width={columns}>
      <Text bold wrap="truncate-end">{`Review: ${heading}`}</Text>
      <Text> </Text>
      <Box>
        <Box flexDirection="column" width={listWidth} height={listRows}>
          {changes.slice(top, top + listRows).map((change, index) => (
            <FileRow
              key={change.file.path}
              change={change}
              active={top + index === cursor}
              selected={selected.has(change.file.path)}
              ours={change.status === 'changed' && ourEarlierOutput.has(change.file.path)}
              pathWidth={pathWidth}
            />
          ))}
        </Box>
        {wide && current ? (
          <Box marginLeft={2} flexDirection="column" width={columns - listWidth - 2}>
            <FileLines lines={fileLines(current)} from={0} count={listRows} width={columns - listWidth - 2} />
          </Box>
        ) : null}
      </Box>
      {confirmingCancel ? (
        <Text color="yellow" wrap="truncate-end">
          Leave without writing anything? Your answers are not kept. y leaves · any other key stays
        </Text>
      ) : problem ? (
        <Text color="red">{problem}</Text>
      ) : (
        <Text wrap="truncate-end">{status}</Text>
      )}
      <Text dimColor wrap="truncate-end">
        ↑↓ move · space select · enter view · a all · w write · b back to answers · esc cancel
      </Text>
    </Box>
  );
}

/**
 * New files start selected; a changed file only when replacing it loses nothing of the person's
 * (--force, or the tool's own unedited earlier output). Files offered last time keep the choice
 * made then.
 */
function initialSelection(
  changes: readonly FileChange<PlannedFile>[],
  { replaceChanged, ourEarlierOutput, previous }: { replaceChanged: boolean; ourEarlierOutput: ReadonlySet<string>; previous: ReviewChoices | undefined },
): ReadonlySet<string> {
  const selected = new Set<string>();
  for (const change of changes) {
    const path = change.file.path;
    if (change.status === 'unchanged') continue;
    const byDefault = change.status === 'new' || replaceChanged || ourEarlierOutput.has(path);
    if (previous?.offered.has(path) ? previous.selected.has(path) : byDefault) selected.add(path);
  }
  return selected;
}

const STATUS_COLOR = { new: 'green', changed: 'yellow', unchanged: undefined } as const;

function countsText(change: FileChange): string {
  return change.status === 'changed' ? ` +${change.added} -${change.removed}` : '';
}

function FileRow({ change, active, selected, ours, pathWidth }: { change: FileChange<PlannedFile>; active: boolean; selected: boolean; ours: boolean; pathWidth: number }) {
  const box = change.status === 'unchanged' ? '   ' : selected ? '[x]' : '[ ]';
  const counts = countsText(change);
  const color = STATUS_COLOR[change.status];
  return (
    <Text wrap="truncate-end" {...(active ? { inverse: true } : {})}>
      {`${active ? '›' : ' '} ${box} `}
      <Text {...(color ? { color } : { dimColor: true })}>{change.status.padEnd(9)}</Text>
      {` ${change.file.path}`}
      <Text color="yellow">{counts}</Text>
      {' '.repeat(Math.max(1, pathWidth - change.file.path.length - counts.length + 2))}
      <Text dimColor>{ours ? `written by us earlier, unedited · ${change.file.purpose}` : change.file.purpose}</Text>
    </Text>
  );
}

function closingLine(outcome: ReviewOutcome): string {
  switch (outcome.action) {
    case 'write':
      return `Review: writing ${outcome.paths.length} file${outcome.paths.length === 1 ? '' : 's'}.`;
    case 'back':
      return 'Review: back to the answers.';
    case 'cancel':
      return 'Review: cancelled.';
    case 'interrupt':
      return 'Review: interrupted.';
  }
}
