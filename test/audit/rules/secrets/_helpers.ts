// Fake credentials for the secrets tests, built at run time so the test sources hold no
// credential-shaped strings of their own (secret scanners and push protection stay quiet).
import { secretsRules } from '../../../../src/audit/rules/secrets/index.js';
import type { Finding } from '../../../../src/audit/types.js';
import { runRule } from '../../../helpers/audit.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A deterministic pseudo-random string of letters and digits. */
export function fake(length: number, seed = 1): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += ALPHABET[(state >>> 8) % ALPHABET.length];
  }
  return out;
}

/** A PEM block with the given label and a 3-line fake body. */
export function pem(label: string, seed = 1): string {
  const dashes = '-----';
  return [`${dashes}BEGIN ${label}${dashes}`, fake(64, seed), fake(64, seed + 1), fake(20, seed + 2), `${dashes}END ${label}${dashes}`].join('\n');
}

export const githubToken = (seed = 1) => ['gh', 'p_', fake(36, seed)].join('');
export const awsKeyId = (seed = 1) => ['AK', 'IA', fake(16, seed).toUpperCase()].join('');
export const awsSecret = (seed = 1) => fake(40, seed);

/** Findings of every secrets rule. */
export const allSecretFindings = (files: Record<string, string>): Finding[] => secretsRules.flatMap((rule) => runRule(rule, files));
