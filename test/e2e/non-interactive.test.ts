// When the command can't ask (no terminal, CI, --yes, --dry-run) it says why, and `doctor` lists
// the optional tools. The built binary, run without a pseudo-terminal.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
let scratch: string;

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  scratch = await mkdtemp(path.join(tmpdir(), 'csc-noninteractive-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string | undefined>) {
  const environment: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: undefined, CONTINUOUS_INTEGRATION: undefined, ...env };
  for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key];
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: environment as NodeJS.ProcessEnv, input: '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('without a person at a terminal', () => {
  it('says that stdin is not a terminal, and points to --yes and the flags', async () => {
    const dir = path.join(scratch, 'no-tty');
    const { code, stderr } = run([dir], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing --name, --image, --language/);
    expect(stderr).toMatch(/No questions are asked because stdin is not a terminal/);
    expect(stderr).toMatch(/--yes/);
    expect(existsSync(dir)).toBe(false);
  });

  it('names CI=true as the reason in CI', () => {
    const { code, stderr } = run([path.join(scratch, 'ci')], { CI: 'true' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/No questions are asked because CI=true says this is a CI run/);
  });

  it('names --dry-run as the reason when only a plan was asked for', () => {
    const { code, stderr } = run([path.join(scratch, 'dry'), '--dry-run'], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/because --dry-run only prints the plan/);
  });
});

describe('doctor', () => {
  it('lists each optional tool with its version, or where to get it; exits 0', async () => {
    const bin = path.join(scratch, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, path.join(bin, 'node'));
    await writeFile(path.join(bin, 'docker'), '#!/bin/sh\necho "Docker version 28.2.2, build e6534b4"\n');
    await writeFile(path.join(bin, 'cosign'), '#!/bin/sh\nprintf "  ______\\nGitVersion:    v2.4.1\\n"\n');
    await writeFile(path.join(bin, 'trivy'), '#!/bin/sh\necho "broken install" >&2; exit 3\n');
    for (const tool of ['docker', 'cosign', 'trivy']) await chmod(path.join(bin, tool), 0o755);
    const { code, stdout } = run(['doctor'], { PATH: bin });
    expect(code).toBe(0);
    expect(stdout).toMatch(/✔ docker\s+28\.2\.2\s+builds the image/);
    expect(stdout).toMatch(/✔ cosign\s+2\.4\.1\s/);
    expect(stdout).toMatch(/✔ trivy\s+version unknown[\s\S]*trivy --version exited with 3/);
    expect(stdout).toMatch(/✘ kubectl\s+not installed[\s\S]*https:\/\/kubernetes\.io\/docs\/tasks\/tools\//);
    expect(stdout).toMatch(/✘ hadolint\s+not installed/);
    expect(stdout).toMatch(/✘ falco\s+not installed/);
    expect(stdout).toMatch(/3 of 6 installed/);
    expect(await readdir(scratch)).not.toContain('doctor');
  });

  it('takes no arguments', () => {
    const { code, stderr } = run(['doctor', 'extra'], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/doctor takes no arguments/);
  });
});

// Issue 10: an entry point the project does not have stops the run, naming the ones it has.
describe('an entry point that is not in the project', () => {
  const PROJECTS = path.join(ROOT, 'test/fixtures/projects');

  it('--yes --entrypoint: exit 2, one line per main package found, nothing written', async () => {
    const dir = path.join(scratch, 'go-cmd-wrong-entrypoint');
    await cp(path.join(PROJECTS, 'go-cmd'), dir, { recursive: true });
    const { code, stdout, stderr } = run([dir, '--yes', '--entrypoint', './cmd/api'], { CI: 'true' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'create-secure-container: --entrypoint: "./cmd/api" is not in this project: no folder there with a .go file of package main. Found in the project:\n' +
        '  ./cmd/invctl  (cmd/invctl/main.go)\n' +
        '  ./cmd/server  (cmd/server/main.go)\n',
    );
    expect(stdout).toBe('');
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
    expect(run([dir, '--yes', '--dry-run', '--entrypoint', './cmd/invctl'], { CI: 'true' }).code).toBe(0);
  });

  it('a saved profile whose entry point is gone: exit 2 with the candidates', async () => {
    const dir = path.join(scratch, 'node-ts-saved-entrypoint');
    await cp(path.join(PROJECTS, 'node-ts'), dir, { recursive: true });
    expect(run([dir, '--yes'], { CI: 'true' }).code).toBe(0);
    const saved = path.join(dir, '.secure-container.yaml');
    const text = await readFile(saved, 'utf8');
    expect(text).toMatch(/^ {2}entrypoint: dist\/server\.js$/m);
    await writeFile(saved, text.replace(/^( {2}entrypoint:) dist\/server\.js$/m, '$1 dist/main.js'));
    const { code, stderr } = run([dir, '--dry-run'], { CI: 'true' });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'create-secure-container: --entrypoint: "dist/main.js" is not in this project: no such file, and tsc does not build one there. Found in the project:\n' +
        '  dist/server.js  (package.json scripts.start)\n',
    );
  });
});
