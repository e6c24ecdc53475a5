import { describe, expect, it } from 'vitest';
import { privateKey } from '../../../../src/audit/rules/secrets/private-key.js';
import { runRule } from '../../../helpers/audit.js';
import { span, where } from '../dockerfile/_helpers.js';
import { fake, pem } from './_helpers.js';

describe('secrets/private-key', () => {
  it('reports a PEM private key from BEGIN to END, critical, with the body redacted', () => {
    const key = pem('RSA PRIVATE KEY');
    const text = `# deploy key\n${key}\n`;
    const findings = runRule(privateKey, { 'deploy/id_rsa': text });
    expect(where(findings)).toEqual([span(text, key)]);
    expect(findings[0]!.severity).toBe('critical');
    expect(findings[0]!.message).toContain('RSA PRIVATE KEY');
    expect(findings[0]!.message).toContain('(148 chars)');
    expect(findings[0]!.message).not.toContain(fake(64, 1).slice(4, 20));
  });

  it('finds keys in any text file, including JSON-escaped ones in YAML, and rates encrypted keys high', () => {
    const escaped = pem('PRIVATE KEY', 5).replace(/\n/g, '\\n');
    const yaml = `tls:\n  key: "${escaped}"\n`;
    const encrypted = pem('ENCRYPTED PRIVATE KEY', 9);
    const findings = runRule(privateKey, { 'values.yaml': yaml, 'certs/server.key': encrypted });
    expect(findings.map((f) => [f.location.file, f.severity])).toEqual([
      ['values.yaml', 'critical'],
      ['certs/server.key', 'high'],
    ]);
    expect(where(findings.slice(0, 1))).toEqual([span(yaml, escaped)]);
  });

  it('passes public keys and certificates', () => {
    expect(runRule(privateKey, { 'cosign.pub': pem('PUBLIC KEY'), 'ca.crt': pem('CERTIFICATE'), 'ssh.pub': `ssh-ed25519 ${fake(68)} me@host` })).toEqual([]);
  });
});
