// When the command can't ask (no terminal, CI, --yes, --dry-run) it says why, and `doctor` lists
// the optional tools. The built binary, run without a pseudo-terminal.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
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
