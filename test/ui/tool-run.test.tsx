import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CheckResult } from '../../src/tools/checks.js';
import { ToolRun, displayable } from '../../src/ui/tools/ToolRun.js';
import { KEY, tick } from './helpers.js';

afterEach(() => cleanup());

function controllable() {
  let onLine: ((line: string) => void) | undefined;
  let signal: AbortSignal | undefined;
  let resolve: ((result: CheckResult) => void) | undefined;
  return {
    run: (hooks: { onLine: (line: string) => void; signal: AbortSignal }) => {
      onLine = hooks.onLine;
      signal = hooks.signal;
      return new Promise<CheckResult>((done) => {
        resolve = done;
      });
    },
    line: (text: string) => onLine!(text),
    end: (result: CheckResult) => resolve!(result),
    signal: () => signal!,
  };
}

describe('ToolRun', () => {
  it('streams the output under the command, keeping the last lines that fit', async () => {
    const tool = controllable();
    const onDone = vi.fn();
    const { lastFrame } = render(<ToolRun title="Build the kustomization" command="kubectl kustomize k8s/" run={tool.run} onDone={onDone} outputRows={3} />);
    await tick();
    expect(lastFrame()).toContain('$ kubectl kustomize k8s/');
    expect(lastFrame()).toContain('running… (Ctrl-C stops it)');
    for (const n of [1, 2, 3, 4]) tool.line(`resource ${n} created (dry run)`);
    await tick();
    expect(lastFrame()).not.toContain('resource 1');
    expect(lastFrame()).toContain('resource 4 created (dry run)');
    tool.end({ exitCode: 0, ok: true, durationMs: 1234 });
    await tick();
    expect(lastFrame()).toContain('✔ passed in 1.2s');
    // Every line reaches the caller, not only the ones the window kept: a failure is printed whole.
    expect(onDone).toHaveBeenCalledWith({
      result: { exitCode: 0, ok: true, durationMs: 1234 },
      interrupted: false,
      output: [1, 2, 3, 4].map((n) => `resource ${n} created (dry run)`),
    });
  });

  it('shows a failing exit code', async () => {
    const tool = controllable();
    const { lastFrame } = render(<ToolRun title="Build" command="docker build ." run={tool.run} onDone={() => {}} />);
    await tick();
    tool.end({ exitCode: 1, ok: false, durationMs: 300 });
    await tick();
    expect(lastFrame()).toContain('✘ exit code 1 after 0.3s');
  });

  it('Ctrl-C stops the tool and says so', async () => {
    const tool = controllable();
    const onDone = vi.fn();
    const { stdin, lastFrame } = render(<ToolRun title="Build" command="docker build ." run={tool.run} onDone={onDone} />);
    await tick();
    stdin.write(KEY.ctrlC);
    await tick();
    expect(tool.signal().aborted).toBe(true);
    tool.end({ exitCode: undefined, ok: false, durationMs: 50, problem: 'cancelled' });
    await tick();
    expect(lastFrame()).toContain('✘ cancelled');
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ interrupted: true }));
  });

  it('cleans tool output for display: colours, carriage-return progress and tabs', () => {
    expect(displayable('\x1b[32m#5 DONE\x1b[0m 0.1s')).toBe('#5 DONE 0.1s');
    expect(displayable('10%\r50%\r100%')).toBe('100%');
    expect(displayable('a\tb\x07')).toBe('a    b');
    expect(displayable('\x1b]8;;https://x\x07link\x1b]8;;\x07')).toBe('link');
  });
});
