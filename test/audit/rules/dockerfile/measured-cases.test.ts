// Cases found by measuring the audit against public test inputs (docs/measurement.md).
import { describe, expect, it } from 'vitest';
import { addInsteadOfCopy } from '../../../../src/audit/rules/dockerfile/add-instead-of-copy.js';
import { secretInEnvOrArg } from '../../../../src/audit/rules/dockerfile/secret-in-env-or-arg.js';
import { runRule } from '../../../helpers/audit.js';

describe('measured against trivy-checks and hadolint', () => {
  it('does not take a credentials file path for a secret (trivy DS-0031 passes it)', () => {
    expect(runRule(secretInEnvOrArg, { Dockerfile: 'FROM alpine:3.20\nENV GOOGLE_APPLICATION_CREDENTIALS=/credentials/sa.json\n' })).toEqual([]);
  });

  it('knows a listed credential name behind a prefix', () => {
    const findings = runRule(secretInEnvOrArg, { Dockerfile: 'FROM alpine:3.20\nARG VITE_AWS_ACCESS_KEY_ID=AKIAEXAMPLEEXAMPLE12\n' });
    expect(findings.map((f) => [f.location.line, f.severity])).toEqual([[2, 'critical']]);
  });

  it('reads a quoted ADD source as Docker does: a quoted archive is still extracted (hadolint DL3020 passes it)', () => {
    expect(runRule(addInsteadOfCopy, { Dockerfile: 'FROM alpine:3.20\nADD "file.tgz" /opt/\n' })).toEqual([]);
    expect(runRule(addInsteadOfCopy, { Dockerfile: 'FROM alpine:3.20\nADD "config.ini" /opt/\n' })).toHaveLength(1);
  });
});
