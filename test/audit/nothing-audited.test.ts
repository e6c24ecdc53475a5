// Zero files audited is never a pass: the audit entry adds audit/nothing-audited (high, so the
// default --fail-on high fails) with what became of the files, for folders and for `audit -`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { RULES } from '../../src/audit/rules/index.js';
import type { Finding } from '../../src/audit/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-nothing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relative: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, relative)), { recursive: true });
  await writeFile(path.join(dir, relative), content);
}

const nothing = (findings: readonly Finding[]) => findings.filter((f) => f.ruleId === 'audit/nothing-audited');

describe('audit/nothing-audited', () => {
  it('is in the catalogue with Why / Detect / Fix, at severity high', () => {
    const rule = RULES.find((candidate) => candidate.id === 'audit/nothing-audited');
    expect(rule).toMatchObject({ area: 'audit', severity: 'high' });
    expect(rule!.why.length).toBeGreaterThan(40);
    expect(rule!.detect.length).toBeGreaterThan(40);
    expect(rule!.fix.length).toBeGreaterThan(40);
  });

  it('fails an audit whose committed .gitignore excludes everything, saying so', async () => {
    await put('.gitignore', '*\n');
    await put('Dockerfile', 'FROM node:latest\n');
    await put('k8s/deploy.yaml', 'kind: Deployment\n');
    const result = await audit({ target: { folder: dir } });
    expect(result.repo.files).toEqual([]);
    const [finding, ...more] = nothing(result.findings);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'high', location: { file: '.', line: 1 } });
    expect(finding!.message).toBe('no file was audited: 3 paths excluded by .gitignore. An audit of nothing is not a pass.');
  });

  it('says the folder is empty, or that its files are of kinds the audit does not read', async () => {
    expect(nothing((await audit({ target: { folder: dir } })).findings)[0]!.message).toBe(
      'no file was audited: the folder is empty. An audit of nothing is not a pass.',
    );
    await put('README.md', '# docs\n');
    await put('node_modules/x/Dockerfile', 'FROM scratch\n');
    expect(nothing((await audit({ target: { folder: dir } })).findings)[0]!.message).toBe(
      'no file was audited: 1 folder never audited (node_modules, vendor, .git, Helm templates), 1 file of kinds the audit does not read. An audit of nothing is not a pass.',
    );
  });

  it('counts skipped files when every candidate was binary or too large', async () => {
    await put('a.yaml', 'a: "\u0000"\n');
    const result = await audit({ target: { folder: dir } });
    expect(nothing(result.findings)[0]!.message).toMatch(/^no file was audited: 1 file skipped \(binary/);
    expect(result.notes.map((n) => n.file)).toContain('a.yaml');
  });

  it('is not reported when a file was audited, even a clean one', async () => {
    await put('notes.yaml', 'a: 1\n');
    expect(nothing((await audit({ target: { folder: dir } })).findings)).toEqual([]);
  });

  it.each([[''], ['---\n'], ['# only a comment\n---\n# and another\n']])('fails a stream with no YAML document: %j', async (stream) => {
    const [finding] = nothing((await audit({ target: { stream } })).findings);
    expect(finding).toMatchObject({ severity: 'high', location: { file: 'stdin.yaml' } });
    expect(finding!.message).toMatch(/the stream held no YAML document/);
  });

  it('is not reported for a stream with a document', async () => {
    expect(nothing((await audit({ target: { stream: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' } })).findings)).toEqual([]);
  });
});

describe.skipIf(!existsSync(path.join(ROOT, 'dist/cli.js')))('the built CLI', () => {
  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });

  it('exits 1 on a repository that .gitignore empties, where it used to print "No findings in 0 files"', async () => {
    await put('.gitignore', '*\n');
    await put('Dockerfile', 'FROM scratch\n');
    const result = run(['audit', '.']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('no file was audited: 2 paths excluded by .gitignore');
    expect(result.stdout).not.toContain('No findings');
  });

  it('exits 1 on an empty stream', () => {
    const result = run(['audit', '-'], '');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('the stream held no YAML document');
  });

  it('exits 2 with the folder and the cause in words when the folder cannot be opened', async () => {
    // Run as root, permissions cannot make a folder unlistable; a path through a file fails the same way.
    await put('plain.txt', 'x\n');
    const result = run(['audit', 'plain.txt/sub']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('plain.txt/sub: cannot audit this folder: a part of the path is not a directory');
    expect(result.stderr).not.toContain('.secure-container.yaml');
  });

  it('exits 2 with the folder named when the folder does not exist', () => {
    const result = run(['audit', 'no-such-folder']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-folder: no such folder');
  });
});
