// Issue 9: findings in test, fixture, docs and example paths (79% of argo-cd's) are kept and marked
// with their scope in every format, but leave the --fail-on gate alone unless --include-tests.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVILEGED_POD } from '../helpers/audit.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/create-secure-container.js');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-scope-'));
  await mkdir(path.join(dir, 'test/fixtures'), { recursive: true });
  await mkdir(path.join(dir, 'docs'), { recursive: true });
  await writeFile(path.join(dir, 'test/fixtures/pod.yaml'), PRIVILEGED_POD);
  await writeFile(path.join(dir, 'docs/example-pod.yaml'), PRIVILEGED_POD);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'audit', dir, '--only', 'k8s/privileged', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('scope', () => {
  it('passes the gate when only tests and docs have findings, and says why', () => {
    const result = run();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('In tests, docs and examples: 2 findings (1 docs, 1 test), not counted by --fail-on unless --include-tests is given');
  });

  it('--include-tests counts them', () => {
    const result = run('--include-tests');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/at or above --fail-on high: the audit fails/);
  });

  it('JSON and SARIF carry the scope of each finding', () => {
    const json = JSON.parse(run('--format', 'json').stdout) as { findings: { file: string; scope?: string }[]; summary: { failed: boolean } };
    expect(json.findings.map((f) => [f.file, f.scope])).toEqual([['docs/example-pod.yaml', 'docs'], ['test/fixtures/pod.yaml', 'test']]);
    expect(json.summary.failed).toBe(false);
    const sarif = JSON.parse(run('--format', 'sarif').stdout) as { runs: { results: { properties: { scope?: string } }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.properties.scope)).toEqual(['docs', 'test']);
  });

  it('a finding in the project itself still fails the gate', async () => {
    await writeFile(path.join(dir, 'pod.yaml'), PRIVILEGED_POD);
    try {
      expect(run().status).toBe(1);
    } finally {
      await rm(path.join(dir, 'pod.yaml'));
    }
  });
});
