// The fix engine: planning in memory with passes (fixes of one object compose, conflicts wait for
// the next pass), writing through the safe-write module (refused when a file changed since the
// audit read it, or when a file to create now exists), and undo (a created file is removed only
// while it is unchanged). Rules here are made for the test so the engine is checked on its own.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SKIP_REASON, applyFixPlan, planFixes } from '../../../src/audit/fix/apply.js';
import { audit } from '../../../src/audit/index.js';
import { RULES } from '../../../src/audit/rules/index.js';
import { WriteError } from '../../../src/generate/write.js';
import { type Rule, defineRule } from '../../../src/audit/types.js';

/** A rule that wants `key: value` in config.yaml and fixes it by appending the line at the end of the file. */
function appendKeyRule(key: string, options: { caveat?: string } = {}): Rule {
  return defineRule({
    id: `test/${key}`,
    area: 'kubernetes',
    severity: 'medium',
    title: `${key} is set`,
    why: 'test',
    detect: 'test',
    fix: 'test',
    refs: [],
    fixable: true,
    check({ repo, report }) {
      for (const file of repo.files.filter((f) => f.path === 'config.yaml')) {
        if (new RegExp(`^${key}:`, 'm').test(file.text)) continue;
        const end = file.text.length;
        report({
          location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 },
          message: `${key} is not set`,
          fix: { description: `Set ${key}`, edits: [{ file: file.path, start: end, end, text: `${key}: on\n` }], ...(options.caveat ? { caveat: options.caveat } : {}) },
        });
      }
    },
  });
}

/** A rule that wants a NOTICE file and creates it. */
const noticeRule = defineRule({
  id: 'test/notice',
  area: 'audit',
  severity: 'low',
  title: 'NOTICE exists',
  why: 'test',
  detect: 'test',
  fix: 'test',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    if (repo.files.some((f) => f.path === 'config.yaml') && !repo.files.some((f) => f.path === 'NOTICE.yaml')) {
      report({
        location: { file: 'config.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: 'no NOTICE.yaml',
        fix: { description: 'Create NOTICE.yaml', edits: [{ file: 'NOTICE.yaml', start: 0, end: 0, text: 'notice: yes\n' }] },
      });
    }
  },
});

const noFixRule = defineRule({
  id: 'test/manual',
  area: 'kubernetes',
  severity: 'high',
  title: 'manual',
  why: 'test',
  detect: 'test',
  fix: 'test',
  refs: [],
  check({ repo, report }) {
    for (const file of repo.files.filter((f) => f.path === 'config.yaml')) report({ location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: 'needs a person' });
  },
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'csc-fix-'));
  await writeFile(path.join(root, 'config.yaml'), '# settings\nname: demo\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (catalogue: readonly Rule[]) => audit({ target: { folder: root }, catalogue });

describe('planFixes', () => {
  it('composes two fixes that insert at the same point: the second is recomputed in a later pass', async () => {
    const result = await run([appendKeyRule('alpha'), appendKeyRule('beta')]);
    expect(result.findings).toHaveLength(2);
    const plan = planFixes(result, result.findings, { include: 'safe' });
    expect(plan.fixed.map((f) => f.ruleId).sort()).toEqual(['test/alpha', 'test/beta']);
    expect(plan.skipped).toEqual([]);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]!.status).toBe('changed');
    expect(plan.changes[0]!.previous).toBe('# settings\nname: demo\n');
    expect(plan.changes[0]!.file.content).toBe('# settings\nname: demo\nalpha: on\nbeta: on\n');
    // Planning writes nothing.
    expect(await readFile(path.join(root, 'config.yaml'), 'utf8')).toBe('# settings\nname: demo\n');
  });

  it('composes two real fixes of one container (seccomp and privilege escalation)', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: web',
      '      image: nginx:1.27',
      '',
    ].join('\n');
    await rm(path.join(root, 'config.yaml'));
    await writeFile(path.join(root, 'pod.yaml'), manifest);
    const only = ['k8s/seccomp', 'k8s/privilege-escalation'];
    const result = await audit({ target: { folder: root }, only });
    const selected = result.findings.filter((f) => only.includes(f.ruleId) && f.fix);
    expect(new Set(selected.map((f) => f.ruleId))).toEqual(new Set(only));
    const plan = planFixes(result, selected, { include: 'all' });
    expect(plan.fixed).toHaveLength(selected.length);
    await applyFixPlan(root, plan);
    const after = await audit({ target: { folder: root }, only });
    expect(after.findings.filter((f) => only.includes(f.ruleId))).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === 'audit/parse-error')).toEqual([]);
    expect(RULES.some((rule) => rule.id === 'k8s/seccomp')).toBe(true);
  });

  it('says why each finding is left out: no fix (generic reason) and a caveat under --fix', async () => {
    const result = await run([appendKeyRule('alpha', { caveat: 'check the app reads alpha' }), noFixRule]);
    const plan = planFixes(result, result.findings, { include: 'safe' });
    expect(plan.fixed).toEqual([]);
    expect(plan.changes).toEqual([]);
    const reasons = Object.fromEntries(plan.skipped.map((s) => [s.finding.ruleId, s.reason]));
    expect(reasons['test/manual']).toMatch(/needs a human decision/);
    expect(reasons['test/alpha']).toMatch(/caveat.*check the app reads alpha/);
    const all = planFixes(result, result.findings, { include: 'all' });
    expect(all.fixed.map((f) => f.ruleId)).toEqual(['test/alpha']);
  });

  it('counts a finding whose fix is exactly another fix in the plan as fixed, once', async () => {
    const result = await run([appendKeyRule('alpha')]);
    const finding = result.findings[0]!;
    const twin = { ...finding, message: 'the same fix, another finding' };
    const plan = planFixes(result, [finding, twin], { include: 'safe' });
    expect(plan.fixed).toHaveLength(2);
    expect(plan.changes[0]!.file.content).toBe('# settings\nname: demo\nalpha: on\n');
  });

  it('reports an edit outside the file, or a fix without edits, instead of applying it', async () => {
    const result = await run([appendKeyRule('alpha')]);
    const finding = result.findings[0]!;
    const broken = { ...finding, fix: { description: 'bad', edits: [{ file: 'config.yaml', start: 5, end: 10_000, text: '' }] } };
    const escaping = { ...finding, fix: { description: 'bad', edits: [{ file: '../outside.yaml', start: 0, end: 0, text: 'x' }] } };
    const empty = { ...finding, fix: { description: 'nothing', edits: [] } };
    const plan = planFixes(result, [broken, escaping, empty], { include: 'all' });
    expect(plan.changes).toEqual([]);
    expect(plan.fixed).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([SKIP_REASON.stale, SKIP_REASON.stale, SKIP_REASON.empty]);
  });

  it('drops a conflicting fix whose finding the first fix resolved, saying so', async () => {
    // Two findings of one problem, each with its own fix at the same point: once one lands the rule is quiet.
    const twice = defineRule({
      ...appendKeyRule('x'),
      id: 'test/twice',
      check({ repo, report }) {
        const file = repo.files.find((f) => f.path === 'config.yaml')!;
        if (/^x:/m.test(file.text)) return;
        const end = file.text.length;
        for (const value of ['on', 'yes']) report({ location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: `x is not ${value}`, fix: { description: `x: ${value}`, edits: [{ file: file.path, start: end, end, text: `x: ${value}\n` }] } });
      },
    });
    const result = await run([twice]);
    const plan = planFixes(result, result.findings, { include: 'all' });
    expect(plan.fixed.map((f) => f.message)).toEqual(['x is not on']);
    expect(plan.skipped).toEqual([{ finding: result.findings[1], reason: SKIP_REASON.gone }]);
    expect(plan.changes[0]!.file.content).toBe('# settings\nname: demo\nx: on\n');
  });

  it('stops after the pass limit with a conflict reason when fixes never converge', async () => {
    // Twelve findings whose fixes all insert at one point: one lands per pass, so two are left after ten passes.
    const endless = defineRule({
      ...appendKeyRule('x'),
      id: 'test/endless',
      check({ repo, report }) {
        const file = repo.files.find((f) => f.path === 'config.yaml')!;
        for (let n = 1; n <= 12; n++) report({ location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: `endless ${n}`, fix: { description: 'grow', edits: [{ file: file.path, start: 0, end: 0, text: `# ${n}\n` }] } });
      },
    });
    const result = await run([endless]);
    const plan = planFixes(result, result.findings, { include: 'all' });
    expect(plan.fixed).toHaveLength(10);
    expect(plan.skipped.map((s) => [s.finding.message, s.reason])).toEqual([
      ['endless 11', SKIP_REASON.conflict],
      ['endless 12', SKIP_REASON.conflict],
    ]);
  });
});

describe('applyFixPlan', () => {
  it('writes the plan without .bak copies, and undo restores the file and removes the file it created', async () => {
    const result = await run([appendKeyRule('alpha'), noticeRule]);
    const plan = planFixes(result, result.findings, { include: 'safe' });
    expect(plan.changes.map((c) => [c.file.path, c.status])).toEqual([
      ['NOTICE.yaml', 'new'],
      ['config.yaml', 'changed'],
    ]);
    const applied = await applyFixPlan(root, plan);
    expect([...applied.written].sort()).toEqual(['NOTICE.yaml', 'config.yaml']);
    expect(await readFile(path.join(root, 'config.yaml'), 'utf8')).toBe('# settings\nname: demo\nalpha: on\n');
    expect(await readFile(path.join(root, 'NOTICE.yaml'), 'utf8')).toBe('notice: yes\n');
    expect((await readdir(root)).sort()).toEqual(['NOTICE.yaml', 'config.yaml']);
    expect((await run([appendKeyRule('alpha'), noticeRule])).findings).toEqual([]);

    const redo = await applyFixPlan(root, applied.undo);
    expect(await readFile(path.join(root, 'config.yaml'), 'utf8')).toBe('# settings\nname: demo\n');
    expect(existsSync(path.join(root, 'NOTICE.yaml'))).toBe(false);
    expect((await readdir(root)).sort()).toEqual(['config.yaml']);
    // Undoing the undo applies the fixes again.
    await applyFixPlan(root, redo.undo);
    expect(await readFile(path.join(root, 'NOTICE.yaml'), 'utf8')).toBe('notice: yes\n');
  });

  it('refuses, writing nothing, when a file changed on disk since the audit read it', async () => {
    const result = await run([appendKeyRule('alpha'), noticeRule]);
    const plan = planFixes(result, result.findings, { include: 'safe' });
    await writeFile(path.join(root, 'config.yaml'), '# settings\nname: edited by hand\n');
    await expect(applyFixPlan(root, plan)).rejects.toBeInstanceOf(WriteError);
    expect(await readFile(path.join(root, 'config.yaml'), 'utf8')).toBe('# settings\nname: edited by hand\n');
    expect(existsSync(path.join(root, 'NOTICE.yaml'))).toBe(false);
  });

  it('refuses to create a file that now exists', async () => {
    const result = await run([noticeRule]);
    const plan = planFixes(result, result.findings, { include: 'safe' });
    await writeFile(path.join(root, 'NOTICE.yaml'), 'mine: true\n');
    await expect(applyFixPlan(root, plan)).rejects.toThrow(/changed on disk|since/);
    expect(await readFile(path.join(root, 'NOTICE.yaml'), 'utf8')).toBe('mine: true\n');
  });

  it('undo keeps a created file that was edited since, and restores nothing else', async () => {
    const result = await run([appendKeyRule('alpha'), noticeRule]);
    const applied = await applyFixPlan(root, planFixes(result, result.findings, { include: 'safe' }));
    await writeFile(path.join(root, 'NOTICE.yaml'), 'notice: yes\nedited: true\n');
    await expect(applyFixPlan(root, applied.undo)).rejects.toBeInstanceOf(WriteError);
    expect(await readFile(path.join(root, 'NOTICE.yaml'), 'utf8')).toBe('notice: yes\nedited: true\n');
    expect(await readFile(path.join(root, 'config.yaml'), 'utf8')).toBe('# settings\nname: demo\nalpha: on\n');
  });
});
