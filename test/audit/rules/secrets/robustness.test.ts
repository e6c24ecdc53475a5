// Secrets scanning reads every text file: arbitrary content must never throw, and findings must
// point inside the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSecretFindings } from './_helpers.js';

const pieces = ['password: ', 'token: ', '- name: API_KEY\n  value: ', '"', "'", '\n', '  ', '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'AKIA', 'ghp_', 'abcdefghij', '0123456789', '${X}', '{{ y }}', 'kind: Secret\n', 'data:\n', 'x=y', ': ', '[', ']', '{', '}', '&a ', '*a'];
const yamlish = fc.array(fc.constantFrom(...pieces), { maxLength: 50 }).map((parts) => parts.join(''));

describe('robustness', () => {
  it('every secrets rule survives arbitrary text and reports locations inside it', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const lines = text.split('\n').length;
        for (const finding of allSecretFindings({ 'values.yaml': text, 'notes.txt': text })) {
          expect(finding.location.line).toBeGreaterThanOrEqual(1);
          expect(finding.location.endLine).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 200 },
    );
  });
});
