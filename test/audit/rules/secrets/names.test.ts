import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLiteralSecretValue, isPlaceholderValue, isSecretName, namesSecretByWords, redact } from '../../../../src/audit/support/secrets.js';

describe('isSecretName', () => {
  it('matches names of secrets in any case style', () => {
    const names = ['password', 'DB_PASSWORD', 'adminPassword', 'db-passwd', 'client_secret', 'apiKey', 'API_KEY', 'privateKey', 'SSH_PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'SECRET_KEY_BASE', 'passphrase', 'HF_TOKEN'];
    expect(names.filter((n) => !isSecretName(n))).toEqual([]);
  });

  it('does not match references to secrets or unrelated names', () => {
    const names = ['PASSWORD_FILE', 'passwordSecretRef', 'existingSecret', 'secretName', 'secrets', 'tokenUrl', 'GPG_KEY', 'publicKey', 'PWD', 'TOKENIZERS_PARALLELISM', 'id-token', 'automountServiceAccountToken', 'API_KEY_ID', 'key', 'GH_AW_TOKEN_USAGE_SUMMARY_TITLE', 'maxTokenCount', 'password_message'];
    expect(names.filter(isSecretName)).toEqual([]);
  });

  it('answers as the full word check does: its substring shortcut drops no secret name', () => {
    const words = ['pass', 'Password', 'PASSWD', 'passphrase', 'secret', 'Secret', 'token', 'TOKEN', 'api', 'Api', 'key', 'KEY', 'apikey', 'private', 'access', 'client', 'signing', 'account', 'credential', 'Credentials', 'pwd', 'aws', 'AWS', 'hf', 'github', 'openai', 'session', 'id', 'file', 'existing', 'db', 'x'];
    const separator = fc.constantFrom('', '_', '-', '.', ' ', '__');
    const name = fc.array(fc.tuple(fc.constantFrom(...words), separator), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
    fc.assert(
      fc.property(fc.oneof(name, fc.string({ maxLength: 30 })), (candidate) => {
        expect(isSecretName(candidate)).toBe(namesSecretByWords(candidate));
      }),
      { numRuns: 5000 },
    );
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

// Issue 9 (microservices-demo): `GOOGLE_API_KEY: GOOGLE_API_KEY_VAL` is a sed target, not a key.
describe('isPlaceholderValue', () => {
  it('knows values that stand for the secret and would not work as one', () => {
    const placeholders: [string, string?][] = [['GOOGLE_API_KEY_VAL', 'GOOGLE_API_KEY'], ['DB_PASSWORD', 'dbPassword'], ['YOUR_API_KEY'], ['API_TOKEN_HERE'], ['PLACEHOLDER'], ['your-api-key'], ['insert_token_here'], ['TODO'], ['redacted']];
    expect(placeholders.filter(([value, name]) => !isPlaceholderValue(value, name))).toEqual([]);
  });

  it('leaves real values and working defaults alone', () => {
    const values: [string, string?][] = [['changeme'], ['CHANGE_ME'], ['admin'], ['hunter2hunter2', 'DB_PASSWORD'], ['S3CR3TVALUE'], ['yYrEGBhYkGlEUpFU7lg7CI1KyLOKJsZsfVjXxLgGYjgbDiGhB5PH5TGtx3lkkmEf'], ['PASS', 'DB_PASS']];
    expect(values.filter(([value, name]) => isPlaceholderValue(value, name))).toEqual([]);
  });
});

describe('redact', () => {
  it('shows at most four characters and never more than a third of the value', () => {
    expect(redact('ghp_0123456789abcdef')).toBe('ghp_… (20 chars)');
    expect(redact('hunter2')).toBe('hu… (7 chars)');
    expect(redact('ab')).toBe('… (2 chars)');
  });
});
