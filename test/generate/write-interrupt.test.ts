// Interruptions at random points of real writes: a child process (write-child.mjs, running the
// bundled module) writes 20 files with content A or B and is killed with SIGKILL or interrupted
// with SIGINT at a seeded random step of its write (plus a random few ms). After a SIGKILL the next write must leave every
// planned file all-A or all-B; after a SIGINT the child itself must. Never a temp, staging or
// lock file left over.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithDisk, writeChanges } from '../../src/generate/write.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'write-child.mjs');
const COUNT = 20;
const STEP_DELAY_MS = 1;
const ITERATIONS = 20;
let scratch: string;
let bundle: string;

beforeAll(async () => {
  // A memory file system where there is one: the fsyncs then cost nothing, and the loops stay short.
  scratch = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'csc-interrupt-'));
  bundle = path.join(scratch, 'write.mjs');
  await build({ entryPoints: [path.join(ROOT, 'src/generate/write.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The same plan as write-child.mjs. */
function plannedFiles(label: string) {
  return Array.from({ length: COUNT }, (_, i) => ({
    path: i % 3 === 0 ? `f${i}.txt` : `sub${i % 3}/deep/f${i}.txt`,
    content: `${label} ${i}\n`.repeat(50),
  }));
}

/** mulberry32: a seeded generator, so a failing sequence of delays can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

/** Where to interrupt: once the child reports its `afterStep`-th step, plus `extraMs`. */
interface Aim {
  readonly name: NodeJS.Signals;
  readonly afterStep: number;
  readonly extraMs: number;
}

/** A write with backups has 81 steps: 20 staged files, 20 staged backups, the journal, 20 backups, 20 moves. */
const STEPS = 4 * COUNT + 1;

function aim(random: () => number, name: NodeJS.Signals): Aim {
  return { name, afterStep: Math.floor(random() * (STEPS + 1)), extraMs: Math.floor(random() * 3) };
}

function runChild(dir: string, label: string, signal?: Aim): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, bundle, dir, label, String(COUNT), String(STEP_DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const steps = stdout.split('\n').filter((line) => line.startsWith('step ')).length;
      if (!signal || sent || !stdout.includes('start\n') || steps < signal.afterStep) return;
      sent = true;
      setTimeout(() => child.kill(signal.name), signal.extraMs);
    });
    child.on('error', reject);
    child.on('close', (code, received) => resolve({ code, signal: received, stdout }));
  });
}

/** The label every planned file holds, or 'mixed' / 'missing'. */
async function labelOnDisk(dir: string): Promise<string> {
  const labels = new Set<string>();
  for (const file of plannedFiles('A')) {
    const content = await readFile(path.join(dir, file.path), 'utf8').catch(() => 'missing');
    labels.add(content === 'missing' ? 'missing' : content.split(' ')[0]!);
  }
  return labels.size === 1 ? [...labels][0]! : 'mixed';
}

/** Names the safe write uses while it runs (or that the old module left), anywhere under dir. */
async function leftovers(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => /\.tmp$|\.secure-container\.(staging|lock)/.test(name));
}

/** Where a killed write stood: its staging folder with or without a journal, or nothing. */
function interruptedAt(dir: string): 'committing' | 'staging' | 'none' {
  const staging = path.join(dir, '.secure-container.staging');
  if (existsSync(path.join(staging, 'journal.json'))) return 'committing';
  return existsSync(staging) ? 'staging' : 'none';
}

describe('kill -9 at random points', () => {
  it('after each kill, the next write leaves the files all-A or all-B, and nothing else', async () => {
    const dir = path.join(scratch, 'sigkill');
    expect((await runChild(dir, 'A')).stdout).toContain('done');
    const random = seeded(11);
    const seen = { committing: 0, staging: 0, none: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const label = i % 2 === 0 ? 'B' : 'A';
      const before = await labelOnDisk(dir);
      const run = await runChild(dir, label, aim(random, 'SIGKILL'));
      expect(run.signal === 'SIGKILL' || run.stdout.includes('done')).toBe(true);
      const at = interruptedAt(dir);
      seen[at]++;
      // The next write (here in the test process) first finishes or discards the killed one; what
      // that recovery left is read when this write stages its first file (or at its end, if it has
      // nothing left to write).
      let recovered: string | undefined;
      const beforeStep = async (step: string) => {
        if (step === 'stage-new' && recovered === undefined) recovered = await labelOnDisk(dir);
      };
      const outcome = await writeChanges(dir, await compareWithDisk(dir, plannedFiles(label)), { force: true, beforeStep }).then(
        () => 'written',
        (error: Error) => error.message,
      );
      recovered ??= await labelOnDisk(dir);
      const expected = at === 'committing' ? [label] : at === 'staging' ? [before] : [before, label];
      expect({ iteration: i, at, recovered: expected.includes(recovered) }).toEqual({ iteration: i, at, recovered: true });
      expect({ iteration: i, outcome }).toEqual({ iteration: i, outcome: 'written' });
      expect(await labelOnDisk(dir)).toBe(label);
      expect(await leftovers(dir)).toEqual([]);
    }
    // The kills landed inside writes, before and after the commit point, not only around them.
    expect(seen.staging + seen.committing).toBeGreaterThan(ITERATIONS / 4);
    expect(seen.committing).toBeGreaterThan(0);
  }, 60_000);
});

describe('SIGINT at random points', () => {
  it('the interrupted run itself leaves the files all-old or all-new, with no staging, lock or temp file', async () => {
    const dir = path.join(scratch, 'sigint');
    expect((await runChild(dir, 'A')).stdout).toContain('done');
    const random = seeded(7);
    const outcomes = { stopped: 0, finished: 0, done: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const label = i % 2 === 0 ? 'B' : 'A';
      const before = await labelOnDisk(dir);
      const run = await runChild(dir, label, aim(random, 'SIGINT'));
      const after = await labelOnDisk(dir);
      expect(await leftovers(dir)).toEqual([]);
      if (run.stdout.includes('interrupted stopped')) {
        outcomes.stopped++;
        expect(run.code).toBe(130);
        expect(after).toBe(before);
      } else if (run.stdout.includes('interrupted finished')) {
        outcomes.finished++;
        expect(run.code).toBe(130);
        expect(after).toBe(label);
      } else {
        // The signal came after the write: it completed normally.
        outcomes.done++;
        expect(run.stdout).toContain('done');
        expect(after).toBe(label);
      }
    }
    expect(outcomes.stopped).toBeGreaterThan(0);
    expect(outcomes.finished).toBeGreaterThan(0);
  }, 60_000);
});
