// Fingerprints for --baseline: stable when lines are inserted above a finding, distinct for two
// identical findings in one file, different when the finding's own text changes; and baselines
// from reports without fingerprints still match by rule, file and message.
import { describe, expect, it } from 'vitest';
import { matchBaseline, parseBaseline, fingerprintFindings } from '../../src/audit/baseline.js';
import { parseRepo } from '../../src/audit/parse.js';
import type { Finding } from '../../src/audit/types.js';

const finding = (file: string, line: number, ruleId = 'k8s/privileged', message = 'runs privileged'): Finding => ({
  ruleId,
  severity: 'critical',
  location: { file, line, column: 1, endLine: line, endColumn: 5 },
  message,
  refs: [],
});
const repoOf = (files: Record<string, string>) => parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text }))).repo;

describe('fingerprints', () => {
  const before = 'a: 1\nprivileged: true\n';
  const after = '# new comment\nb: 2\na: 1\n   privileged:   true\n';

  it('survive lines inserted above and whitespace changes, and tell identical findings apart', () => {
    const old = finding('x.yaml', 2);
    const moved = finding('x.yaml', 4);
    const a = fingerprintFindings([old], repoOf({ 'x.yaml': before })).get(old);
    const b = fingerprintFindings([moved], repoOf({ 'x.yaml': after })).get(moved);
    expect(a).toMatch(/^v1:[0-9a-f]{32}$/);
    expect(b).toBe(a);

    const twice = 'privileged: true\nprivileged: true\n';
    const pair = [finding('x.yaml', 1), finding('x.yaml', 2)];
    const prints = fingerprintFindings(pair, repoOf({ 'x.yaml': twice }));
    expect(prints.get(pair[0]!)).not.toBe(prints.get(pair[1]!));
  });

  it('hash a line shared by 130,000 findings once, and keep them distinct (hashing it per finding took 20 s)', () => {
    const line = `EXPOSE ${'1-65535 '.repeat(130_000)}`;
    const findings = Array.from({ length: 130_000 }, () => finding('Dockerfile', 2, 'dockerfile/expose-ssh', 'publishes SSH'));
    const start = performance.now();
    const prints = fingerprintFindings(findings, repoOf({ Dockerfile: `FROM alpine\n${line}\n` }));
    expect(new Set(prints.values()).size).toBe(130_000);
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('change with the rule, the file or the finding\'s own text', () => {
    const base = finding('x.yaml', 2);
    const print = (f: Finding, text = before, file = 'x.yaml') => fingerprintFindings([f], repoOf({ [file]: text })).get(f);
    expect(print({ ...base, ruleId: 'k8s/host-path' })).not.toBe(print(base));
    expect(print(finding('y.yaml', 2), before, 'y.yaml')).not.toBe(print(base));
    expect(print(base, 'a: 1\nprivileged: "yes"\n')).not.toBe(print(base));
  });
});

describe('baseline matching', () => {
  it('leaves out what the baseline has, by fingerprint or (older reports) by rule, file and message, counting duplicates', () => {
    const repo = repoOf({ 'x.yaml': 'privileged: true\nhostPID: true\n' });
    const known = finding('x.yaml', 1);
    const legacy = finding('x.yaml', 2, 'k8s/host-namespaces', 'shares the host PID namespace');
    const legacyTwin = { ...legacy };
    const fresh = finding('x.yaml', 2, 'k8s/host-path', 'mounts /');
    const prints = fingerprintFindings([known, legacy, legacyTwin, fresh], repo);
    const baseline = parseBaseline(
      JSON.stringify({
        version: 1,
        findings: [
          { ruleId: 'k8s/privileged', file: 'x.yaml', message: 'runs privileged', fingerprint: prints.get(known) },
          { ruleId: 'k8s/host-namespaces', file: 'x.yaml', message: 'shares the host PID namespace' },
        ],
      }),
    );
    const result = matchBaseline([known, legacy, legacyTwin, fresh], prints, baseline);
    expect(result.matched).toEqual([known, legacy]);
    expect(result.fresh).toEqual([legacyTwin, fresh]);
  });

  it('refuses what is not a version 1 report without quoting it', () => {
    expect(() => parseBaseline('{oops')).toThrow(/is not JSON/);
    expect(() => parseBaseline('{"version":2,"findings":[]}')).toThrow(/not an audit JSON report/);
    expect(() => parseBaseline('[1,2]')).toThrow(/not an audit JSON report/);
    expect(parseBaseline('{"version":1,"findings":[null, 3, {"fingerprint": 5}]}').fingerprints.size).toBe(0);
  });
});
