// The built command as a user runs it (non-interactive: stdin is not a terminal here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { PROFILE_FLAGS } from '../src/profile/flags.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');

function run(args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    input: '',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FLAGS = ['--name', 'web', '--image', 'ghcr.io/acme/web', '--language', 'node'];
let dir: string;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('basics', () => {
  it('prints the version', () => {
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('documents every profile flag in --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    for (const flag of Object.keys(PROFILE_FLAGS)) expect(stdout).toMatch(new RegExp(`--(\\[no-\\])?${flag}\\b`));
  });

  it('rejects an unknown flag with exit 2 and no stack trace', () => {
    const { code, stderr } = run(['--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--bogus'/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names every invalid value', () => {
    const { code, stderr } = run([dir, ...FLAGS, '--port', '0', '--exposure', 'everyone', '--yes']);
    expect(code).toBe(2);
    expect(stderr).toContain('port (--port): 0 is not allowed: at least 1');
    expect(stderr).toContain('exposure (--exposure): "everyone" is not allowed: use one of public, internal, none');
  });

  it('asks for --yes instead of inventing the name, image and language', () => {
    const { code, stderr } = run([dir, '--port', '8080']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing --name, --image, --language/);
    expect(stderr).toMatch(/--yes/);
  });

  it('reports a malformed --profile file with its position', async () => {
    await writeFile(path.join(dir, 'p.yaml'), 'name: web\n  port: [8080\n');
    const { code, stderr } = run([dir, '--profile', path.join(dir, 'p.yaml'), '--yes']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/p\.yaml: .*line \d+/);
  });
});

describe('writing', () => {
  it('--dry-run prints the plan and writes nothing', async () => {
    const { code, stdout } = run([dir, ...FLAGS, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/new\s+k8s\/deployment\.yaml/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes, then regenerates identically from the saved profile without flags', async () => {
    expect(run([dir, ...FLAGS]).code).toBe(0);
    const saved = await readFile(path.join(dir, '.secure-container.yaml'), 'utf8');
    expect(saved).toMatch(/name: web/);
    const again = run([dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/^\s+(new|changed)\s/m);
    expect(again.stdout).toMatch(/0 written/);
  });

  it('stops on a changed file, names it with a diff summary and leaves it untouched', async () => {
    expect(run([dir, ...FLAGS]).code).toBe(0);
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM my-own-image\n');
    const { code, stderr } = run([dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Dockerfile\s+\+\d+ -1/);
    expect(stderr).toMatch(/--force/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM my-own-image\n');
  });

  it('--dry-run --diff shows the difference; --force replaces and keeps a .bak', async () => {
    expect(run([dir, ...FLAGS]).code).toBe(0);
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM my-own-image\n');
    expect(run([dir, '--dry-run', '--diff']).stdout).toMatch(/^-FROM my-own-image$/m);
    expect(run([dir, '--force']).code).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe('FROM my-own-image\n');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# syntax=/);
  });

  it('flags override the saved profile, and the change is saved', async () => {
    expect(run([dir, ...FLAGS]).code).toBe(0);
    expect(run([dir, '--port', '9090', '--force']).code).toBe(0);
    expect(await readFile(path.join(dir, '.secure-container.yaml'), 'utf8')).toMatch(/port: 9090/);
    expect(await readFile(path.join(dir, 'k8s/deployment.yaml'), 'utf8')).toMatch(/9090/);
  });
});
