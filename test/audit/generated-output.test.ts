// What the generator writes must pass our own audit with zero findings, for every profile of
// the matrix and with the whole rule catalogue: the two halves of the tool agree on "secure".
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { plan } from '../../src/generate/plan.js';
import { PROFILES } from '../helpers/profiles.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'csc-generated-audit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the generated files audit clean', () => {
  for (const [name, profile] of Object.entries(PROFILES)) {
    it(name, async () => {
      const dir = path.join(root, name);
      for (const file of plan(profile)) {
        await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
        await writeFile(path.join(dir, file.path), file.content);
      }
      const result = await audit({ target: { folder: dir }, today: '2026-11-22' });
      const shown = result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.message}`);
      expect(shown).toEqual([]);
      // The one suppression the generator writes: --probes none (a worker that opens no port) says
      // why the Deployment has no probes, in a comment the audit reads.
      expect(result.suppressed.map((s) => `${s.finding.ruleId} ${s.finding.location.file}`)).toEqual(
        profile.probes === 'none' ? ['k8s/missing-probes k8s/deployment.yaml'] : [],
      );
      expect(result.notes).toEqual([]);
    });
  }
});
