import { describe, expect, it } from 'vitest';
import { cloudCredential } from '../../../../src/audit/rules/secrets/cloud-credential.js';
import { privateKey } from '../../../../src/audit/rules/secrets/private-key.js';
import { runRule } from '../../../helpers/audit.js';
import { span, where } from '../dockerfile/_helpers.js';
import { awsKeyId, awsSecret, fake, pem } from './_helpers.js';

describe('secrets/cloud-credential', () => {
  it('reports an AWS key id with its secret nearby once, critical, at the key id', () => {
    const text = `[default]\naws_access_key_id = ${awsKeyId()}\naws_secret_access_key = ${awsSecret()}\n`;
    const findings = runRule(cloudCredential, { '.aws/credentials': text });
    expect(where(findings)).toEqual([span(text, awsKeyId())]);
    expect(findings[0]!.severity).toBe('critical');
    expect(findings[0]!.message).toContain('AKIA… (20 chars)');
    expect(findings[0]!.message).not.toContain(awsSecret().slice(0, 8));
  });

  it('rates a key id alone medium and a secret alone high, and ignores AWS documentation examples', () => {
    const idOnly = `key: ${awsKeyId(2)}\n`;
    const secretOnly = `AWS_SECRET_ACCESS_KEY=${awsSecret(3)}\n`;
    const example = `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`;
    const findings = runRule(cloudCredential, { 'a.yaml': idOnly, 'b.env': secretOnly, 'README.md': example });
    expect(findings.map((f) => [f.location.file, f.severity])).toEqual([
      ['a.yaml', 'medium'],
      ['b.env', 'high'],
    ]);
    expect(where(findings)).toEqual([span(idOnly, awsKeyId(2)), span(secretOnly, awsSecret(3))]);
  });

  it('reports a GCP service-account key once, instead of as a private key', () => {
    const key = pem('PRIVATE KEY', 4).replace(/\n/g, '\\n');
    const json = `{\n  "type": "service_account",\n  "client_email": "ci@proj.iam.gserviceaccount.com",\n  "private_key": "${key}"\n}\n`;
    const files = { 'sa.json': json };
    const findings = runRule(cloudCredential, files);
    expect(where(findings)).toEqual([span(json, `"${key}"`)]);
    expect(findings[0]!.message).toContain('ci@proj.iam.gserviceaccount.com');
    expect(runRule(privateKey, files)).toEqual([]);
  });

  it('reports Azure account keys in connection strings but not the public emulator key', () => {
    const accountKey = `${fake(86, 6)}==`;
    const text = `storage: "DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=${accountKey};EndpointSuffix=core.windows.net"\n`;
    const emulator = 'dev: "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"\n';
    const findings = runRule(cloudCredential, { 'values.yaml': text, 'dev.yaml': emulator });
    expect(where(findings)).toEqual([span(text, accountKey)]);
    expect(findings[0]!.message).toContain('prodstore');
  });
});
