// Issue 9: excluding test folders took 32 suppression entries. `--exclude GLOB` and `audit.exclude`
// leave files out of the audit entirely (counted in a note); `rule: "*"` suppresses every rule on
// a path, a reason still required.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { PRIVILEGED_POD } from '../helpers/audit.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/create-secure-container.js');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-exclude-'));
  await mkdir(path.join(dir, 'third_party/chart'), { recursive: true });
  await mkdir(path.join(dir, 'e2e-assets'), { recursive: true });
  await writeFile(path.join(dir, 'third_party/chart/pod.yaml'), PRIVILEGED_POD);
  await writeFile(path.join(dir, 'e2e-assets/pod.yaml'), PRIVILEGED_POD);
  // Something is always left to audit: excluding every file is "nothing audited", which fails.
  await writeFile(path.join(dir, 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: x\ndata: {a: b}\n');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const ids = (result: Awaited<ReturnType<typeof audit>>) => result.findings.map((f) => `${f.ruleId}@${f.location.file}`);

describe('exclusion', () => {
  it('--exclude leaves matching files out of the audit and says how many', async () => {
    const result = await audit({ target: { folder: dir }, only: ['k8s/privileged'], exclude: ['third_party/**'] });
    expect(ids(result)).toEqual(['k8s/privileged@e2e-assets/pod.yaml']);
    expect(result.notes).toContainEqual({ file: '.', message: '1 file excluded by --exclude or audit.exclude; not audited' });
  });

  it('audit.exclude in .secure-container.yaml does the same, and a malformed entry names its line', async () => {
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  exclude:\n    - third_party/\n    - e2e-assets/**\n');
    expect(ids(await audit({ target: { folder: dir }, only: ['k8s/privileged'] }))).toEqual([]);
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  exclude:\n    - third_party/\n    - 42\n');
    const cli = spawnSync(process.execPath, [BIN, 'audit', dir], { encoding: 'utf8' });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/\.secure-container\.yaml:4:\d+: audit\.exclude\[1\]: expected a glob/);
  });

  it('rule "*" suppresses every rule on a path; without a reason it is itself a finding', async () => {
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: "*"\n      path: third_party/**\n      reason: third-party chart, audited upstream\n');
    const result = await audit({ target: { folder: dir } });
    expect(ids(result).filter((id) => id.endsWith('third_party/chart/pod.yaml'))).toEqual([]);
    expect(result.suppressed.length).toBeGreaterThan(1);
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: "*"\n      path: third_party/**\n');
    expect(ids(await audit({ target: { folder: dir } }))).toContain('audit/suppression-without-reason@.secure-container.yaml');
  });

  it('the CLI takes --exclude, repeated, and globs with braces', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'audit', dir, '--only', 'k8s/privileged', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run().status).toBe(1);
    expect(run('--exclude', 'third_party/**', '--exclude', 'e2e-assets/**').status).toBe(0);
    const both = run('--exclude', '{third_party,e2e-assets}/**');
    expect(both.status).toBe(0);
    expect(both.stdout).toContain('2 files excluded by --exclude or audit.exclude; not audited');
  });
});
