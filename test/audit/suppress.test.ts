// Suppressions: inline comments, hadolint pragmas, .secure-container.yaml entries with globs and
// expiry dates, and the finding a suppression without a reason produces.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../src/audit/parse.js';
import { auditRules } from '../../src/audit/rules/audit/index.js';
import { SuppressionConfigError, applySuppressions, parseSuppressionConfig } from '../../src/audit/suppress.js';
import { type Finding, type Rule, defineRule } from '../../src/audit/types.js';

const rule = (id: string, area: Rule['area'], refs: string[] = []): Rule =>
  defineRule({ id, area, severity: 'high', title: id, why: 'w', detect: 'd', fix: 'f', refs, check: () => {} });

const CATALOGUE: readonly Rule[] = [
  rule('dockerfile/root-user', 'dockerfile', ['hadolint:DL3002', 'trivy:DS-0002']),
  rule('dockerfile/latest-tag', 'dockerfile', ['hadolint:DL3007']),
  rule('k8s/privileged', 'kubernetes'),
  rule('k8s/host-path', 'kubernetes'),
  ...auditRules,
];

function finding(ruleId: string, file: string, line: number): Finding {
  return { ruleId, severity: 'high', message: `${ruleId} on line ${line}`, refs: [], location: { file, line, column: 1, endLine: line, endColumn: 5 } };
}

function suppress(files: Record<string, string>, findings: Finding[], options: { config?: string; today?: string } = {}) {
  const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  const config = options.config === undefined ? [] : parseSuppressionConfig({ path: '.secure-container.yaml', text: options.config }, CATALOGUE);
  return applySuppressions(findings, { repo, catalogue: CATALOGUE, config, today: options.today ?? '2026-06-15' });
}

const kept = (result: { findings: readonly Finding[] }) => result.findings.map((f) => `${f.ruleId}@${f.location.file}:${f.location.line}`);

describe('inline suppressions', () => {
  const deployment = [
    'spec:', // 1
    '  # secure-container-ignore k8s/privileged the CNI agent needs it (NET-42)', // 2
    '  privileged: true', // 3
    '  hostPath: /var/log # secure-container-ignore k8s/host-path reads node logs', // 4
    '  privileged: true', // 5
  ].join('\n');

  it('covers the next line from a comment line, and its own line from a trailing comment', () => {
    const result = suppress({ 'k8s.yaml': deployment }, [finding('k8s/privileged', 'k8s.yaml', 3), finding('k8s/host-path', 'k8s.yaml', 4), finding('k8s/privileged', 'k8s.yaml', 5)]);
    expect(kept(result)).toEqual(['k8s/privileged@k8s.yaml:5']);
    expect(result.suppressed.map((s) => [s.finding.location.line, s.by.kind, s.by.reason])).toEqual([
      [3, 'inline', 'the CNI agent needs it (NET-42)'],
      [4, 'inline', 'reads node logs'],
    ]);
  });

  it('only silences the rules it names, in the file it is in', () => {
    const result = suppress({ 'k8s.yaml': deployment, 'other.yaml': deployment.replace(/# secure-container-ignore.*$/gm, '') }, [
      finding('k8s/host-path', 'k8s.yaml', 3),
      finding('k8s/privileged', 'other.yaml', 3),
    ]);
    expect(kept(result)).toEqual(['k8s/host-path@k8s.yaml:3', 'k8s/privileged@other.yaml:3']);
  });

  it('in a Dockerfile, a comment above covers the whole next instruction, continuation lines included', () => {
    const dockerfile = ['FROM node:22', '# secure-container-ignore dockerfile/root-user installs need root; final stage drops it', 'RUN apt-get update \\', '  && apt-get install -y curl', 'USER root'].join('\n');
    const result = suppress({ Dockerfile: dockerfile }, [finding('dockerfile/root-user', 'Dockerfile', 4), finding('dockerfile/root-user', 'Dockerfile', 5)]);
    expect(kept(result)).toEqual(['dockerfile/root-user@Dockerfile:5']);
  });

  it('a suppression without a reason still applies but is reported at the comment', () => {
    const result = suppress({ 'k8s.yaml': 'spec:\n  # secure-container-ignore k8s/privileged\n  privileged: true\n' }, [finding('k8s/privileged', 'k8s.yaml', 3)]);
    expect(result.suppressed).toHaveLength(1);
    expect(result.findings).toEqual([
      {
        ruleId: 'audit/suppression-without-reason',
        severity: 'medium',
        message: 'this secure-container-ignore comment silences k8s/privileged without a reason; add one after the rule ids',
        refs: [],
        location: { file: 'k8s.yaml', line: 2, column: 3, endLine: 2, endColumn: 42 },
      },
    ]);
  });

  it("uses each language's comment leader, and only a real comment", () => {
    const files = {
      'src/config.ts': ["const a = 'x'; // secure-container-ignore k8s/privileged test fixture, never deployed", "const help = '# secure-container-ignore k8s/privileged in a string';"].join('\n'),
      'values.json': '{"a": "# secure-container-ignore k8s/privileged not a comment"}',
      'k8s.yaml': 'url: http://x#secure-container-ignore k8s/privileged not a comment\n',
    };
    const result = suppress(files, [finding('k8s/privileged', 'src/config.ts', 1), finding('k8s/privileged', 'src/config.ts', 2), finding('k8s/privileged', 'values.json', 1), finding('k8s/privileged', 'k8s.yaml', 1)]);
    expect(kept(result)).toEqual(['k8s/privileged@src/config.ts:2', 'k8s/privileged@values.json:1', 'k8s/privileged@k8s.yaml:1']);
  });

  it('separators alone are not a reason, and an unknown rule id is noted', () => {
    const result = suppress({ 'k8s.yaml': 'a: 1 # secure-container-ignore k8s/privilegd -- \n' }, []);
    expect(kept(result)).toEqual(['audit/suppression-without-reason@k8s.yaml:1']);
    expect(result.notes[0]!.message).toMatch(/unknown rule "k8s\/privilegd" \(did you mean k8s\/privileged\?\)/);
  });
});

describe('hadolint pragmas', () => {
  it('# hadolint ignore=DL3002 silences the rules mapped to DL3002 on the next instruction', () => {
    const dockerfile = ['FROM node:22', '# hadolint ignore=DL3002, SC2086 # the base image needs root for apt', 'USER root', 'FROM node:latest', 'USER root'].join('\n');
    const result = suppress({ Dockerfile: dockerfile }, [
      finding('dockerfile/root-user', 'Dockerfile', 3),
      finding('dockerfile/latest-tag', 'Dockerfile', 4),
      finding('dockerfile/root-user', 'Dockerfile', 5),
    ]);
    expect(kept(result)).toEqual(['dockerfile/latest-tag@Dockerfile:4', 'dockerfile/root-user@Dockerfile:5']);
    expect(result.suppressed[0]!.by).toMatchObject({ kind: 'hadolint', rules: ['dockerfile/root-user'], reason: 'the base image needs root for apt' });
  });

  it('a pragma with plain text after its codes is one hadolint itself ignores: it silences nothing, and a note shows the form', () => {
    const dockerfile = ['FROM node:22', '# hadolint ignore=DL3002 the base image needs root', 'USER root'].join('\n');
    const result = suppress({ Dockerfile: dockerfile }, [finding('dockerfile/root-user', 'Dockerfile', 3)]);
    expect(kept(result)).toEqual(['dockerfile/root-user@Dockerfile:3']);
    expect(result.notes.map((note) => note.message)).toEqual([
      'line 2: hadolint ignores this pragma (text after the rule codes must follow a #), so it silences nothing; write `# hadolint ignore=DL3002 # reason`',
    ]);
  });

  it('# hadolint global ignore covers the whole file; without a reason it is reported', () => {
    const dockerfile = ['# hadolint global ignore=DL3007', 'FROM node:latest', 'FROM alpine:latest'].join('\n');
    const result = suppress({ Dockerfile: dockerfile }, [finding('dockerfile/latest-tag', 'Dockerfile', 2), finding('dockerfile/latest-tag', 'Dockerfile', 3)]);
    expect(result.suppressed).toHaveLength(2);
    expect(kept(result)).toEqual(['audit/suppression-without-reason@Dockerfile:1']);
  });

  it('is only read in Dockerfiles, and codes without a mapped rule do nothing', () => {
    const result = suppress({ 'k8s.yaml': '# hadolint ignore=DL3002 # x\na: 1\n', Dockerfile: '# hadolint ignore=SC2086\nRUN echo $x\n' }, [
      finding('dockerfile/root-user', 'k8s.yaml', 2),
      finding('dockerfile/root-user', 'Dockerfile', 2),
    ]);
    expect(kept(result)).toEqual(['dockerfile/root-user@k8s.yaml:2', 'dockerfile/root-user@Dockerfile:2']);
  });
});

describe('.secure-container.yaml suppressions', () => {
  const config = `version: 1
profile:
  name: web
audit:
  suppressions:
    - rule: k8s/host-path
      path: charts/agent/**
      reason: the log agent reads /var/log
    - rule: dockerfile
      path: legacy/
      reason: being rewritten
      until: 2026-06-30
`;

  it('matches by rule id or area and by path glob', () => {
    const result = suppress({}, [
      finding('k8s/host-path', 'charts/agent/templates/ds.yaml', 7),
      finding('k8s/host-path', 'charts/web/ds.yaml', 7),
      finding('dockerfile/root-user', 'legacy/Dockerfile', 2),
      finding('k8s/privileged', 'legacy/pod.yaml', 2),
    ], { config });
    expect(kept(result)).toEqual(['k8s/host-path@charts/web/ds.yaml:7', 'k8s/privileged@legacy/pod.yaml:2']);
    expect(result.suppressed.map((s) => s.by.location.line)).toEqual([6, 9]);
  });

  it('applies up to and including its until day, and counts again after it, with a note', () => {
    const findings = [finding('dockerfile/root-user', 'legacy/Dockerfile', 2)];
    expect(suppress({}, findings, { config, today: '2026-06-30' }).findings).toEqual([]);
    const expired = suppress({}, findings, { config, today: '2026-07-01' });
    expect(kept(expired)).toEqual(['dockerfile/root-user@legacy/Dockerfile:2']);
    expect(expired.notes).toEqual([
      { file: '.secure-container.yaml', message: 'line 9: the suppression of dockerfile for legacy/ expired on 2026-06-30; its findings count again' },
    ]);
  });

  it('an entry without a reason applies, and is a finding located at the entry', () => {
    const result = suppress({}, [finding('k8s/privileged', 'a.yaml', 1)], { config: 'audit:\n  suppressions:\n    - rule: k8s/privileged\n' });
    expect(result.suppressed).toHaveLength(1);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'audit/suppression-without-reason', location: { file: '.secure-container.yaml', line: 3, column: 7 } });
  });

  it('can excuse an inline suppression without a reason, if it gives one', () => {
    const result = suppress({ 'a.yaml': 'x: 1 # secure-container-ignore k8s/privileged\n' }, [finding('k8s/privileged', 'a.yaml', 1)], {
      config: 'audit:\n  suppressions:\n    - rule: audit/suppression-without-reason\n      path: a.yaml\n      reason: generated file, reviewed in PR 12\n',
    });
    expect(result.findings).toEqual([]);
    expect(result.suppressed).toHaveLength(2);
  });

  it.each([
    ['audit: [1]\n', /audit: expected a mapping/],
    ['audit:\n  supressions: []\n', /:2:3: audit.supressions: unknown key/],
    ['audit:\n  suppressions:\n    - rule: k8s/privilegd\n', /:3:\d+: audit.suppressions\[0\].rule: unknown rule or area "k8s\/privilegd"; did you mean k8s\/privileged\?/],
    ['audit:\n  suppressions:\n    - rule: k8s\n      reasons: typo\n', /audit.suppressions\[0\].reasons: unknown key/],
    ['audit:\n  suppressions:\n    - rule: k8s\n      reason: x\n      until: 2026-02-30\n', /audit.suppressions\[0\].until: "2026-02-30" is not a date; use YYYY-MM-DD/],
    ['audit:\n  suppressions:\n    - path: a.yaml\n', /audit.suppressions\[0\].rule: a rule id or area \(or "\*" for every rule\) is required/],
    ['audit: {suppressions: [\n', /\.secure-container\.yaml:\d+: YAML does not parse/],
  ])('rejects a malformed config: %j', (text, message) => {
    expect(() => parseSuppressionConfig({ path: '.secure-container.yaml', text }, CATALOGUE)).toThrow(SuppressionConfigError);
    expect(() => parseSuppressionConfig({ path: '.secure-container.yaml', text }, CATALOGUE)).toThrow(message);
  });

  it('a file with only a profile has no suppressions', () => {
    expect(parseSuppressionConfig({ path: '.secure-container.yaml', text: 'version: 1\nprofile:\n  name: web\n' }, CATALOGUE)).toEqual([]);
  });
});
