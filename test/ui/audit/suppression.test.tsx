// Suppressions from the browser: the form's validation, the text written (inline at the line's
// indentation in the file's comment syntax, or an entry of .secure-container.yaml that keeps the
// rest of the file), and that the audit then counts the finding as suppressed.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { audit } from '../../../src/audit/index.js';
import type { Finding } from '../../../src/audit/types.js';
import { SuppressForm } from '../../../src/ui/audit/SuppressForm.js';
import { checkSuppression, configSuppression, inlineRefusal, inlineSuppression, literalGlob } from '../../../src/ui/audit/suppression.js';
import { globMatches } from '../../../src/util/glob.js';
import { readConfigText, writeEdit } from '../../../src/ui/audit/write-edit.js';
import { KEY, tick } from '../helpers.js';
import { SAMPLE, auditFiles } from './fixtures.js';

afterEach(() => cleanup());

const BACKSPACE = '\u007f';

const finding: Finding = { ruleId: 'k8s/privileged', severity: 'critical', location: { file: 'k8s/deployment.yaml', line: 17, column: 13, endLine: 17, endColumn: 22 }, message: 'runs privileged', refs: [] };

describe('checkSuppression', () => {
  it('requires a reason with words in it, and a real, future until date if one is given', () => {
    expect(checkSuppression({ reason: '', until: '' }, '2026-06-01').reason).toMatch(/required/);
    expect(checkSuppression({ reason: ' -- ', until: '' }, '2026-06-01').reason).toMatch(/required/);
    expect(checkSuppression({ reason: 'x'.repeat(201), until: '' }, '2026-06-01').reason).toMatch(/under 200/);
    expect(checkSuppression({ reason: 'ok', until: '2026-02-30' }, '2026-06-01').until).toMatch(/YYYY-MM-DD/);
    expect(checkSuppression({ reason: 'ok', until: '1/2/2027' }, '2026-06-01').until).toMatch(/YYYY-MM-DD/);
    expect(checkSuppression({ reason: 'ok', until: '2026-05-31' }, '2026-06-01').until).toMatch(/in the past/);
    expect(checkSuppression({ reason: 'ok', until: '2026-06-01' }, '2026-06-01')).toEqual({});
    expect(checkSuppression({ reason: 'needs the host network for the CNI', until: '' }, '2026-06-01')).toEqual({});
  });
});

describe('the suppression form', () => {
  async function show(props: { inlineRefusal?: string } = {}) {
    const onSubmit = vi.fn();
    const onCancel = vi.fn();
    const app = render(<SuppressForm finding={finding} today="2026-06-01" width={80} onSubmit={onSubmit} onCancel={onCancel} onInterrupt={() => undefined} {...props} />);
    await tick(80);
    const press = async (...keys: string[]) => {
      for (const key of keys) {
        app.stdin.write(key);
        await tick(80);
      }
      return app.lastFrame()!;
    };
    return { ...app, onSubmit, onCancel, press };
  }

  it('refuses to record without a reason, and a malformed date, saying why', async () => {
    const { press, onSubmit } = await show();
    expect(await press(KEY.enter)).toContain('a reason is required');
    await press(...'CNI needs it');
    await press('\t', ...'2026-13-01');
    const frame = await press(KEY.enter);
    expect(frame).not.toContain('a reason is required');
    expect(frame).toContain('use YYYY-MM-DD');
    expect(onSubmit).not.toHaveBeenCalled();
    await press(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, ...'12-31');
    await press(KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith('inline', { reason: 'CNI needs it', until: '2026-12-31' });
  });

  it('records in .secure-container.yaml when chosen, or when the finding cannot take a comment', async () => {
    const first = await show();
    await first.press(...'accepted', '\t', '\t');
    expect(await first.press(KEY.right)).toContain('› Record it:');
    await first.press(KEY.enter);
    expect(first.onSubmit).toHaveBeenCalledWith('config', { reason: 'accepted', until: '' });
    cleanup();
    const second = await show({ inlineRefusal: 'JSON has no comments; record it in .secure-container.yaml' });
    expect(second.lastFrame()).toContain('not inline: JSON has no comments');
    await second.press(...'accepted', '\t', '\t', KEY.left, KEY.enter);
    expect(second.onSubmit).toHaveBeenCalledWith('config', { reason: 'accepted', until: '' });
    await second.press(KEY.escape);
    expect(second.onCancel).toHaveBeenCalled();
  });
});

describe('writing a suppression', () => {
  it('inline: a comment line above the finding at its indentation; the audit then suppresses it', async () => {
    const { dir, result, cleanUp } = await auditFiles();
    try {
      const privileged = result.findings.find((candidate) => candidate.ruleId === 'k8s/privileged')!;
      const edit = inlineSuppression(result.repo, privileged, 'the CNI\ninstaller needs it');
      await writeEdit(dir, edit);
      const text = await readFile(path.join(dir, 'k8s/deployment.yaml'), 'utf8');
      const lines = text.split('\n');
      expect(lines[16]).toBe('            # secure-container-ignore k8s/privileged the CNI installer needs it');
      expect(lines[17]).toBe('            privileged: true');
      expect(text.replace(`${lines[16]}\n`, '')).toBe(SAMPLE['k8s/deployment.yaml']);
      const after = await audit({ target: { folder: dir }, only: [], skip: [] });
      expect(after.findings.some((candidate) => candidate.ruleId === 'k8s/privileged')).toBe(false);
      expect(after.suppressed.map(({ finding: f, by }) => [f.ruleId, by.reason])).toContainEqual(['k8s/privileged', 'the CNI installer needs it']);
    } finally {
      await cleanUp();
    }
  });

  it('inline in a Dockerfile: above the whole instruction, not inside a continuation', async () => {
    const { dir, result, cleanUp } = await auditFiles({ Dockerfile: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install curl\nUSER 1000\n' });
    try {
      const interactive = result.findings.find((candidate) => candidate.ruleId === 'dockerfile/package-install-interactive')!;
      expect(interactive.location.line).toBe(3);
      await writeEdit(dir, inlineSuppression(result.repo, interactive, 'base image is pre-seeded'));
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(
        'FROM debian:12\n# secure-container-ignore dockerfile/package-install-interactive base image is pre-seeded\nRUN apt-get update && \\\n    apt-get install curl\nUSER 1000\n',
      );
      const after = await audit({ target: { folder: dir }, only: [], skip: [] });
      expect(after.findings.map((candidate) => candidate.ruleId)).not.toContain('dockerfile/package-install-interactive');
    } finally {
      await cleanUp();
    }
  });

  it('in .secure-container.yaml: created when missing, appended to otherwise with the rest of the file kept', async () => {
    const { dir, result, cleanUp } = await auditFiles();
    try {
      const root = result.findings.find((candidate) => candidate.ruleId === 'dockerfile/root-user')!;
      expect(await readConfigText(dir)).toBeUndefined();
      await writeEdit(dir, configSuppression(undefined, { rule: root.ruleId, path: 'Dockerfile', reason: 'a: base image sets it # really', until: '2030-01-01' }));
      const created = await readFile(path.join(dir, '.secure-container.yaml'), 'utf8');
      expect(created).toBe('audit:\n  suppressions:\n    - rule: dockerfile/root-user\n      path: Dockerfile\n      reason: "a: base image sets it # really"\n      until: 2030-01-01\n');
      const privileged = result.findings.find((candidate) => candidate.ruleId === 'k8s/privileged')!;
      const previous = '# saved by create-secure-container\nversion: 1\nprofile:\n  name: web # the app\n';
      await writeFile(path.join(dir, '.secure-container.yaml'), previous);
      await writeEdit(dir, configSuppression(await readConfigText(dir), { rule: privileged.ruleId, path: privileged.location.file, reason: 'accepted' }));
      const appended = await readFile(path.join(dir, '.secure-container.yaml'), 'utf8');
      expect(appended.startsWith(previous)).toBe(true);
      expect(appended.slice(previous.length)).toBe('audit:\n  suppressions:\n    - rule: k8s/privileged\n      path: k8s/deployment.yaml\n      reason: accepted\n');
      const after = await audit({ target: { folder: dir }, only: [], skip: [] });
      expect(after.suppressed.map(({ finding: f }) => f.ruleId)).toContain('k8s/privileged');
    } finally {
      await cleanUp();
    }
  });

  it('names the file in the config as a glob that matches that file only', () => {
    for (const file of ['k8s/[prod].yaml', 'a{b,c}/*?.yaml', '!x.yaml', 'plain/deploy.yaml']) {
      expect(globMatches(literalGlob(file), file)).toBe(true);
    }
    expect(globMatches(literalGlob('k8s/[prod].yaml'), 'k8s/p.yaml')).toBe(false);
    expect(globMatches(literalGlob('a/*.yaml'), 'a/b.yaml')).toBe(false);
  });

  it('refuses when the file changed on disk since the audit read it, and writes nothing', async () => {
    const { dir, result, cleanUp } = await auditFiles();
    try {
      const privileged = result.findings.find((candidate) => candidate.ruleId === 'k8s/privileged')!;
      const edit = inlineSuppression(result.repo, privileged, 'accepted');
      const meanwhile = `${SAMPLE['k8s/deployment.yaml']}# edited meanwhile\n`;
      await writeFile(path.join(dir, 'k8s/deployment.yaml'), meanwhile);
      await expect(writeEdit(dir, edit)).rejects.toThrow(/changed on disk since the audit read it; nothing was written/);
      expect(await readFile(path.join(dir, 'k8s/deployment.yaml'), 'utf8')).toBe(meanwhile);
    } finally {
      await cleanUp();
    }
  });

  it('offers no inline comment inside a multi-line YAML value, where it would become part of a script', async () => {
    const workflow = [
      'on: issues',
      'permissions: {}',
      'jobs:',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          echo start',
      '          echo "${{ github.event.issue.title }}"',
      '',
    ].join('\n');
    const { result, cleanUp } = await auditFiles({ '.github/workflows/triage.yml': workflow });
    try {
      const injection = result.findings.find((candidate) => candidate.ruleId === 'workflow/script-injection')!;
      expect(injection.location.line).toBe(9);
      expect(inlineRefusal(result.repo, injection)).toMatch(/inside a multi-line YAML value/);
      const onKey = { ...injection, location: { ...injection.location, line: 7, endLine: 7 } };
      expect(inlineRefusal(result.repo, onKey)).toBeUndefined();
    } finally {
      await cleanUp();
    }
  });

  it('offers no inline comment where none can go', () => {
    const repo = { root: '/r', files: [{ path: 'package.json', text: '{}' }], dockerfiles: [], yaml: [], kubernetes: [], githubWorkflows: [], gitlabPipelines: [], falcoRules: [] };
    const at = (file: string): Finding => ({ ...finding, location: { ...finding.location, file } });
    expect(inlineRefusal(repo, at('package.json'))).toMatch(/JSON has no comments/);
    expect(inlineRefusal(repo, at('.'))).toMatch(/whole repository/);
    expect(inlineRefusal(repo, at('image.png'))).toMatch(/not read as text/);
  });
});
