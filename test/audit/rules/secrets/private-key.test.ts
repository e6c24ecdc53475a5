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

// Issue 9: a private key in a file whose name is on no list (ssh_host_*_key) was never read.
describe('secrets/private-key in extensionless key files', () => {
  it('finds a host key in etc/ssh/ssh_host_ed25519_key', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { audit } = await import('../../../../src/audit/index.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-hostkey-'));
    try {
      await mkdir(path.join(dir, 'etc/ssh'), { recursive: true });
      const body = Array.from({ length: 5 }, (_, i) => `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW${i}`).join('\n');
      await writeFile(path.join(dir, 'etc/ssh/ssh_host_ed25519_key'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`);
      await writeFile(path.join(dir, 'etc/ssh/sshd_config'), 'PermitRootLogin no\n');
      const result = await audit({ target: { folder: dir }, only: ['secrets'] });
      expect(result.findings.map((f) => `${f.ruleId}@${f.location.file}`)).toEqual(['secrets/private-key@etc/ssh/ssh_host_ed25519_key']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
