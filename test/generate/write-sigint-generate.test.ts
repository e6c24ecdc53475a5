// The generator's SIGINT handler around writeChanges: Ctrl-C before the write's commit point stops
// it (every file as it was), after it lets the write finish; either way the run ends with 130 and
// says which happened. The signal is delivered, through the handler the generator installed, at a
// chosen step of the real write (the module is wrapped only to pass that step hook).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROFILE_CASES, profileFrom } from '../helpers/profiles.js';

const trigger = vi.hoisted(() => ({ step: '', listenersBefore: new Set<NodeJS.SignalsListener>() }));

vi.mock('../../src/generate/write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/generate/write.js')>();
  return {
    ...real,
    writeChanges: (root: string, changes: Parameters<typeof real.writeChanges>[1], options: Parameters<typeof real.writeChanges>[2] = {}) =>
      real.writeChanges(root, changes, {
        ...options,
        beforeStep: (step) => {
          if (step !== trigger.step) return;
          trigger.step = ''; // once
          // Ctrl-C: call the handler the generator installed (not vitest's own).
          for (const listener of process.listeners('SIGINT')) if (!trigger.listenersBefore.has(listener)) listener('SIGINT');
        },
      }),
  };
});

const { generate } = await import('../../src/commands/generate.js');

let dir: string;
let stdout: string;
let stderr: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-generate-sigint-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  trigger.listenersBefore = new Set(process.listeners('SIGINT'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  trigger.step = '';
  await rm(dir, { recursive: true, force: true });
});

const options = (force: boolean) => ({ dir, yes: true, dryRun: false, diff: false, force, color: false });
const first = profileFrom({ ...PROFILE_CASES['node-npm-public-github-keyless-kyverno']!, port: 3000 });
const second = profileFrom({ ...PROFILE_CASES['node-npm-public-github-keyless-kyverno']!, port: 4000 });

async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('Ctrl-C while the generator writes', () => {
  it('before the commit point: exit 130, "nothing was written", every file as it was', async () => {
    expect(await generate(first, options(false))).toBe(0);
    const before = await snapshot();
    trigger.step = 'stage-backup';
    expect(await generate(second, options(true))).toBe(130);
    expect(stderr).toContain('Interrupted before any file was replaced; nothing was written.');
    expect(await snapshot()).toEqual(before);
    expect(process.listeners('SIGINT').filter((listener) => !trigger.listenersBefore.has(listener))).toEqual([]);
  });

  it('after the commit point: the write finishes first, exit 130, and the message says so', async () => {
    expect(await generate(first, options(false))).toBe(0);
    trigger.step = 'move';
    expect(await generate(second, options(true))).toBe(130);
    expect(stderr).toContain('the write was finished first, so the files agree with each other');
    expect(stdout).toMatch(/Done\. \d+ written/);
    const after = await snapshot();
    expect(Object.entries(after).filter(([name, text]) => !name.includes('.bak') && text.includes('3000'))).toEqual([]);
    expect(Object.keys(after).some((name) => name.endsWith('.bak'))).toBe(true);
    expect(Object.keys(after).filter((name) => name.includes('.secure-container.') && !name.endsWith('.yaml') && !name.includes('.bak'))).toEqual([]);
  });
});
