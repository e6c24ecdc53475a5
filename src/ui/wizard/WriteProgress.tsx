// Progress while the selected files are written. Ctrl-C stops the write if it has not started
// moving files into place (nothing is left behind); after that the write completes, because a
// half-replaced set of manifests would disagree with itself.
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { WriteResult } from '../../generate/write.js';
import { type TerminalSize, useTerminalSize } from '../terminal-size.js';

export interface WriteHooks {
  readonly onWritten: (path: string) => void;
  readonly signal: AbortSignal;
}

export type WriteOutcome =
  | { readonly kind: 'written'; readonly result: WriteResult; readonly interrupted: boolean }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface WriteProgressProps {
  readonly paths: readonly string[];
  readonly write: (hooks: WriteHooks) => Promise<WriteResult>;
  readonly onDone: (outcome: WriteOutcome) => void;
  readonly size?: TerminalSize;
}

export function WriteProgress({ paths, write, onDone, size }: WriteProgressProps) {
  const { rows } = useTerminalSize(size);
  const [written, setWritten] = useState<ReadonlySet<string>>(new Set());
  const [stopping, setStopping] = useState(false);
  const [outcome, setOutcome] = useState<WriteOutcome>();
  const controller = useRef(new AbortController());

  useEffect(() => {
    const seen = new Set<string>();
    write({
      signal: controller.current.signal,
      onWritten: (path) => {
        seen.add(path);
        setWritten(new Set(seen));
      },
    }).then(
      (result) => setOutcome({ kind: 'written', result, interrupted: controller.current.signal.aborted }),
      (error: unknown) => setOutcome(controller.current.signal.aborted ? { kind: 'stopped' } : { kind: 'failed', error }),
    );
  }, []);

  useEffect(() => {
    if (outcome) onDone(outcome);
  }, [outcome]);

  useInput((input, key) => {
    if (key.ctrl && input === 'c' && !outcome) {
      controller.current.abort();
      setStopping(true);
    }
  });

  // Show the end of the list as it grows, within the screen.
  const shown = Math.max(3, rows - 3);
  const lastDone = paths.reduce((last, path, index) => (written.has(path) ? index : last), -1);
  const from = Math.max(0, Math.min(lastDone + 1, paths.length) - shown + 1);
  const heading =
    outcome?.kind === 'stopped'
      ? 'Stopped before any file was replaced; nothing was written.'
      : outcome?.kind === 'failed'
        ? 'Writing failed; no file was left half-written.'
        : outcome
          ? `Wrote ${written.size} file${written.size === 1 ? '' : 's'}.`
          : `Writing ${written.size} of ${paths.length} files${stopping ? ' (stopping…)' : ''}`;
  return (
    <Box flexDirection="column">
      <Text bold>{heading}</Text>
      {outcome?.kind === 'stopped'
        ? null
        : paths.slice(from, from + shown).map((path) => (
            <Text key={path} wrap="truncate-end">
              {written.has(path) ? <Text color="green">{'  ✔ '}</Text> : <Text dimColor>{'  · '}</Text>}
              {path}
            </Text>
          ))}
    </Box>
  );
}
