// One optional check running on the generated files (docker build, trivy config, kubectl dry
// run): the command as typed, its output streaming in a window that fits the screen, then how it
// ended. Ctrl-C stops the tool, not the wizard's files, which are already written.
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { CheckResult } from '../../tools/checks.js';
import { type TerminalSize, useTerminalSize } from '../terminal-size.js';

export interface ToolRunProps {
  readonly title: string;
  readonly command: string;
  readonly run: (hooks: { onLine: (line: string) => void; signal: AbortSignal }) => Promise<CheckResult>;
  /** With every line the tool printed (the last MAX_KEPT_LINES), for showing a failure in full. */
  readonly onDone: (outcome: { result: CheckResult; interrupted: boolean; output: readonly string[] }) => void;
  /** Output rows to keep on screen; by default what fits. */
  readonly outputRows?: number;
  readonly size?: TerminalSize;
}

/** Lines kept for the full report of a failure: enough for any compiler error, bounded for a runaway tool. */
export const MAX_KEPT_LINES = 500;

export function ToolRun({ title, command, run, onDone, outputRows, size }: ToolRunProps) {
  const { rows } = useTerminalSize(size);
  const keep = outputRows ?? Math.max(3, rows - 5);
  const [lines, setLines] = useState<readonly string[]>([]);
  const [result, setResult] = useState<CheckResult>();
  const controller = useRef(new AbortController());
  const output = useRef<string[]>([]);

  useEffect(() => {
    let buffer: string[] = [];
    run({
      signal: controller.current.signal,
      onLine: (line) => {
        const shown = displayable(line);
        output.current.push(shown);
        if (output.current.length > MAX_KEPT_LINES * 2) output.current.splice(0, output.current.length - MAX_KEPT_LINES);
        buffer = [...buffer, shown].slice(-keep);
        setLines(buffer);
      },
    }).then(setResult, (error: unknown) =>
      setResult({ exitCode: undefined, ok: false, durationMs: 0, problem: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  useEffect(() => {
    if (result) onDone({ result, interrupted: controller.current.signal.aborted, output: output.current.slice(-MAX_KEPT_LINES) });
  }, [result]);

  useInput((input, key) => {
    if (key.ctrl && input === 'c' && !result) controller.current.abort();
  });

  const seconds = result ? `${(result.durationMs / 1000).toFixed(1)}s` : '';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{title}</Text>
      <Text wrap="truncate-end" color="cyan">{`$ ${command}`}</Text>
      {lines.map((line, index) => (
        <Text key={index} dimColor wrap="truncate-end">
          {`  ${line || ' '}`}
        </Text>
      ))}
      {result === undefined ? (
        <Text dimColor>{'  running… (Ctrl-C stops it)'}</Text>
      ) : result.ok ? (
        <Text color="green">{`  ✔ passed in ${seconds}`}</Text>
      ) : (
        <Text color="red">{`  ✘ ${result.problem ?? `exit code ${result.exitCode}`} after ${seconds}`}</Text>
      )}
    </Box>
  );
}

/** A tool's output line as plain text: colour codes dropped, only the last of \r-overwritten states, no tabs. */
export function displayable(line: string): string {
  return (line.split('\r').filter((part) => part !== '').at(-1) ?? '')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    // An OSC sequence ends at BEL or ESC \; stopping at any ESC keeps this linear on many unended ones.
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\t/g, '    ')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
