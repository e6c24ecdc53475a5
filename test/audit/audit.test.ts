// audit(): the whole pipeline on a real folder, as the CLI and the terminal browser call it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { auditRules } from '../../src/audit/rules/audit/index.js';
import { falcoRules } from '../../src/audit/rules/falco/index.js';

const CATALOGUE = [...falcoRules, ...auditRules];
const BAD_PRIORITY = `- rule: Shell in app
  desc: d
  condition: spawned_process and shell_procs and not proc.pname in (node)
  output: o
  priority: LOUD
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const summary = (result: Awaited<ReturnType<typeof audit>>) => result.findings.map((f) => `${f.ruleId}@${f.location.file}:${f.location.line}`);

describe('audit()', () => {
  it('discovers, parses, runs the rules and sorts the findings', async () => {
    await mkdir(path.join(dir, 'falco'));
    await writeFile(path.join(dir, 'falco/rules.yaml'), BAD_PRIORITY);
    await writeFile(path.join(dir, 'broken.yaml'), 'a: [1\n');
    await writeFile(path.join(dir, 'logo.json'), Buffer.from([0, 1, 2]));
    const result = await audit({ target: { folder: dir }, catalogue: CATALOGUE });
    expect(summary(result)).toEqual(['audit/parse-error@broken.yaml:2', 'falco/invalid-priority@falco/rules.yaml:5']);
    expect(result.notes).toEqual([{ file: 'logo.json', message: 'binary file; not audited' }]);
    expect(result.rules.map((rule) => rule.id)).toEqual(CATALOGUE.map((rule) => rule.id));
    expect(result.repo.files.map((file) => file.path).sort()).toEqual(['broken.yaml', 'falco/rules.yaml']);
  });

  it('--skip drops the audit area findings too; --only keeps them', async () => {
    await writeFile(path.join(dir, 'broken.yaml'), 'a: [1\n');
    await writeFile(path.join(dir, 'rules.yaml'), BAD_PRIORITY);
    expect(summary(await audit({ target: { folder: dir }, catalogue: CATALOGUE, skip: ['audit/parse-error'] }))).toEqual(['falco/invalid-priority@rules.yaml:5']);
    expect(summary(await audit({ target: { folder: dir }, catalogue: CATALOGUE, only: ['falco/undefined-reference'] }))).toEqual(['audit/parse-error@broken.yaml:2']);
  });

  it('reads .secure-container.yaml even when .gitignore hides it, and applies its suppressions by date', async () => {
    await writeFile(path.join(dir, '.gitignore'), '.secure-container.yaml\n');
    await writeFile(path.join(dir, 'rules.yaml'), BAD_PRIORITY);
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: falco\n      reason: migrating to the new ruleset\n      until: 2026-03-31\n');
    const before = await audit({ target: { folder: dir }, catalogue: CATALOGUE, today: '2026-03-31' });
    expect(before.findings).toEqual([]);
    expect(before.suppressed.map((s) => [s.finding.ruleId, s.by.reason])).toEqual([['falco/invalid-priority', 'migrating to the new ruleset']]);
    const after = await audit({ target: { folder: dir }, catalogue: CATALOGUE, today: '2026-04-01' });
    expect(summary(after)).toEqual(['falco/invalid-priority@rules.yaml:5']);
    expect(after.notes[0]!.message).toMatch(/expired on 2026-03-31/);
  });

  it('audits a stream under its virtual name, with the config of the given folder', async () => {
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: falco/invalid-priority\n      path: stdin.yaml\n');
    const result = await audit({ target: { stream: BAD_PRIORITY, configFolder: dir }, catalogue: CATALOGUE });
    expect(result.suppressed.map((s) => s.finding.location.file)).toEqual(['stdin.yaml']);
    expect(summary(result)).toEqual(['audit/suppression-without-reason@.secure-container.yaml:3']);
  });

  it('a rule that throws is a finding, not a crash', async () => {
    await writeFile(path.join(dir, 'rules.yaml'), BAD_PRIORITY);
    const throwing = { ...falcoRules[0]!, id: 'falco/throws', check: () => { throw new RangeError('bad index'); } };
    const result = await audit({ target: { folder: dir }, catalogue: [throwing, ...CATALOGUE], only: ['falco/throws'] });
    expect(result.findings.map((f) => [f.ruleId, f.message])).toEqual([['audit/rule-error', 'rule falco/throws failed and checked nothing (RangeError: bad index)']]);
  });
});

// Issue 9: YAML that PyYAML, js-yaml and Go's yaml read must not become a parse error that lets a
// privileged pod through. Old Mac line endings (a lone CR) are line ends for all of them.
describe('YAML read as leniently as the tools that deploy it', () => {
  it('a privileged pod written with lone-CR line endings is the privileged finding, at its line', async () => {
    const { PRIVILEGED_POD } = await import('../helpers/audit.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-cr-'));
    try {
      await writeFile(path.join(dir, 'pod.yaml'), PRIVILEGED_POD.replace(/\n/g, '\r'));
      const result = await audit({ target: { folder: dir }, only: ['k8s/privileged', 'audit/parse-error'] });
      expect(result.findings.map((f) => `${f.ruleId}@${f.location.line}`)).toEqual(['k8s/privileged@11']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
