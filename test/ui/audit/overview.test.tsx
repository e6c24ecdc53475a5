// The overview: counts, the score, groups by rule (most severe first) or by file, the two panes,
// filters, search, the help overlay and quitting.
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditResult } from '../../../src/audit/index.js';
import { AuditBrowser, type BrowserExit } from '../../../src/ui/audit/AuditBrowser.js';
import { HELP } from '../../../src/ui/audit/HelpOverlay.js';
import { score } from '../../../src/ui/audit/model.js';
import { KEY, tick } from '../helpers.js';
import { auditFiles, fakeActions } from './fixtures.js';

let result: AuditResult;
let cleanUp: () => Promise<void>;
beforeAll(async () => {
  ({ result, cleanUp } = await auditFiles());
});
afterAll(() => cleanUp());
afterEach(() => cleanup());

async function show(size = { columns: 80, rows: 24 }) {
  const actions = fakeActions(result);
  const onExit = vi.fn<(how: BrowserExit, result: AuditResult) => void>();
  const app = render(<AuditBrowser initial={result} actions={actions} heading="shop" onExit={onExit} size={size} />);
  await tick(80);
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      app.stdin.write(key);
      await tick(80);
    }
    return app.lastFrame()!;
  };
  return { ...app, actions, onExit, press };
}

const count = (id: string) => result.findings.filter((finding) => finding.ruleId === id).length;

describe('the overview', () => {
  it('shows the score, counts by severity and area, and groups by rule, most severe first, in 80x24', async () => {
    const frame = (await show()).lastFrame()!;
    expect(frame).toContain(`Audit of shop  score ${score(result.findings)}/100  ${result.findings.length} findings`);
    const critical = result.findings.filter((finding) => finding.severity === 'critical').length;
    expect(frame).toContain(`critical ${critical}   high`);
    expect(frame).toMatch(/dockerfile \d+ · kubernetes \d+/);
    const rows = frame.split('\n');
    expect(rows.length).toBeLessThanOrEqual(23);
    expect(rows.every((row) => row.length <= 80)).toBe(true);
    // The most severe group first, under the cursor; its findings in the pane below.
    expect(frame).toContain('› critical k8s/privileged — 1 finding  [fix]');
    expect(frame).toContain(`medium   network/no-default-deny — ${count('network/no-default-deny')} findings`);
    expect(frame.indexOf('k8s/privileged')).toBeLessThan(frame.indexOf('dockerfile/root-user'));
    expect(frame).toContain('── k8s/privileged — 1 finding · F fixes 1');
    expect(frame).toMatch(/critical k8s\/deployment\.yaml:17:\d+ \[fix\]/);
  });

  it('g groups by file and back; the finding rows then name the rule', async () => {
    const { press } = await show();
    const byFile = await press('g');
    expect(byFile).toContain('by file (g)');
    expect(byFile).toMatch(/› critical k8s\/deployment\.yaml — \d+ findings/);
    expect(byFile).toMatch(/ {2}\w+ +Dockerfile — \d+ findings/);
    expect(byFile).toMatch(/17:\d+ k8s\/privileged/);
    expect(await press('g')).toContain('› critical k8s/privileged — 1 finding');
  });

  it('moves with j/k and the arrows; tab and enter switch to the findings pane', async () => {
    const { press } = await show();
    expect(await press('j')).toContain('› high     dockerfile/root-user');
    expect(await press(KEY.down, KEY.up, 'k')).toContain('› critical k8s/privileged');
    await press('j', 'j');
    const pane = await press(KEY.enter);
    // The cursor stays on the group (unmarked by inverse) and a cursor appears in the findings pane.
    expect(pane).toMatch(/── network\/no-default-deny — 2 findings/);
    const marked = (frame: string) => frame.split('\n').findIndex((row) => /^› medium   k8s\/deployment\.yaml:4:\d+/.test(row));
    const first = marked(pane);
    expect(first).toBeGreaterThan(0);
    expect(marked(await press('j'))).toBe(first + 1);
    expect(await press('\t', 'k')).toContain('› high     dockerfile/root-user');
  });

  it('s filters by severity, a by area, c clears both', async () => {
    const { press } = await show();
    expect(await press('s')).toMatch(/critical only \(s\) · all areas \(a\) · 1 match\b/);
    const high = await press('s');
    expect(high).toContain('high and up (s)');
    expect(high).toContain('dockerfile/root-user');
    expect(high).not.toContain('network/no-default-deny');
    await press('c');
    const dockerfile = await press('a');
    expect(dockerfile).toContain('dockerfile only (a)');
    expect(dockerfile).not.toContain('k8s/privileged —');
    const kubernetes = await press('a');
    expect(kubernetes).toContain('kubernetes only (a)');
    expect(kubernetes).not.toContain('dockerfile/root-user');
    expect(await press('c')).toContain('all severities (s) · all areas (a)');
  });

  it('/ searches rule ids, files and messages as you type; enter keeps the search, esc clears it', async () => {
    const { press } = await show();
    await press('/');
    const typing = await press('e', 'g', 'r', 'e', 's', 's');
    expect(typing).toContain('/egress▌');
    expect(typing).toContain('1 match · search "egress"');
    expect(typing).toContain('› medium   network/no-default-deny — 1 finding');
    const kept = await press(KEY.enter);
    expect(kept).toContain('search "egress"');
    expect(kept).toContain('? keys · q quit');
    // A file name matches too.
    await press('c', '/');
    const file = await press(...'Dockerfile');
    expect(file).not.toContain('k8s/privileged —');
    expect(file).toContain('dockerfile/root-user');
    expect(await press(KEY.escape)).toContain('› critical k8s/privileged');
  });

  it('? lists every key; any key closes the help', async () => {
    const { press } = await show();
    const help = await press('?');
    for (const [keys] of HELP) expect(help).toContain(keys);
    expect(help).toContain('filter by severity');
    expect(help.split('\n').length).toBeLessThanOrEqual(23);
    await tick(100);
    expect(await press('x')).toContain('Audit of shop');
  });

  it('q quits with what is left; ctrl-c interrupts', async () => {
    const first = await show();
    await first.press('q');
    expect(first.onExit).toHaveBeenCalledWith('quit', result);
    cleanup();
    const second = await show();
    await second.press(KEY.ctrlC);
    expect(second.onExit).toHaveBeenCalledWith('interrupt', result);
  });

  it('uses the room of a wide terminal: groups and findings side by side', async () => {
    const frame = (await show({ columns: 140, rows: 30 })).lastFrame()!;
    expect(frame).toMatch(/Groups\s+k8s\/privileged — 1 finding/);
    expect(frame).toMatch(/› critical k8s\/privileged — 1 finding\s+\[fix\]\s+› critical k8s\/deployment\.yaml:17/);
  });
});
