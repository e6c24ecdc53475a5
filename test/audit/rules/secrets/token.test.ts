import { describe, expect, it } from 'vitest';
import { token } from '../../../../src/audit/rules/secrets/token.js';
import { runRule } from '../../../helpers/audit.js';
import { span, where } from '../dockerfile/_helpers.js';
import { fake, githubToken } from './_helpers.js';

describe('secrets/token', () => {
  it('reports a GitHub token at its exact span, redacted', () => {
    const text = `steps:\n  - run: git clone https://x-access-token:${githubToken()}@github.com/org/repo\n`;
    const findings = runRule(token, { '.github/workflows/ci.yml': text });
    expect(where(findings)).toEqual([span(text, githubToken())]);
    expect(findings[0]!.message).toBe('GitHub token committed in the repository: ghp_… (40 chars).');
  });

  it('recognises the documented prefixes of common services', () => {
    const samples = [
      ['gl', 'pat-', fake(20, 2)],
      ['xo', 'xb-', fake(12, 3), '-', fake(24, 4)],
      ['sk', '_live_', fake(24, 5)],
      ['np', 'm_', fake(36, 6)],
      ['AI', 'za', fake(35, 7)],
      ['github', '_pat_', fake(22, 8), '_', fake(59, 9)],
    ].map((parts) => parts.join(''));
    const text = samples.map((s, i) => `t${i}: ${s}`).join('\n');
    const findings = runRule(token, { 'config.yaml': text });
    expect(where(findings)).toEqual(samples.map((s) => span(text, s)));
    expect(findings.map((f) => f.message.split(' committed')[0])).toEqual(['GitLab token', 'Slack token', 'Stripe live key', 'npm token', 'Google API key', 'GitHub fine-grained token']);
  });

  it('rates JSON Web Tokens medium', () => {
    const jwt = ['eyJ', fake(20, 10), '.eyJ', fake(30, 11), '.', fake(43, 12)].join('');
    const [finding] = runRule(token, { 'kubeconfig.yaml': `token: ${jwt}\n` });
    expect(finding?.severity).toBe('medium');
  });

  it('ignores placeholders and look-alikes', () => {
    const text = `a: ghp_${'x'.repeat(36)}\nb: ghp_short\nc: my_npm_token\nd: sk_test_${fake(24)}\n`;
    expect(runRule(token, { 'values.yaml': text })).toEqual([]);
  });
});
