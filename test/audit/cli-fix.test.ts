// The built CLI as a user runs it, for what issue 7 adds outside the browser: `audit --fix`
// (idempotent, no .bak files, --dry-run writes nothing, refused on standard input), `--baseline`
// (matching survives inserted lines), `audit FILE`, `--min-severity` (hides, the gate still
// counts), and that without a terminal the browser never opens.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

/** Every file under dir with its content, for before/after comparisons. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, 'utf8');
  }
  return out;
}

let dir: string;
beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-audit-fix-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit --fix on a copy of examples/insecure-repo', () => {
  it('fixes what it can, says why the rest is left, leaves no .bak, and changes nothing the second time', async () => {
    const repo = path.join(dir, 'repo');
    await cp(path.join(ROOT, 'examples/insecure-repo'), repo, { recursive: true });
    const original = await snapshot(repo);

    const dry = run(['audit', repo, '--fix', '--dry-run']);
    expect(dry.stdout).toMatch(/^Would fix \d+ of \d+ findings in \d+ files? \(dry run: nothing written\):/);
    expect(dry.stdout).toMatch(/^--- a\//m);
    expect(dry.stdout).toMatch(/^@@ /m);
    expect(await snapshot(repo)).toEqual(original);

    const before = JSON.parse(run(['audit', repo, '--format', 'json']).stdout);
    const first = run(['audit', repo, '--fix']);
    const fixed = Number(/^Fixed (\d+) of (\d+) findings/m.exec(first.stdout)?.[1]);
    expect(fixed, `${first.stdout.slice(0, 400)}\n${first.stderr}`).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/^Not fixed automatically: \d+/m);
    // Every group left says why: no fix (the rule's reason or a generic one), or a caveat.
    const left = first.stdout.split('\n').filter((line) => /^ {2}\S+\/\S+ — \d+: /.test(line));
    expect(left.length).toBeGreaterThan(0);
    for (const line of left) expect(line).toMatch(/: (no fix: .+|its fix has a caveat: .+)$/);
    // The report that follows is the re-audit: fewer findings, and its exit code.
    const after = JSON.parse(run(['audit', repo, '--format', 'json']).stdout);
    expect(after.summary.total).toBe(before.summary.total - fixed);
    expect(first.stdout).toContain(`✖ ${after.summary.total} findings`);
    expect(first.code).toBe(after.summary.failed ? 1 : 0);
    const changed = await snapshot(repo);
    expect(changed).not.toEqual(original);
    expect(Object.keys(changed).filter((file) => file.endsWith('.bak'))).toEqual([]);
    expect(Object.keys(changed).filter((file) => file.startsWith('.secure-container.'))).toEqual([]);

    const second = run(['audit', repo, '--fix']);
    expect(second.stdout).toMatch(/^Nothing to fix automatically/);
    expect(second.code).toBe(first.code);
    expect(await snapshot(repo)).toEqual(changed);
  });

  it('--fix=all also applies fixes with a caveat and lists what to check', async () => {
    const repo = path.join(dir, 'repo');
    await cp(path.join(ROOT, 'examples/insecure-repo'), repo, { recursive: true });
    const safe = run(['audit', repo, '--fix', '--dry-run']);
    const all = run(['audit', repo, '--fix=all', '--dry-run']);
    const count = (text: string) => Number(/^Would fix (\d+)/m.exec(text)?.[1] ?? 0);
    expect(count(all.stdout)).toBeGreaterThan(count(safe.stdout));
    expect(all.stdout).toContain('Check these (fixes with a caveat):');
  });

  it('--fix=all removes at least 70% of the findings, every one left says why it has no fix, and a second run changes nothing', async () => {
    const repo = path.join(dir, 'repo');
    await cp(path.join(ROOT, 'examples/insecure-repo'), repo, { recursive: true });
    const before = JSON.parse(run(['audit', repo, '--format', 'json']).stdout);
    const first = run(['audit', repo, '--fix=all']);
    const after = JSON.parse(run(['audit', repo, '--format', 'json']).stdout);
    expect(after.summary.total, first.stdout.slice(0, 2000)).toBeLessThanOrEqual(Math.floor(before.summary.total * 0.3));
    const left = first.stdout.split('\n').filter((line) => /^ {2}\S+\/\S+ — \d+: /.test(line));
    for (const line of left) expect(line).toMatch(/: no fix: .+$/);
    const changed = await snapshot(repo);
    const second = run(['audit', repo, '--fix=all']);
    expect(second.stdout).toMatch(/^Nothing to fix automatically/);
    expect(await snapshot(repo)).toEqual(changed);
  });

  it('is a usage error on standard input, and --dry-run needs --fix', () => {
    const stdin = run(['audit', '-', '--fix'], { input: 'apiVersion: v1\nkind: Pod\n' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/--fix needs files to write/);
    expect(run(['audit', dir, '--dry-run']).code).toBe(2);
    expect(run(['audit', dir, '--fix=some']).code).toBe(2);
  });

  it('prints the fix summary on stderr when the report is JSON, so stdout stays parseable', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    const result = run(['audit', dir, '--fix', '--format', 'json']);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toMatch(/^(Fixed|Nothing to fix)/);
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
`;

describe('audit --baseline', () => {
  it('reports only new findings; lines inserted above do not bring old ones back', async () => {
    await writeFile(path.join(dir, 'deploy.yaml'), DEPLOYMENT);
    const baseline = path.join(dir, '..', `${path.basename(dir)}-baseline.json`);
    try {
      expect(run(['audit', dir, '--format', 'json', '-o', baseline]).code).toBe(1);
      const report = JSON.parse(await readFile(baseline, 'utf8'));
      expect(report.findings.length).toBeGreaterThan(0);
      for (const finding of report.findings) expect(finding.fingerprint).toMatch(/^v1:[0-9a-f]{32}$/);

      // Unrelated edits above every finding: a comment and labels at the top of the file.
      await writeFile(path.join(dir, 'deploy.yaml'), `# owned by the shop team\n# see docs/\n${DEPLOYMENT.replace('  namespace: shop\n', '  namespace: shop\n  labels:\n    team: shop\n')}`);
      const same = run(['audit', dir, '--baseline', baseline, '--format', 'json']);
      expect(JSON.parse(same.stdout).findings).toEqual([]);
      expect(JSON.parse(same.stdout).summary.baselineMatched).toBe(report.findings.length);
      expect(same.code).toBe(0);
      const text = run(['audit', dir, '--baseline', baseline]);
      expect(text.stdout).toContain(`${report.findings.length} already in the baseline`);
      expect(text.code).toBe(0);

      // A new problem is reported, and only it counts for the gate.
      await writeFile(path.join(dir, 'deploy.yaml'), (await readFile(path.join(dir, 'deploy.yaml'), 'utf8')).replace('      containers:\n', '      hostNetwork: true\n      containers:\n'));
      const fresh = JSON.parse(run(['audit', dir, '--baseline', baseline, '--format', 'json']).stdout);
      expect(fresh.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['k8s/host-namespaces']);
    } finally {
      await rm(baseline, { force: true });
    }
  });

  it('refuses a baseline that is not a JSON report, without echoing it', async () => {
    const baseline = path.join(dir, 'baseline.json');
    await writeFile(baseline, 'SECRET-TOKEN-123 not json');
    const result = run(['audit', dir, '--baseline', baseline]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not JSON/);
    expect(result.stderr).not.toContain('SECRET-TOKEN-123');
    await writeFile(baseline, '{"version": 9, "findings": []}');
    expect(run(['audit', dir, '--baseline', baseline]).stderr).toMatch(/not an audit JSON report/);
  });
});

describe('audit FILE', () => {
  it('audits one Dockerfile, one manifest, one workflow; its folder holds the suppressions', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM node:20\nCMD node server.js\n');
    await writeFile(path.join(dir, 'deploy.yaml'), DEPLOYMENT);
    const dockerfile = JSON.parse(run(['audit', path.join(dir, 'Dockerfile'), '--format', 'json']).stdout);
    expect(dockerfile.summary.filesAudited).toBe(1);
    expect(new Set(dockerfile.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['Dockerfile']));
    expect(dockerfile.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('dockerfile/root-user');

    const manifest = JSON.parse(run(['audit', 'deploy.yaml', '--format', 'json'], { cwd: dir }).stdout);
    expect(new Set(manifest.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['deploy.yaml']));
    expect(manifest.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('k8s/privileged');

    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: k8s/privileged\n      reason: the test says so\n');
    const suppressed = JSON.parse(run(['audit', path.join(dir, 'deploy.yaml'), '--format', 'json']).stdout);
    expect(suppressed.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('k8s/privileged');
    expect(suppressed.summary.suppressed).toBeGreaterThan(0);

    await cp(path.join(ROOT, 'examples/insecure-repo/.github'), path.join(dir, '.github'), { recursive: true });
    const workflows = await readdir(path.join(dir, '.github/workflows'));
    const workflow = JSON.parse(run(['audit', path.join(dir, '.github/workflows', workflows[0]!), '--format', 'json']).stdout);
    expect(workflow.findings.length).toBeGreaterThan(0);
    expect(workflow.findings.every((f: { ruleId: string; file: string }) => f.ruleId.startsWith('workflow/') && f.file === `.github/workflows/${workflows[0]}`)).toBe(true);
  });

  it('fixes a single file in place', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    const result = run(['audit', path.join(dir, 'Dockerfile'), '--fix']);
    expect(result.stdout).toMatch(/^Fixed \d+ of/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('--no-install-recommends');
    expect(run(['audit', path.join(dir, 'Dockerfile'), '--fix']).stdout).toMatch(/^Nothing to fix automatically/);
  });
});

describe('audit --min-severity', () => {
  it('hides findings below it from every format; the gate still counts them', async () => {
    await writeFile(path.join(dir, 'deploy.yaml'), DEPLOYMENT);
    const all = JSON.parse(run(['audit', dir, '--format', 'json']).stdout);
    const lows = all.findings.filter((f: { severity: string }) => f.severity === 'low' || f.severity === 'info').length;
    expect(lows).toBeGreaterThan(0);
    const shown = run(['audit', dir, '--format', 'json', '--min-severity', 'medium']);
    const report = JSON.parse(shown.stdout);
    expect(report.findings.every((f: { severity: string }) => ['critical', 'high', 'medium'].includes(f.severity))).toBe(true);
    expect(report.summary.hidden).toBe(lows);
    // Only low findings would fail a --fail-on low gate... and hidden ones still do.
    const onlyLow = run(['audit', dir, '--min-severity', 'critical', '--fail-on', 'low']);
    expect(onlyLow.code).toBe(1);
    expect(onlyLow.stdout).toMatch(/below --min-severity critical not shown/);
    expect(run(['audit', dir, '--min-severity', 'severe']).code).toBe(2);
  });
});

describe('the browser', () => {
  it('does not open without a terminal: the plain report, with or without --no-interactive, byte for byte', async () => {
    await writeFile(path.join(dir, 'deploy.yaml'), DEPLOYMENT);
    const plain = run(['audit', dir]);
    const explicit = run(['audit', dir, '--no-interactive']);
    expect(plain.stdout).toMatch(/^By rule, most severe first/);
    expect(explicit.stdout).toBe(plain.stdout);
    expect(explicit.code).toBe(plain.code);
  });
});
