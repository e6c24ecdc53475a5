import { describe, expect, it } from 'vitest';
import { duplicateInstruction } from '../../../../src/audit/rules/dockerfile/duplicate-instruction.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/duplicate-instruction', () => {
  it('reports every overridden CMD, ENTRYPOINT and HEALTHCHECK of a stage with its refs', () => {
    const text = dockerfile(
      'FROM node:24-slim',
      'CMD ["node", "a.js"]',
      'ENTRYPOINT ["tini"]',
      'HEALTHCHECK CMD ["node", "check.js"]',
      'CMD ["node", "b.js"]',
      'ENTRYPOINT ["dumb-init"]',
      'HEALTHCHECK NONE',
      'CMD ["node", "c.js"]',
    );
    const findings = check(duplicateInstruction, text);
    expect(where(findings)).toEqual(['2:1-2:20', '5:1-5:20', '3:1-3:19', '4:1-4:36']);
    expect(findings[0]!.message).toContain('a later CMD of the stage overrides it');
    expect(findings.map((f) => f.refs)).toEqual([
      ['hadolint:DL4003', 'trivy:DS-0016'],
      ['hadolint:DL4003', 'trivy:DS-0016'],
      ['hadolint:DL4004', 'trivy:DS-0007'],
      ['trivy:DS-0023'],
    ]);
  });

  it('passes one of each per stage, even when several stages have one', () => {
    expect(check(duplicateInstruction, dockerfile('FROM node:24-slim AS test', 'CMD ["npm", "test"]', 'FROM node:24-slim', 'CMD ["node", "a.js"]'))).toEqual([]);
  });
});
