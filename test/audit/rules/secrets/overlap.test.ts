// The secrets rules share one scan: a value found by a specific detector is not reported again by
// a generic one, so every span appears at most once across the whole area.
import { describe, expect, it } from 'vitest';
import { allSecretFindings, awsKeyId, awsSecret, githubToken, pem } from './_helpers.js';

describe('the secrets rules together', () => {
  it('report each span once, by the most specific rule', () => {
    const values = [
      `githubToken: ${githubToken()}`,
      `password: ${githubToken(2)}`,
      `aws:\n  accessKeyId: ${awsKeyId()}\n  secretAccessKey: ${awsSecret()}`,
      `adminPassword: "ChangeMe123!"`,
      '',
    ].join('\n');
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\nstringData:\n  tls.key: |\n${pem('EC PRIVATE KEY').replace(/^/gm, '    ')}\n`;
    const findings = allSecretFindings({ 'values.yaml': values, 'secret.yaml': secret });
    expect(findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`).sort()).toEqual([
      'secrets/cloud-credential values.yaml:4',
      'secrets/hardcoded-password values.yaml:6',
      'secrets/kubernetes-secret secret.yaml:4',
      'secrets/private-key secret.yaml:6',
      'secrets/token values.yaml:1',
      'secrets/token values.yaml:2',
    ]);
    const spans = findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column}`);
    expect(new Set(spans).size).toBe(spans.length);
  });
});
