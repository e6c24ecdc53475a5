// The engine: rules run over a parsed repo, a throwing rule becomes a finding, order is stable,
// and --only/--skip choose rules by id, area or prefix.
import { describe, expect, it } from 'vitest';
import { runRules, sortFindings } from '../../src/audit/engine.js';
import { parseRepo } from '../../src/audit/parse.js';
import { dockerfileModel, hasDockerfileModel } from '../../src/audit/rules/dockerfile/_support.js';
import { RULES } from '../../src/audit/rules/index.js';
import { UnknownRuleError, closeMatches, selectRules } from '../../src/audit/select.js';
import { type Finding, type Rule, defineRule } from '../../src/audit/types.js';

const repo = parseRepo('/virtual', [
  { path: 'b.yaml', text: 'kind: A\n' },
  { path: 'a.yaml', text: 'kind: B\nname: x\n' },
]).repo;

function lineRule(id: string, area: Rule['area'], lines: Record<string, number[]>): Rule {
  return defineRule({
    id,
    area,
    severity: 'low',
    title: id,
    why: 'why',
    detect: 'detect',
    fix: 'fix',
    refs: ['tool:X1'],
    check({ report }) {
      for (const [file, numbers] of Object.entries(lines)) {
        for (const line of numbers) report({ location: { file, line, column: 1, endLine: line, endColumn: 2 }, message: `${id} at ${file}:${line}` });
      }
    },
  });
}

describe('runRules', () => {
  it('keeps one of a rule\'s findings that repeat the same message at the same place', () => {
    const twice = lineRule('k8s/twice', 'kubernetes', { 'a.yaml': [1, 1, 2] });
    expect(runRules(repo, [twice, lineRule('k8s/other', 'kubernetes', { 'a.yaml': [1] })]).map((f) => `${f.ruleId}@${f.location.line}`)).toEqual(['k8s/twice@1', 'k8s/twice@2', 'k8s/other@1']);
  });

  it('turns an exception thrown by a rule into an audit/rule-error finding and keeps running the others', () => {
    const broken = defineRule({
      ...lineRule('dockerfile/broken', 'dockerfile', {}),
      check({ report }) {
        report({ location: { file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 }, message: 'before the crash' });
        throw new TypeError("Cannot read properties of undefined (reading 'spec')");
      },
    });
    const healthy = lineRule('k8s/healthy', 'kubernetes', { 'b.yaml': [1] });
    const findings = runRules(repo, [broken, healthy]);
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['dockerfile/broken', 'before the crash'],
      ['audit/rule-error', "rule dockerfile/broken failed and checked nothing (TypeError: Cannot read properties of undefined (reading 'spec'))"],
      ['k8s/healthy', 'k8s/healthy at b.yaml:1'],
    ]);
    expect(findings[1]).toMatchObject({ severity: 'high', location: { file: '.', line: 1 } });
  });

  it('runs the rules that read Dockerfile models first, then lets the models go before the others run', () => {
    const { repo: project } = parseRepo('/virtual', [
      { path: 'web/Dockerfile', text: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nEXPOSE 8080\nCMD ["gunicorn", "app:app"]\n' },
      { path: 'k8s/web.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.0\n          ports:\n            - containerPort: 9090\n          securityContext:\n            readOnlyRootFilesystem: true\n' },
      { path: '.github/workflows/build.yml', text: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: web\n          tags: ghcr.io/acme/web:1.0\n' },
    ]);
    const source = project.dockerfiles[0]!;
    const order: string[] = [];
    const probe = (id: string, area: Rule['area']) =>
      defineRule({ ...lineRule(id, area, {}), check: () => void order.push(`${id} model ${hasDockerfileModel(source) ? 'kept' : 'gone'}`) });
    const readsModel = defineRule({ ...lineRule('coherence/reads', 'coherence', {}), check: () => void dockerfileModel(source) });
    runRules(project, [probe('k8s/first', 'kubernetes'), ...RULES, readsModel, probe('dockerfile/last', 'dockerfile'), probe('secrets/last', 'secrets')]);
    // Catalogue order within each group; the Dockerfile model readers before every other rule.
    expect(order).toEqual(['dockerfile/last model kept', 'k8s/first model gone', 'secrets/last model gone']);
    // No rule after the release built a model again (it would still be kept).
    expect(hasDockerfileModel(source)).toBe(false);
  });

  it('finds the same with the models let go as each rule alone does', () => {
    const files = [
      { path: 'web/Dockerfile', text: 'FROM python:3.12\nUSER root\nEXPOSE 8080\nCMD ["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]\n' },
      { path: 'k8s/web.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsUser: 10001\n      containers:\n        - name: web\n          image: web:1.0\n          ports:\n            - containerPort: 9090\n          securityContext:\n            readOnlyRootFilesystem: true\n' },
    ];
    const alone = RULES.flatMap((rule) => runRules(parseRepo('/virtual', files).repo, [rule]));
    const together = runRules(parseRepo('/virtual', files).repo, RULES);
    const key = (f: Finding) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`;
    expect(sortFindings(together).map(key)).toEqual(sortFindings(alone).map(key));
    expect(together.some((f) => f.ruleId.startsWith('coherence/'))).toBe(true);
  });

  it('a thrown non-Error is reported too', () => {
    const findings = runRules(repo, [defineRule({ ...lineRule('falco/odd', 'falco', {}), check: () => { throw 'plain string'; } })]);
    expect(findings[0]!.message).toBe('rule falco/odd failed and checked nothing (plain string)');
  });

  it("fills severity and refs from the rule unless the report overrides them", () => {
    const rule = defineRule({
      ...lineRule('k8s/mixed', 'kubernetes', {}),
      check({ report }) {
        const location = { file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 };
        report({ location, message: 'default' });
        report({ location, message: 'worse', severity: 'critical', refs: ['pss:baseline:privileged'] });
      },
    });
    const [plain, worse] = runRules(repo, [rule]);
    expect(plain).toMatchObject({ severity: 'low', refs: ['tool:X1'] });
    expect(worse).toMatchObject({ severity: 'critical', refs: ['pss:baseline:privileged'] });
  });
});

describe('sortFindings', () => {
  it('orders by file, line, column, then rule id', () => {
    const at = (ruleId: string, file: string, line: number, column: number): Finding => ({
      ruleId,
      severity: 'low',
      message: '',
      refs: [],
      location: { file, line, column, endLine: line, endColumn: column },
    });
    const sorted = sortFindings([at('z/r', 'b.yaml', 1, 1), at('b/r', 'a.yaml', 2, 1), at('a/r', 'a.yaml', 2, 1), at('a/r', 'a.yaml', 1, 5), at('a/r', 'a.yaml', 1, 3)]);
    expect(sorted.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`)).toEqual([
      'a.yaml:1:3 a/r',
      'a.yaml:1:5 a/r',
      'a.yaml:2:1 a/r',
      'a.yaml:2:1 b/r',
      'b.yaml:1:1 z/r',
    ]);
  });
});

describe('selectRules', () => {
  const catalogue = [
    lineRule('dockerfile/root-user', 'dockerfile', {}),
    lineRule('k8s/privileged', 'kubernetes', {}),
    lineRule('k8s/host-path', 'kubernetes', {}),
    lineRule('audit/parse-error', 'audit', {}),
  ];
  const ids = (rules: readonly Rule[]) => rules.map((rule) => rule.id);

  it('--only keeps the named rules and areas (and the audit area), --skip removes them', () => {
    expect(ids(selectRules(catalogue, {}))).toEqual(ids(catalogue));
    expect(ids(selectRules(catalogue, { only: ['k8s/privileged'] }))).toEqual(['k8s/privileged', 'audit/parse-error']);
    expect(ids(selectRules(catalogue, { only: ['kubernetes'] }))).toEqual(['k8s/privileged', 'k8s/host-path', 'audit/parse-error']);
    expect(ids(selectRules(catalogue, { only: ['k8s'], skip: ['k8s/host-path'] }))).toEqual(['k8s/privileged', 'audit/parse-error']);
    expect(ids(selectRules(catalogue, { skip: ['audit', 'dockerfile'] }))).toEqual(['k8s/privileged', 'k8s/host-path']);
  });

  it('rejects a name that matches nothing, suggesting close ones', () => {
    expect(() => selectRules(catalogue, { only: ['k8s/privilegd'] })).toThrow(UnknownRuleError);
    expect(() => selectRules(catalogue, { skip: ['k8s/privilegd'] })).toThrow(/did you mean k8s\/privileged\?/);
  });

  it('closeMatches finds typos and fragments, not unrelated names', () => {
    const names = RULES.map((rule) => rule.id);
    expect(closeMatches('audit/parse-eror', names)).toContain('audit/parse-error');
    expect(closeMatches('parse-error', names)).toContain('audit/parse-error');
    expect(closeMatches('zzzzzzzz', names)).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('has unique ids, each under its area, with Why / Detect / Fix filled in', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+\/[a-z0-9-]+$/);
      for (const text of [rule.title, rule.why, rule.detect, rule.fix]) expect(text.trim()).not.toBe('');
    }
    expect(ids).toEqual(expect.arrayContaining(['audit/parse-error', 'audit/rule-error', 'audit/suppression-without-reason']));
  });
});
