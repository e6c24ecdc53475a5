// Issue 9: a skipped file must be impossible to miss. A file of a kind the audit reads that it could
// not read is a finding that fails the default gate, and a manifest of a few megabytes (argo-cd's
// install.yaml) is read and audited, not skipped.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { failsGate } from '../../src/audit/severity.js';
import { PRIVILEGED_POD } from '../helpers/audit.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-unread-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));


describe('files the audit could not read', () => {
  it('a Dockerfile over the limit is a high finding that fails the gate, not only a note', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), `# ${'x'.repeat(1024 * 1024)}\nFROM scratch\n`);
    const result = await audit({ target: { folder: dir }, only: ['audit'] });
    const unread = result.findings.filter((f) => f.ruleId === 'audit/file-not-audited');
    expect(unread).toEqual([expect.objectContaining({ severity: 'high', location: expect.objectContaining({ file: 'Dockerfile' }), message: 'not audited (larger than 1 MiB): nothing in this file was checked.' })]);
    expect(failsGate(result.findings, 'high')).toBe(true);
    // Said once, as the finding.
    expect(result.notes.filter((note) => note.file === 'Dockerfile')).toEqual([]);
  });

  it('a 2 MB multi-document manifest is audited: the privileged pod at its end is found', async () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: x\n`).join('');
    await writeFile(path.join(dir, 'install.yaml'), `${filler}---\n${PRIVILEGED_POD}`);
    const result = await audit({ target: { folder: dir }, only: ['k8s/privileged', 'audit'] });
    expect(result.findings.map((f) => f.ruleId)).toEqual(['k8s/privileged']);
    expect(result.findings[0]!.location.line).toBeGreaterThan(100_000);
  });

  it('binary files stay notes: they are not text any rule could have checked', async () => {
    await writeFile(path.join(dir, 'logo.json'), Buffer.from([0, 1, 2]));
    await writeFile(path.join(dir, 'pod.yaml'), PRIVILEGED_POD);
    const result = await audit({ target: { folder: dir }, only: ['audit'] });
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([{ file: 'logo.json', message: 'binary file; not audited' }]);
  });
});

// Issue 9: an unreadable .secure-container.yaml ended the whole audit with exit 2 and no report.
// It is a finding like any unreadable file, and the audit goes on without its suppressions.
describe('an unreadable .secure-container.yaml', () => {
  it('is a high finding; the audit goes on and reports what its suppressions would have hidden', async () => {
    await writeFile(path.join(dir, 'pod.yaml'), PRIVILEGED_POD);
    await symlink('.secure-container.yaml', path.join(dir, '.secure-container.yaml')); // a loop: unreadable
    const result = await audit({ target: { folder: dir }, only: ['k8s/privileged', 'audit'] });
    expect(result.findings.map((f) => [f.ruleId, f.location.file])).toEqual([
      ['audit/file-not-audited', '.secure-container.yaml'],
      ['k8s/privileged', 'pod.yaml'],
    ]);
    expect(result.findings[0]!.message).toMatch(/its suppressions and exclusions were not applied/);
  });
});
