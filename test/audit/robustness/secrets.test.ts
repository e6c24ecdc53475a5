// The secrets scan reads every text file of an untrusted repository. Each shape below once kept
// the audit busy for seconds to minutes (issue 9): a megabyte of it must now be scanned in well
// under a second per MiB. The bound is generous (a hang is the failure, not a slow machine).
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { secretsRules } from '../../../src/audit/rules/secrets/index.js';
import { allSecretFindings, awsKeyId, fake, githubToken } from '../rules/secrets/_helpers.js';

const MiB = 1024 * 1024;
/** `unit` repeated to at least one MiB. */
const fill = (unit: string) => unit.repeat(Math.ceil(MiB / unit.length));
const BOUND_MS = 4000;

/** Parse once and run every secrets rule, timing both (the parse is part of what a file costs). */
function timed(files: Record<string, string>): { ms: number; findings: number } {
  const started = performance.now();
  const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  const findings = runRules(repo, secretsRules).length;
  return { ms: performance.now() - started, findings };
}

const dashes = '-----';
const shapes: Record<string, () => Record<string, string>> = {
  'one line of eyJ- (JWT prefix)': () => ({ 'x.py': fill('eyJ-') }),
  'AccountName= repeated (Azure connection string)': () => ({ 'x.conf': fill('AccountName=') }),
  'Azure SAS-like parameters repeated': () => ({ 'x.ts': `https://a.blob.core.windows.net/c?${fill('sv=2024-01-01&sp=r&')}` }),
  'a PEM BEGIN with no END line': () => ({ 'x.key': `${dashes}BEGIN RSA PRIVATE KEY${dashes}\n${fill('A A A A ')}` }),
  'many PEM BEGIN lines with no END': () => ({ 'x.pem': fill(`${dashes}BEGIN EC PRIVATE KEY${dashes}\n`) }),
  'lines of AWS key ids': () => ({ 'x.ini': fill(`${awsKeyId(3)}\n`) }),
  'lines of GitHub tokens': () => ({ 'x.sh': fill(`${githubToken(4)}\n`) }),
  'password followed by a megabyte of {': () => ({ 'values.yaml': `password: "a${fill('{')}"\n` }),
  'password followed by a megabyte of ${': () => ({ 'values.yaml': `password: "a${fill('${')}"\n` }),
  'password followed by a megabyte of {{': () => ({ 'values.yaml': `password: "a${fill('{{')}"\n` }),
  'a service-account JSON with 47,000 private_key fields': () => ({
    'sa.json': `{"type": "service_account", ${Array.from({ length: 47_000 }, () => `"private_key": "k"`).join(', ')}, "client_email": "a@b.iam.gserviceaccount.com"}`,
  }),
  'a one-line JSON of 47,000 PEM headers sharing one END (each key ends before the next BEGIN)': () => ({
    'keys.json': `{${Array.from({ length: 47_000 }, (_, i) => `"private_key": "${dashes}BEGIN PRIVATE KEY${dashes}\\nx${i}"`).join(', ')}, "last": "${dashes}END PRIVATE KEY${dashes}"}`,
  }),
  'sixty thousand one-scalar documents': () => ({ 'many.yaml': Array.from({ length: 60_000 }, (_, i) => `--- ${i}`).join('\n') }),
  'keys that all pass the secret-name shortcut (pass, key, token…) but name no secret': () => ({
    'values.yaml': Array.from({ length: 40_000 }, (_, i) => `passage_keyboard_tokenizer_${i}: v${i}`).join('\n'),
  }),
};

describe('secrets scan on adversarial megabytes', () => {
  for (const [name, make] of Object.entries(shapes)) {
    it(`finishes fast: ${name}`, () => {
      const files = make();
      expect(timed(files).ms).toBeLessThan(BOUND_MS);
    });
  }

  it('still finds the real secret at the end of an adversarial file', () => {
    const token = githubToken(9);
    const findings = allSecretFindings({ 'x.py': `${fill('eyJ-')}\n${token}\n` });
    expect(findings.map((f) => f.ruleId)).toEqual(['secrets/token']);
  });
});

describe('secrets judged by value, not by key name', () => {
  it('does not report settings about a secret or names of Secret objects', () => {
    const text = [
      'password_encryption: scram-sha-256',
      'tlsSecret: keycloak-tls',
      'passwordSecret: keycloak-db-credentials',
      'passwordSecret: {secretName: keycloak-db}',
      'token_lifetime: 1h',
      '',
    ].join('\n');
    expect(allSecretFindings({ 'values.yaml': text })).toEqual([]);
  });

  it('still reports an OAuth client secret and a password that happens to be lower-case', () => {
    const text = `clientSecret: ${fake(32, 7)}\nadminPassword: correct-horse-battery\n`;
    expect(allSecretFindings({ 'values.yaml': text }).map((f) => f.location.line)).toEqual([1, 2]);
  });

  it('does not report PEM markers without a key: a header alone, REDACTED, a Go test assertion', () => {
    const header = `${dashes}BEGIN RSA PRIVATE KEY${dashes}`;
    const footer = `${dashes}END RSA PRIVATE KEY${dashes}`;
    const files = {
      'docs/key.md': `${header}\n${footer}\n`,
      'values.yaml': `key: |\n  ${header}\n  REDACTED\n  ${footer}\n`,
      'pkg/pem_test.go': `if !strings.HasPrefix(out, "${header}") {\n\tt.Fatal("no key")\n}\n`,
    };
    expect(allSecretFindings(files)).toEqual([]);
  });

  it('reports a key whose END line is missing when a body follows', () => {
    const body = [fake(64, 1), fake(64, 2), fake(40, 3)].join('\n');
    const findings = allSecretFindings({ 'id_rsa': `${dashes}BEGIN RSA PRIVATE KEY${dashes}\n${body}\n` });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['secrets/private-key', 'critical']]);
    expect(findings[0]!.message).toContain('without an END line');
  });

  it('does not report AWS documentation examples', () => {
    const text = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
    expect(allSecretFindings({ 'README.sh': `export AWS_ACCESS_KEY_ID=${text}\n` })).toEqual([]);
  });
});
