// The browser's session on real files: a fix applied through applyFixPlan and undone, a refused
// write when the file changed on disk, a suppression recorded, and the exit code for what is left.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditSession } from '../../../src/ui/audit/session.js';
import { auditFiles } from './fixtures.js';

const DOCKERFILE = 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n';
const RULE = 'dockerfile/package-install-interactive';

async function session(failOn: 'high' | 'low' = 'low') {
  const fixture = await auditFiles({ Dockerfile: DOCKERFILE });
  const browser = new AuditSession({ root: fixture.dir, failOn, only: [], skip: [] });
  await browser.reload();
  return { ...fixture, browser };
}

describe('AuditSession', () => {
  it('applies a fix, re-audits, and undoes it back to the bytes the audit read', async () => {
    const { dir, browser, cleanUp } = await session();
    try {
      const finding = browser.result.findings.find((candidate) => candidate.ruleId === RULE)!;
      expect(finding.fix).toBeDefined();
      const plan = browser.preview([finding]);
      expect(plan.fixed).toEqual([finding]);
      const after = await browser.apply(plan);
      expect(after.findings.map((candidate) => candidate.ruleId)).not.toContain(RULE);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('apt-get install -y');
      expect(browser.canUndo()).toBe(true);
      const undone = await browser.undo();
      expect(undone?.findings.map((candidate) => candidate.ruleId)).toContain(RULE);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
      expect(browser.canUndo()).toBe(false);
      expect(await browser.undo()).toBeUndefined();
      // No backups or temp files left behind for the audit to pick up.
      expect((await readdir(dir)).sort()).toEqual(['Dockerfile']);
    } finally {
      await cleanUp();
    }
  });

  it('previews the fix of a finding shown before a re-audit with the fix computed on the text as it is now', async () => {
    const { dir, browser, cleanUp } = await session();
    try {
      const shown = browser.result.findings.find((candidate) => candidate.ruleId === RULE)!;
      const above = browser.result.findings.find((candidate) => candidate.ruleId === 'dockerfile/base-image-digest')!;
      expect(above.location.line).toBeLessThan(shown.location.line);
      // A comment inserted above moves every offset after it: the shown finding's edits no longer hold.
      await browser.suppress(above, 'inline', { reason: 'digest pinned by Renovate', until: '' });
      const plan = browser.preview([shown]);
      expect(plan.fixed).toHaveLength(1);
      expect(plan.fixed[0]).not.toBe(shown);
      expect(plan.fixed[0]!.location.line).toBe(shown.location.line + 1);
      await browser.apply(plan);
      const text = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
      expect(text).toBe(
        '# secure-container-ignore dockerfile/base-image-digest digest pinned by Renovate\nFROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n',
      );
      const gone = browser.preview([{ ...shown, message: 'a finding that is not there' }]);
      expect(gone.fixed).toEqual([]);
      expect(gone.skipped[0]!.reason).toMatch(/no longer there as it was/);
    } finally {
      await cleanUp();
    }
  });

  it('refuses a fix when the file changed on disk since the audit read it, and remembers no undo', async () => {
    const { dir, browser, cleanUp } = await session();
    try {
      const plan = browser.preview(browser.result.findings.filter((candidate) => candidate.ruleId === RULE));
      await writeFile(path.join(dir, 'Dockerfile'), `${DOCKERFILE}# edited meanwhile\n`);
      await expect(browser.apply(plan)).rejects.toThrow(/changed/);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(`${DOCKERFILE}# edited meanwhile\n`);
      expect(browser.canUndo()).toBe(false);
    } finally {
      await cleanUp();
    }
  });

  it('records a suppression and gives the exit code the report would for what is left', async () => {
    const { browser, cleanUp } = await session('low');
    try {
      expect(browser.exitCode()).toBe(1);
      let result = browser.result;
      for (const finding of [...result.findings]) {
        result = await browser.suppress(finding, 'config', { reason: 'accepted in this test', until: '' });
      }
      expect(result.findings).toEqual([]);
      expect(result.suppressed.length).toBeGreaterThan(0);
      expect(browser.exitCode()).toBe(0);
    } finally {
      await cleanUp();
    }
  });
});
