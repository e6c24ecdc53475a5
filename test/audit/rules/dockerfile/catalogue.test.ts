import { describe, expect, it } from 'vitest';
import { dockerfileRules } from '../../../../src/audit/rules/dockerfile/index.js';

const REF = /^(hadolint:DL\d{4}|trivy:DS-\d{4}|scorecard:[A-Za-z-]+|buildkit:[A-Za-z]+)$/;

describe('the Dockerfile rule catalogue', () => {
  it('has unique, area-prefixed kebab-case ids and complete metadata', () => {
    const ids = dockerfileRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of dockerfileRules) {
      expect(rule.id).toMatch(/^dockerfile\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.area).toBe('dockerfile');
      for (const text of [rule.title, rule.why, rule.detect, rule.fix]) expect(text.length).toBeGreaterThan(10);
      for (const ref of rule.refs) expect(ref).toMatch(REF);
    }
  });

  it('covers every trivy Dockerfile check and the security-relevant hadolint rules', () => {
    const refs = new Set(dockerfileRules.flatMap((r) => r.refs));
    // DS-0003, DS-0018 and DS-0028 do not exist; DS-0032 (pipefail) is newer than the table.
    const trivy = Array.from({ length: 32 }, (_, i) => `trivy:DS-${String(i + 1).padStart(4, '0')}`).filter((id) => !['trivy:DS-0003', 'trivy:DS-0018', 'trivy:DS-0028'].includes(id));
    const hadolint = ['DL3000', 'DL3002', 'DL3003', 'DL3004', 'DL3006', 'DL3007', 'DL3008', 'DL3009', 'DL3013', 'DL3014', 'DL3015', 'DL3016', 'DL3018', 'DL3019', 'DL3020', 'DL3021', 'DL3022', 'DL3023', 'DL3024', 'DL3025', 'DL3027', 'DL3028', 'DL3042', 'DL3061', 'DL3062', 'DL3064', 'DL4000', 'DL4001', 'DL4003', 'DL4004', 'DL4006'].map((id) => `hadolint:${id}`);
    expect([...trivy, ...hadolint].filter((ref) => !refs.has(ref))).toEqual([]);
  });
});
