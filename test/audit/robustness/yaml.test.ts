// YAML shapes that once crashed or stalled the audit (issue 9): every one must end with a report.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../../src/audit/parse.js';

describe('YAML files of many documents', () => {
  it('parses 125,000 documents in one file without overflowing the stack', () => {
    const text = '--- 1\n'.repeat(125_000);
    const started = performance.now();
    const { repo, parseErrors } = parseRepo('/virtual', [{ path: 'many.yaml', text }]);
    expect(parseErrors).toEqual([]);
    expect(repo.yaml).toHaveLength(125_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
