// `... | head -1`: the reader of stdout goes away after the first chunk. The command must end
// quietly with its own exit code (no EPIPE stack trace, no exit 1 from an uncaught error), and
// the generator must still finish the write it started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');

/** Runs the built command with stdout piped to a reader that closes after the first chunk. */
function runWithEarlyClose(args: string[]): Promise<{ code: number | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstChunk = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString('utf8');
      child.stdout.destroy(); // like head -1: the read end of the pipe is closed
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, firstChunk }));
  });
}

let dir: string;
beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-pipe-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a stdout closed early', () => {
  it('ends the audit quietly with its own exit code', async () => {
    // SARIF is larger than a pipe's buffer, so the write is still going when the reader leaves;
    // --fail-on none makes the run's own code 0, where an uncaught EPIPE would give 1.
    const { code, stderr, firstChunk } = await runWithEarlyClose(['audit', 'examples/insecure-repo', '--format', 'sarif', '--fail-on', 'none']);
    expect(firstChunk).toMatch(/^\{/);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at |unexpected error/);
    expect(code).toBe(0);
  });

  it('ends the generator quietly with exit 0, after writing every file', async () => {
    const { code, stderr, firstChunk } = await runWithEarlyClose([dir, '--yes', '--name', 'web', '--language', 'node']);
    expect(firstChunk).toMatch(/^Generating for web/);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at |unexpected error/);
    expect(code).toBe(0);
    const written = await readdir(dir);
    expect(written).toEqual(expect.arrayContaining(['Dockerfile', 'k8s', '.secure-container.yaml', 'SECURITY.md']));
    expect(written.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
