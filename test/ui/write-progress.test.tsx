import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WriteResult } from '../../src/generate/write.js';
import { type WriteHooks, type WriteOutcome, WriteProgress } from '../../src/ui/wizard/WriteProgress.js';
import { KEY, tick } from './helpers.js';

afterEach(() => cleanup());

const paths = ['Dockerfile', 'k8s/deployment.yaml', 'k8s/service.yaml'];

/** A write that lands one file each time `step()` is called. */
function steppedWrite() {
  let hooks: WriteHooks | undefined;
  let finish: ((result: WriteResult) => void) | undefined;
  let fail: ((error: unknown) => void) | undefined;
  let landed = 0;
  const write = (given: WriteHooks) => {
    hooks = given;
    return new Promise<WriteResult>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return {
    write,
    step: () => hooks!.onWritten(paths[landed++]!),
    finish: () => finish!({ written: paths.slice(0, landed), unchanged: [], backups: [] }),
    fail: (error: unknown) => fail!(error),
    signal: () => hooks!.signal,
  };
}

describe('WriteProgress', () => {
  it('ticks off each file as it lands, then reports the result', async () => {
    const run = steppedWrite();
    const onDone = vi.fn<(outcome: WriteOutcome) => void>();
    const { lastFrame } = render(<WriteProgress paths={paths} write={run.write} onDone={onDone} size={{ columns: 80, rows: 24 }} />);
    await tick();
    expect(lastFrame()).toContain('Writing 0 of 3 files');
    run.step();
    await tick();
    expect(lastFrame()).toMatch(/✔ Dockerfile\n {2}· k8s\/deployment\.yaml/);
    run.step();
    run.step();
    run.finish();
    await tick();
    expect(lastFrame()).toMatch(/^Wrote 3 files\./);
    expect(onDone).toHaveBeenCalledWith({ kind: 'written', result: { written: paths, unchanged: [], backups: [] }, interrupted: false });
  });

  it('Ctrl-C aborts the write; a write stopped before renaming reports that nothing was written', async () => {
    const run = steppedWrite();
    const onDone = vi.fn<(outcome: WriteOutcome) => void>();
    const { stdin, lastFrame } = render(<WriteProgress paths={paths} write={run.write} onDone={onDone} />);
    await tick();
    stdin.write(KEY.ctrlC);
    await tick();
    expect(run.signal().aborted).toBe(true);
    expect(lastFrame()).toContain('(stopping…)');
    run.fail(run.signal().reason);
    await tick();
    expect(onDone).toHaveBeenCalledWith({ kind: 'stopped' });
    expect(lastFrame()).toBe('Stopped before any file was replaced; nothing was written.');
  });

  it('a write that completes despite Ctrl-C is reported as written and interrupted', async () => {
    const run = steppedWrite();
    const onDone = vi.fn<(outcome: WriteOutcome) => void>();
    const { stdin } = render(<WriteProgress paths={paths} write={run.write} onDone={onDone} />);
    await tick();
    run.step();
    stdin.write(KEY.ctrlC);
    await tick();
    run.finish();
    await tick();
    expect(onDone).toHaveBeenCalledWith(expect.objectContaining({ kind: 'written', interrupted: true }));
  });

  it('passes a failure on', async () => {
    const run = steppedWrite();
    const onDone = vi.fn<(outcome: WriteOutcome) => void>();
    const { lastFrame } = render(<WriteProgress paths={paths} write={run.write} onDone={onDone} />);
    await tick();
    const error = new Error('EACCES');
    run.fail(error);
    await tick();
    expect(onDone).toHaveBeenCalledWith({ kind: 'failed', error });
    expect(lastFrame()).toMatch(/^Writing failed; no file was left half-written\./);
  });

  it('keeps the list within the screen, showing where the write is', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `file-${i}`);
    const onWritten: string[] = [];
    let hooks: WriteHooks | undefined;
    const { lastFrame } = render(
      <WriteProgress
        paths={many}
        write={(given) => {
          hooks = given;
          return new Promise(() => {});
        }}
        onDone={() => {}}
        size={{ columns: 80, rows: 24 }}
      />,
    );
    await tick();
    for (const path of many.slice(0, 30)) {
      hooks!.onWritten(path);
      onWritten.push(path);
    }
    await tick();
    const frame = lastFrame()!.split('\n');
    expect(frame.length).toBeLessThanOrEqual(22);
    expect(frame).toContain('  ✔ file-29');
    expect(frame).toContain('  · file-30');
  });
});
