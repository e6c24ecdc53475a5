// The JSON report is a contract with scripts: exactly the documented keys, nothing more.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, renderJson } from '../../../src/audit/report/json.js';
import { input } from './fixtures.js';

describe('JSON report', () => {
  it('has exactly the version 1 shape', () => {
    const report = JSON.parse(renderJson(input()));
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
    });
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual(['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'message', 'refs', 'fixable']);
    }
    expect(report.findings.map((f: { fixable: boolean }) => f.fixable)).toEqual([true, false, false, false, false]);
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

  it('passes the gate when nothing is at or above --fail-on', () => {
    expect(jsonReport(input({ failOn: 'none' })).summary.failed).toBe(false);
    expect(jsonReport(input({ findings: input().findings.filter((f) => f.severity === 'low') })).summary.failed).toBe(false);
  });

  it('is the schema docs/audit-json-schema.md documents', async () => {
    const doc = await readFile(path.resolve(import.meta.dirname, '../../../docs/audit-json-schema.md'), 'utf8');
    for (const key of ['"version": 1', 'ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'message', 'refs', 'fixable', 'bySeverity', 'filesAudited', 'suppressed', 'failOn', 'failed', 'notes']) {
      expect(doc).toContain(key);
    }
  });
});
