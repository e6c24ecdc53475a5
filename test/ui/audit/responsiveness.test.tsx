// 14,000 findings in 5,000 files: a keypress re-renders a bounded number of rows (the list is a
// window, rows are memoised), counted by the row components themselves rather than timed, so the
// test means the same on a slow machine.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditBrowser } from '../../../src/ui/audit/AuditBrowser.js';
import { overviewLayout } from '../../../src/ui/audit/Overview.js';
import { rowRenders } from '../../../src/ui/audit/rows.js';
import { KEY, tick } from '../helpers.js';
import { fakeActions, syntheticResult } from './fixtures.js';

afterEach(() => cleanup());

const size = { columns: 80, rows: 24 };
const layout = overviewLayout(size);

describe('a repository with 14,000 findings in 5,000 files', () => {
  const result = syntheticResult(14_000, 5_000);

  async function show() {
    const app = render(<AuditBrowser initial={result} actions={fakeActions(result)} heading="big" onExit={() => undefined} size={size} />);
    await tick(200);
    /** Presses a key and returns how many group and finding rows rendered for it. */
    const press = async (key: string) => {
      const before = { ...rowRenders };
      app.stdin.write(key);
      await tick(60);
      return { group: rowRenders.group - before.group, finding: rowRenders.finding - before.finding, frame: app.lastFrame()! };
    };
    return { ...app, press };
  }

  it('renders only the visible rows, whatever the size of the list', async () => {
    const before = { ...rowRenders };
    const { lastFrame } = await show();
    expect(lastFrame()).toContain('14000 findings');
    expect(rowRenders.group - before.group).toBeLessThanOrEqual(layout.groups);
    expect(rowRenders.finding - before.finding).toBeLessThanOrEqual(layout.findings);
  });

  it('grouped by file (5,000 groups): moving the cursor re-renders the two rows it leaves and enters', async () => {
    const { press } = await show();
    const grouped = await press('g');
    expect(grouped.frame).toContain('k8s/app-0000.yaml — 3 findings');
    for (let step = 0; step < 3; step++) {
      const moved = await press('j');
      expect(moved.group).toBeLessThanOrEqual(2);
      // The findings pane shows another file's findings: at most a window of new rows.
      expect(moved.finding).toBeLessThanOrEqual(layout.findings);
    }
    // Scrolling past the window shifts it by one row: one row mounts, the rest are reused.
    for (let step = 0; step < layout.groups; step++) await press('j');
    const scrolled = await press('j');
    expect(scrolled.group).toBeLessThanOrEqual(3);
    expect(scrolled.frame).toMatch(/› \w+ +k8s\/app-\d{4}\.yaml/);
    // A page down renders one window, not the list.
    const paged = await press(KEY.pageDown);
    expect(paged.group).toBeLessThanOrEqual(layout.groups);
    // The last of 5,000 files is one keypress away and costs no more than a window.
    const last = await press(KEY.end);
    expect(last.group).toBeLessThanOrEqual(layout.groups);
  });

  it('in a group of 700 findings, moving in the findings pane re-renders two rows', async () => {
    const { press } = await show();
    await press('\t');
    for (let step = 0; step < 3; step++) {
      const moved = await press('j');
      expect(moved.finding).toBeLessThanOrEqual(2);
      expect(moved.group).toBe(0);
    }
    // Past the bottom of the pane the window scrolls by one row: one row mounts, two change marks.
    for (let step = 0; step < layout.findings; step++) await press('j');
    const scrolled = await press('j');
    expect(scrolled.finding).toBeLessThanOrEqual(3);
    expect(scrolled.frame).toMatch(/› \w+ +k8s\/app-\d{4}\.yaml:\d+:3/);
  });
});
