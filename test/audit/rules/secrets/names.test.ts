import { describe, expect, it } from 'vitest';
import { isLiteralSecretValue, isSecretName, redact } from '../../../../src/audit/support/secrets.js';

describe('isSecretName', () => {
  it('matches names of secrets in any case style', () => {
    const names = ['password', 'DB_PASSWORD', 'adminPassword', 'db-passwd', 'client_secret', 'apiKey', 'API_KEY', 'privateKey', 'SSH_PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'SECRET_KEY_BASE', 'passphrase', 'HF_TOKEN'];
    expect(names.filter((n) => !isSecretName(n))).toEqual([]);
  });

  it('does not match references to secrets or unrelated names', () => {
    const names = ['PASSWORD_FILE', 'passwordSecretRef', 'existingSecret', 'secretName', 'secrets', 'tokenUrl', 'GPG_KEY', 'publicKey', 'PWD', 'TOKENIZERS_PARALLELISM', 'id-token', 'automountServiceAccountToken', 'API_KEY_ID', 'key'];
    expect(names.filter(isSecretName)).toEqual([]);
  });
});

describe('isLiteralSecretValue', () => {
  it('accepts literals, including default passwords', () => {
    expect(['hunter2hunter2', 'ChangeMe123!', 'changeme', 'p@ss w0rd'].filter((v) => !isLiteralSecretValue(v))).toEqual([]);
  });

  it('rejects references, templates, placeholders, flags and ciphertext', () => {
    const values = ['', '  ', '${DB_PASSWORD}', '$DB_PASSWORD', '$(DB_PASSWORD)', '{{ .Values.pw }}', '${{ secrets.PW }}', '<password>', 'env://PW', 'vault://secret/db', '********', 'xxxxxx', 'true', 'off', '8080', 'ENC[AES256_GCM,data:x]'];
    expect(values.filter(isLiteralSecretValue)).toEqual([]);
  });
});

describe('redact', () => {
  it('shows at most four characters and never more than a third of the value', () => {
    expect(redact('ghp_0123456789abcdef')).toBe('ghp_… (20 chars)');
    expect(redact('hunter2')).toBe('hu… (7 chars)');
    expect(redact('ab')).toBe('… (2 chars)');
  });
});
