// The JSON report is a contract with scripts: exactly the documented keys, nothing more.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, renderJson } from '../../../src/audit/report/json.js';
import { input } from './fixtures.js';

describe('JSON report', () => {
  it('has exactly the version 1 shape (with --fix-edits)', () => {
    const report = JSON.parse(renderJson(input({ fixEdits: true })));
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'summary']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'create-secure-container', version: '9.9.9' });
    expect(report.findings[0]).toEqual({
      ruleId: 'dockerfile/root-user',
      severity: 'high',
      file: 'Dockerfile',
      line: 4,
      column: 1,
      endLine: 4,
      message: 'The final stage runs as root.',
      refs: ['hadolint:DL3002'],
      fixable: true,
      fix: { description: 'add USER', edits: [{ file: 'Dockerfile', start: 52, end: 52, text: 'USER 65532:65532\n' }] },
    });
    expect(report.findings[2].fix).toEqual({
      description: 'drop privileged and deny by default',
      caveat: 'the container may need a capability',
      edits: [
        { file: 'k8s/my app.yaml', start: 120, end: 137, text: 'privileged: false' },
        { file: 'k8s/netpol.yaml', start: 0, end: 0, text: 'kind: NetworkPolicy\n' },
      ],
    });
    const base = ['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'message', 'refs', 'fixable'];
    for (const finding of report.findings) expect(Object.keys(finding)).toEqual(finding.fixable ? [...base, 'fix'] : base);
    expect(report.findings.map((f: { fixable: boolean }) => f.fixable)).toEqual([true, false, true, false, false]);
    expect(report.summary).toEqual({
      total: 5,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 1, info: 0 },
      filesAudited: 7,
      suppressed: 2,
      failOn: 'high',
      failed: true,
      notes: [
        { file: 'assets/logo.json', message: 'binary file; not audited' },
        { file: '.', message: 'stopped reading after 64 MiB; 3 more files were not audited' },
      ],
    });
  });

  it('leaves the edits out without --fix-edits and never computes them', () => {
    let read = 0;
    const fix = {
      description: 'add USER',
      get edits() {
        read++;
        return [];
      },
    };
    const finding = { ...input().findings[0]!, fix };
    const report = JSON.parse(renderJson(input({ findings: [finding] })));
    expect(report.findings[0].fix).toEqual({ description: 'add USER' });
    expect(report.findings[0].fixable).toBe(true);
    expect(read).toBe(0);
  });

  it("carries each finding's fingerprint, the baseline count, and what --min-severity hid (still counted by the gate)", () => {
    const fingerprints = new Map(input().findings.map((finding, index) => [finding, `v1:${index}`]));
    const low = input().findings.filter((f) => f.severity === 'low');
    const report = jsonReport(input({ fingerprints, findings: low, gate: input().findings, baselineMatched: 3, hidden: { minSeverity: 'low', count: 4 } }));
    expect(report.findings.map((f) => f.fingerprint)).toEqual(['v1:3']);
    expect(report.summary.baselineMatched).toBe(3);
    expect(report.summary.hidden).toBe(4);
    expect(report.summary.failed).toBe(true);
  });

  it('passes the gate when nothing is at or above --fail-on', () => {
    expect(jsonReport(input({ failOn: 'none' })).summary.failed).toBe(false);
    expect(jsonReport(input({ findings: input().findings.filter((f) => f.severity === 'low') })).summary.failed).toBe(false);
  });

  it('is the schema docs/audit-json-schema.md documents', async () => {
    const doc = await readFile(path.resolve(import.meta.dirname, '../../../docs/audit-json-schema.md'), 'utf8');
    for (const key of ['"version": 1', 'ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'message', 'refs', 'fixable', 'bySeverity', 'filesAudited', 'suppressed', 'failOn', 'failed', 'notes', 'fingerprint', 'fix', 'caveat', 'edits', 'baselineMatched', 'hidden']) {
      expect(doc).toContain(key);
    }
  });
});
