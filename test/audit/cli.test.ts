// The built audit, rules and explain commands as a user runs them: exit codes, standard input,
// --output, and errors without stack traces. Falco rules (this suite's own) keep the fixtures
// independent of the other areas' rules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');

function run(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    input: options.input ?? '',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const GOOD_RULES = `- rule: Shell in app
  desc: A shell started in the app container
  condition: spawned_process and container and shell_procs and not proc.pname in (node)
  output: Shell in app (command=%proc.cmdline)
  priority: WARNING
`;
const BAD_PRIORITY = GOOD_RULES.replace('priority: WARNING', 'priority: LOUD');

let dir: string;
beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-audit-cli-'));
  await mkdir(path.join(dir, 'falco'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit exit codes', () => {
  it('0 when nothing is at or above --fail-on', async () => {
    await writeFile(path.join(dir, 'falco/rules.yaml'), GOOD_RULES);
    const { code, stdout } = run(['audit', dir, '--only', 'falco']);
    expect(code).toBe(0);
    expect(stdout).toBe('✔ No findings in 1 file.\n');
  });

  it('1 when a finding is at or above --fail-on (default high), 0 once the threshold is above it', async () => {
    await writeFile(path.join(dir, 'falco/rules.yaml'), BAD_PRIORITY);
    const failing = run(['audit', dir, '--only', 'falco']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('falco/rules.yaml\n  5:13  high      rule "Shell in app" has priority "LOUD"');
    expect(failing.stdout).toContain('1 at or above --fail-on high: the audit fails.');
    expect(run(['audit', dir, '--only', 'falco', '--fail-on', 'critical']).code).toBe(0);
    expect(run(['audit', dir, '--only', 'falco', '--fail-on', 'none']).code).toBe(0);
    expect(run(['audit', dir, '--only', 'falco', '--skip', 'falco/invalid-priority']).code).toBe(0);
  });

  it('prints nothing on stderr for YAML the yaml library would warn about (a Go template key such as { .Name })', async () => {
    await writeFile(path.join(dir, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  { .Name }: x\n');
    const { stdout, stderr } = run(['audit', dir, '--format', 'json']);
    expect(JSON.parse(stdout).summary).toBeDefined();
    expect(stderr).toBe('');
  });

  it.each([
    [['--fail-on', 'severe'], /--fail-on "severe" is not allowed: use one of critical, high, medium, low, info, none/],
    [['--format', 'xml'], /--format "xml" is not allowed: use one of text, json, sarif/],
    [['--only', 'falco/invalid-priorty'], /unknown rule or area "falco\/invalid-priorty"; did you mean falco\/invalid-priority\?/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('2 on bad flags: %j', (flags, message) => {
    const { code, stdout, stderr } = run(['audit', dir, ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('2 when the folder does not exist, or .secure-container.yaml is malformed', async () => {
    const missing = run(['audit', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such folder/);
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: falco\n      until: someday\n');
    const config = run(['audit', dir]);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/\.secure-container\.yaml:4:14: audit\.suppressions\[0\]\.until: "someday" is not a date/);
  });

  it('honours suppressions in .secure-container.yaml', async () => {
    await writeFile(path.join(dir, 'falco/rules.yaml'), BAD_PRIORITY);
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: falco/invalid-priority\n      path: falco/**\n      reason: vendored file, fixed upstream in 0.2\n');
    const { code, stdout } = run(['audit', dir, '--only', 'falco']);
    expect(code).toBe(0);
    expect(stdout).toBe('✔ No findings in 2 files; 1 suppressed.\n');
  });
});

describe('audit - (standard input)', () => {
  it('audits one manifest stream as stdin.yaml', () => {
    const { code, stdout } = run(['audit', '-', '--only', 'falco', '--format', 'json'], { cwd: dir, input: BAD_PRIORITY });
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings.map((f: { ruleId: string; file: string; line: number }) => [f.ruleId, f.file, f.line])).toEqual([['falco/invalid-priority', 'stdin.yaml', 5]]);
    expect(report.summary.filesAudited).toBe(1);
  });

  it('reports a stream that does not parse as a finding, not a crash', () => {
    const { code, stdout } = run(['audit', '-', '--format', 'json', '--fail-on', 'medium'], { cwd: dir, input: 'kind: Pod\nmetadata: {name: [x\n' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings[0]).toMatchObject({ ruleId: 'audit/parse-error', file: 'stdin.yaml' });
  });

  it('refuses binary input', () => {
    const { code, stderr } = run(['audit', '-'], { cwd: dir, input: 'a\u0000b' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/standard input is binary/);
  });
});

describe('audit --output', () => {
  it('writes the report to the file (nothing on stdout) and leaves no temp file', async () => {
    await writeFile(path.join(dir, 'falco/rules.yaml'), BAD_PRIORITY);
    const out = path.join(dir, 'report.sarif');
    const { code, stdout, stderr } = run(['audit', dir, '--only', 'falco', '--format', 'sarif', '--output', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Wrote the sarif report (1 finding) to ${out}\n`);
    const sarif = JSON.parse(await readFile(out, 'utf8'));
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'falco/invalid-priority', level: 'error' });
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 when the file cannot be written', () => {
    const { code, stderr } = run(['audit', dir, '--output', path.join(dir, 'missing-folder', 'report.json'), '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--output .*report\.json: cannot write: no such file or directory/);
  });
});

describe('rules and explain', () => {
  it('rules --format json lists the catalogue with a version', () => {
    const { code, stdout } = run(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const catalogue = JSON.parse(stdout);
    expect(catalogue.version).toBe(1);
    expect(catalogue.rules).toContainEqual({ id: 'falco/invalid-priority', area: 'falco', severity: 'high', title: 'Falco rule priority is not valid', refs: [], fixable: true });
    expect(catalogue.rules.map((rule: { id: string }) => rule.id)).toContain('audit/parse-error');
  });

  it('rules prints one line per rule in text', () => {
    const { code, stdout } = run(['rules']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+falco\/undefined-reference\s+high\s+Falco condition references an undefined macro or list \[fix\]$/m);
    expect(stdout).toMatch(/^\s+falco\/shell-rule-without-exception\s+medium\s+Shell-spawn Falco rule allows no parent process$/m);
  });

  it('explain prints Why / Detect / Fix', () => {
    const { code, stdout } = run(['explain', 'audit/parse-error']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^audit\/parse-error {2}medium {2}\(audit\)\nFile does not parse\n\nWhy\n {2}No other rule/);
    expect(stdout).toContain('\nDetect\n');
    expect(stdout).toContain('\nFix\n');
  });

  it('explain an unknown rule exits 2 with close matches', () => {
    const { code, stderr } = run(['explain', 'falco/invalid-priorty']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown rule "falco\/invalid-priorty"; did you mean falco\/invalid-priority\?/);
  });

  it('each command has its own --help', () => {
    expect(run(['audit', '--help']).stdout).toMatch(/^Usage: create-secure-container audit \[dir\|FILE\|-\]/);
    expect(run(['audit', '--help']).stdout).toMatch(/--fix=all[\s\S]*--dry-run[\s\S]*--baseline FILE[\s\S]*--min-severity SEV[\s\S]*--no-interactive/);
    expect(run(['help', 'explain']).stdout).toMatch(/^Usage: create-secure-container explain RULE/);
    expect(run(['rules', '-h']).stdout).toMatch(/^Usage: create-secure-container rules/);
    expect(run(['--help']).stdout).toMatch(/audit \[dir\|-\]\s+audit an existing repository/);
  });
});
