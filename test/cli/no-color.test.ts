// --no-color turns colours off even where picocolors would turn them on (CI=true, FORCE_COLOR):
// picocolors fixes its default functions when it loads, so each command must make its own.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
const ESCAPE = '\u001b[';

function run(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', FORCE_COLOR: '1' };
  delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-no-color-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--no-color under CI=true and FORCE_COLOR=1', () => {
  const generateArgs = () => [dir, '--yes', '--name', 'demo', '--language', 'node', '--dry-run'];

  it('the generator colours without the flag (so the check below means something)', () => {
    const { code, stdout } = run(generateArgs());
    expect(code).toBe(0);
    expect(stdout).toContain(ESCAPE);
  });

  it('the generator prints no escape sequence with it', () => {
    const { code, stdout, stderr } = run([...generateArgs(), '--no-color']);
    expect(code).toBe(0);
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(stdout + stderr).not.toContain(ESCAPE);
  });

  it('doctor prints no escape sequence with it', () => {
    const { code, stdout } = run(['doctor', '--no-color']);
    expect(code).toBe(0);
    expect(stdout).toContain('Optional tools');
    expect(stdout).not.toContain(ESCAPE);
  });

  it('audit prints no escape sequence with it', () => {
    const { stdout } = run(['audit', path.join(ROOT, 'examples/insecure-repo'), '--no-color']);
    expect(stdout).toContain('By rule, most severe first');
    expect(stdout).not.toContain(ESCAPE);
  });
});
