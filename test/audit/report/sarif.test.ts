// SARIF: valid against the SARIF 2.1.0 JSON schema, and carrying what GitHub code scanning reads
// (rule help, security-severity, levels, relative locations).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fingerprintFindings } from '../../../src/audit/baseline.js';
import { audit } from '../../../src/audit/index.js';
import { GITHUB_MAX_RESULTS, githubUploadProblems, renderSarif } from '../../../src/audit/report/sarif.js';
import { RULES } from '../../../src/audit/rules/index.js';
import { input } from './fixtures.js';

// The schema as published for 2.1.0 (draft-04, shipped in the @microsoft/jest-sarif package),
// read with ajv's draft-07 defaults: draft-04's `id` is draft-07's `$id`, and its `$schema` is dropped.
function sarifValidator() {
  const file = path.resolve(import.meta.dirname, '../../fixtures/sarif/sarif-schema-2.1.0-rtm.5.json');
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(file, 'utf8'));
  // unicodeRegExp: false because the schema's `language` pattern (^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$)
  // has a stray `]` that is only legal in a non-unicode regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value) && !/\s/.test(value));
  ajv.addFormat('uri-reference', (value: string) => /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({ ...schema, $id: id });
}

const validate = sarifValidator();
const fingerprints = new Map(input().findings.map((finding, index) => [finding, `v1:${index}`]));
const sarif = JSON.parse(renderSarif(input({ fingerprints, fixEdits: true })));
const run = sarif.runs[0];

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the validator does reject a broken log (so the test above means something)', () => {
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
    const badUri = structuredClone(sarif);
    badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'k8s/my app.yaml';
    expect(validate(badUri)).toBe(false);
    const strayKey = structuredClone(sarif);
    strayKey.runs[0].results[0].severity = 'high';
    expect(validate(strayKey)).toBe(false);
  });

  it('describes every rule that ran, with help text, tags, level and security-severity', () => {
    const rules = run.tool.driver.rules;
    expect(run.tool.driver).toMatchObject({ name: 'create-secure-container', version: '9.9.9', informationUri: 'https://www.npmjs.com/package/create-secure-container' });
    expect(rules.map((r: { id: string }) => r.id)).toEqual(input().rules.map((r) => r.id));
    expect(rules[0]).toEqual({
      id: 'dockerfile/root-user',
      name: 'DockerfileRootUser',
      shortDescription: { text: 'Title of dockerfile/root-user' },
      fullDescription: { text: 'Why dockerfile/root-user matters.' },
      help: {
        text: 'Why: Why dockerfile/root-user matters.\n\nDetect: What dockerfile/root-user looks for.\n\nFix: How to fix dockerfile/root-user.\n\nEquivalent checks: hadolint:DL3002, trivy:DS-0002',
        markdown:
          '**Why.** Why dockerfile/root-user matters.\n\n**Detect.** What dockerfile/root-user looks for.\n\n**Fix.** How to fix dockerfile/root-user.\n\n**Equivalent checks:** `hadolint:DL3002`, `trivy:DS-0002`',
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'dockerfile'], precision: 'high', 'problem.severity': 'error', 'security-severity': '8.0' },
    });
  });

  it("puts each severity inside GitHub's security-severity band", () => {
    const bySeverity = Object.fromEntries(input().rules.map((rule, index) => [rule.severity, run.tool.driver.rules[index].properties]));
    const score = (severity: string) => Number(bySeverity[severity]['security-severity']);
    expect(score('critical')).toBeGreaterThan(9.0);
    expect(score('high')).toBeGreaterThanOrEqual(7.0);
    expect(score('high')).toBeLessThan(9.0);
    expect(score('medium')).toBeGreaterThanOrEqual(4.0);
    expect(score('medium')).toBeLessThan(7.0);
    expect(score('low')).toBeGreaterThan(0);
    expect(score('low')).toBeLessThan(4.0);
    expect(bySeverity.info).not.toHaveProperty('security-severity');
    expect(bySeverity.info.tags).not.toContain('security');
  });

  it('reports results with rule index, level and a relative, encoded location', () => {
    expect(run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['dockerfile/root-user', 0, 'error'],
      ['audit/parse-error', 4, 'warning'],
      ['k8s/privileged', 1, 'error'],
      ['k8s/missing-probes', 2, 'note'],
    ]);
    expect(run.results[2].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/my%20app.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 7, endLine: 10, endColumn: 3 },
    });
    expect(run.results[2].message).toEqual({ text: 'container "a" runs privileged.' });
  });

  it('carries fixes (SARIF §3.55: artifactChanges of character-range replacements) and partialFingerprints', () => {
    expect(run.results[0].fixes).toEqual([
      {
        description: { text: 'add USER' },
        artifactChanges: [
          { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { charOffset: 52, charLength: 0 }, insertedContent: { text: 'USER 65532:65532\n' } }] },
        ],
      },
    ]);
    // A fix over two files (one of them created) with a caveat, which goes into the description.
    expect(run.results[2].fixes[0].description.text).toBe('drop privileged and deny by default (check first: the container may need a capability)');
    expect(run.results[2].fixes[0].artifactChanges).toEqual([
      { artifactLocation: { uri: 'k8s/my%20app.yaml', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { charOffset: 120, charLength: 17 }, insertedContent: { text: 'privileged: false' } }] },
      { artifactLocation: { uri: 'k8s/netpol.yaml', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: 'kind: NetworkPolicy\n' } }] },
    ]);
    expect(run.results[1]).not.toHaveProperty('fixes');
    expect(run.results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual([
      { 'secureContainer/v1': 'v1:0' },
      { 'secureContainer/v1': 'v1:1' },
      { 'secureContainer/v1': 'v1:2' },
      { 'secureContainer/v1': 'v1:3' },
    ]);
    // The schema does check fixes: a replacement without its deleted region is rejected.
    const broken = structuredClone(sarif);
    delete broken.runs[0].results[0].fixes[0].artifactChanges[0].replacements[0].deletedRegion;
    expect(validate(broken)).toBe(false);
  });

  it('a finding with no file (a rule that failed) and the notes become tool notifications', () => {
    const notifications = run.invocations[0].toolExecutionNotifications;
    expect(run.results.some((r: { ruleId: string }) => r.ruleId === 'audit/rule-error')).toBe(false);
    expect(notifications[0]).toEqual({ level: 'error', message: { text: 'rule k8s/x failed and checked nothing (Error: boom)' }, descriptor: { id: 'audit/rule-error' } });
    expect(notifications[1]).toMatchObject({ level: 'note', message: { text: 'assets/logo.json: binary file; not audited' } });
    expect(notifications[2]).not.toHaveProperty('locations');
  });

  it('an empty audit is still a valid log', () => {
    expect(validate(JSON.parse(renderSarif(input({ findings: [], notes: [], rules: [] }))))).toBe(true);
  });

  it('the real fixes of examples/insecure-repo make a valid log, each replacement inside its file', async () => {
    const result = await audit({ target: { folder: path.resolve(import.meta.dirname, '../../../examples/insecure-repo') } });
    const log = JSON.parse(renderSarif(input({ findings: result.findings, rules: result.rules, fingerprints: fingerprintFindings(result.findings, result.repo), fixEdits: true })));
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(log)).toBe(true);
    const texts = new Map(result.repo.files.map((file) => [file.path, file.text]));
    const withFixes = log.runs[0].results.filter((r: { fixes?: unknown[] }) => r.fixes);
    expect(withFixes.length).toBeGreaterThan(10);
    for (const r of withFixes) {
      for (const change of r.fixes[0].artifactChanges) {
        const text = texts.get(decodeURIComponent(change.artifactLocation.uri));
        for (const { deletedRegion } of change.replacements) {
          if (text === undefined) expect(deletedRegion).toEqual({ charOffset: 0, charLength: 0 }); // a file the fix creates
          else expect(deletedRegion.charOffset + deletedRegion.charLength).toBeLessThanOrEqual(text.length);
        }
      }
    }
    expect(new Set(log.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['secureContainer/v1'])).size).toBe(log.runs[0].results.length);
  });

  it('every rule of the catalogue makes a valid descriptor', () => {
    const log = JSON.parse(renderSarif(input({ findings: [], rules: RULES })));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].tool.driver.rules).toHaveLength(RULES.length);
  });
});

describe('GitHub code scanning upload limits', () => {
  const many = (count: number) => {
    const [first] = input().findings.filter((finding) => finding.location.file !== '.');
    return Array.from({ length: count }, (_, i) => ({ ...first!, location: { ...first!.location, line: i + 1 } }));
  };

  it('warns past 25,000 results in the run, not at 25,000', () => {
    const at = input({ findings: many(GITHUB_MAX_RESULTS) });
    expect(githubUploadProblems(at, renderSarif(at))).toEqual([]);
    const over = input({ findings: many(GITHUB_MAX_RESULTS + 1) });
    expect(githubUploadProblems(over, renderSarif(over))).toEqual(['it has 25,001 results; GitHub code scanning rejects more than 25,000 in one run']);
  });

  it('measures the size as upload-sarif sends it, gzip-compressed', () => {
    const small = input();
    expect(githubUploadProblems(small, `${'x'.repeat(11_000_000)}`)).toEqual([]);
    // Random base64 compresses to about three quarters: 16 MB of it stays above 10 MB.
    const random = randomBytes(12_000_000).toString('base64');
    expect(githubUploadProblems(small, random)).toEqual([expect.stringMatching(/^it is \d+\.\d MB gzip-compressed; GitHub code scanning rejects uploads over 10 MB$/)]);
  });
});
