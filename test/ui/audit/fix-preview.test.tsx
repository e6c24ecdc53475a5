// Fixing from the browser: f previews one finding's fix as a unified diff, F every finding of the
// rule; the caveat and what is left out are shown; y applies through the actions, and the list,
// the counts and the score follow the re-audit; u undoes; a refused write says why.
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/audit/fix/apply.js';
import type { AuditResult } from '../../../src/audit/index.js';
import type { Finding } from '../../../src/audit/types.js';
import { WriteError } from '../../../src/generate/write.js';
import { AuditBrowser } from '../../../src/ui/audit/AuditBrowser.js';
import { fixPlanLines } from '../../../src/ui/audit/fix-diff.js';
import { score } from '../../../src/ui/audit/model.js';
import type { BrowserActions } from '../../../src/ui/audit/session.js';
import { KEY, tick } from '../helpers.js';
import { SAMPLE, auditFiles, fakeActions, frameWith } from './fixtures.js';

let result: AuditResult;
let cleanUp: () => Promise<void>;
beforeAll(async () => {
  ({ result, cleanUp } = await auditFiles());
});
afterAll(() => cleanUp());
afterEach(() => cleanup());

const before = SAMPLE['k8s/deployment.yaml'];
const after = before.replace('privileged: true', 'privileged: false');

function planFor(findings: readonly Finding[], caveat?: string): FixPlan {
  const fixed = findings.filter((finding) => finding.fix).map((finding) => (caveat ? { ...finding, fix: { ...finding.fix!, caveat } } : finding));
  return {
    changes: [{ file: { path: 'k8s/deployment.yaml', content: after }, status: 'changed', previous: before, added: 1, removed: 1 }],
    fixed,
    skipped: findings.filter((finding) => !finding.fix).map((finding) => ({ finding, reason: 'no automatic fix for this one' })),
  };
}

async function show(actions: Partial<BrowserActions> = {}) {
  const recorded = fakeActions(result, { preview: (findings) => planFor(findings, 'check that the app needs no device access'), ...actions });
  const app = render(<AuditBrowser initial={result} actions={recorded} heading="shop" onExit={() => undefined} size={{ columns: 80, rows: 24 }} />);
  await tick(80);
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      app.stdin.write(key);
      await tick(80);
    }
    return app.lastFrame()!;
  };
  return { ...app, actions: recorded, press };
}

describe('fixPlanLines', () => {
  it('is a unified diff per file, lines tagged for colour; a created file shows whole', () => {
    const lines = fixPlanLines({ ...planFor([]), changes: [...planFor([]).changes, { file: { path: '.dockerignore', content: '.git\n' }, status: 'new', added: 1, removed: 0 }] });
    expect(lines).toContainEqual({ text: '--- a/k8s/deployment.yaml', kind: 'hunk' });
    expect(lines).toContainEqual({ text: '-            privileged: true', kind: 'removed' });
    expect(lines).toContainEqual({ text: '+            privileged: false', kind: 'added' });
    expect(lines).toContainEqual({ text: '@@ -14,4 +14,4 @@', kind: 'hunk' });
    expect(lines).toContainEqual({ text: 'new file .dockerignore', kind: 'hunk' });
    expect(lines).toContainEqual({ text: '+.git', kind: 'added' });
  });
});

describe('fixing from the browser', () => {
  const privileged = () => result.findings.find((finding) => finding.ruleId === 'k8s/privileged')!;
  const fixedResult = (): AuditResult => ({ ...result, findings: result.findings.filter((finding) => finding !== privileged()) });

  it('f previews the fix as a diff with its caveat; y applies it and the counts and score follow', async () => {
    const { press, actions } = await show({ apply: async () => fixedResult(), canUndo: () => true, undo: async () => result });
    const preview = await press('f');
    expect(actions.preview).toHaveBeenCalledWith([privileged()]);
    expect(preview).toContain(`Fix k8s/privileged at k8s/deployment.yaml:17: ${privileged().fix!.description.slice(0, 20)}`);
    expect(preview).toContain('Check first: check that the app needs no device access');
    expect(preview).toContain('-            privileged: true');
    expect(preview).toContain('+            privileged: false');
    expect(preview).toContain('y apply');
    const applied = await press('y');
    expect(actions.apply).toHaveBeenCalledTimes(1);
    const n = result.findings.length;
    expect(applied).toContain(`Fixed 1 finding in 1 file (u undoes) · ${n} → ${n - 1} findings · score ${score(result.findings)} → ${score(fixedResult().findings)}`);
    expect(applied).toContain(`${n - 1} findings`);
    expect(applied).not.toContain('k8s/privileged —');
    const undone = await press('u');
    expect(actions.undo).toHaveBeenCalledTimes(1);
    expect(undone).toContain(`Undid the last fix · ${n - 1} → ${n} findings`);
    expect(undone).toContain('k8s/privileged — 1 finding');
  });

  it('F previews every finding of the rule ("fix all") and says what stays', async () => {
    const { press, actions, ...app } = await show();
    await press('/', ...'base-image-latest', KEY.enter);
    const preview = await press('F');
    // That rule has no automatic fix (it never invents a version): nothing to preview, the status says so.
    expect(actions.preview).not.toHaveBeenCalled();
    expect(preview).toContain('dockerfile/base-image-latest: No automatic fix');
    await press('c');
    const fixAll = await press('F');
    expect(fixAll).toContain('Fix all 1 of k8s/privileged');
    expect(actions.preview).toHaveBeenCalledWith([privileged()]);
    // esc leaves without applying.
    app.stdin.write(KEY.escape);
    await frameWith(app, 'Audit of shop');
    expect(actions.apply).not.toHaveBeenCalled();
  });

  it('shows a refused write (the file changed on disk) and keeps the list as it was', async () => {
    const { press } = await show({ apply: async () => Promise.reject(new WriteError('k8s/deployment.yaml changed on disk since it was read; nothing was written')) });
    await press('f');
    const frame = await press('y');
    expect(frame).toContain('k8s/deployment.yaml changed on disk since it was read; nothing was written');
    expect(frame).toContain('k8s/privileged — 1 finding');
  });

  it('u with nothing applied says so', async () => {
    const { press, actions } = await show();
    expect(await press('u')).toContain('Nothing to undo.');
    expect(actions.undo).not.toHaveBeenCalled();
  });
});
