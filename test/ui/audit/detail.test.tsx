// The detail screen: the rule's Why / Detect / Fix, the offending lines with the exact span marked,
// the other tools' equivalent checks, and every other place the rule fires.
import { cleanup, render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../../src/audit/index.js';
import type { Location } from '../../../src/audit/types.js';
import { AuditBrowser } from '../../../src/ui/audit/AuditBrowser.js';
import { excerpt } from '../../../src/ui/audit/excerpt.js';
import { KEY, tick } from '../helpers.js';
import { SAMPLE, auditFiles, fakeActions, frameWith } from './fixtures.js';

const at = (line: number, column: number, endLine: number, endColumn: number): Location => ({ file: 'f', line, column, endLine, endColumn });

describe('excerpt', () => {
  const text = 'one\ntwo\n  three: 3\nfour\nfive\nsix\n';
  it('splits the span out of its line (end column inclusive) with two lines of context', () => {
    expect(excerpt(text, at(3, 3, 3, 7))).toEqual([
      { number: 1, before: 'one', span: '', after: '' },
      { number: 2, before: 'two', span: '', after: '' },
      { number: 3, before: '  ', span: 'three', after: ': 3' },
      { number: 4, before: 'four', span: '', after: '' },
      { number: 5, before: 'five', span: '', after: '' },
    ]);
  });
  it('marks a span over several lines from its start to its end, indentation left out', () => {
    const lines = excerpt(text, at(2, 2, 3, 4), 0);
    expect(lines.map((line) => [line.before, line.span, line.after])).toEqual([
      ['t', 'wo', ''],
      ['  ', 'th', 'ree: 3'],
    ]);
  });
  it('keeps the span on screen in a line of 1 MiB, cutting what is around it', () => {
    const long = `${'x'.repeat(900_000)}SPAN${'y'.repeat(150_000)}\n${'z'.repeat(300)}\n`;
    const [line, next] = excerpt(long, at(1, 900_001, 1, 900_004), 1);
    expect(line).toEqual({ number: 1, before: `…${'x'.repeat(40)}`, span: 'SPAN', after: `${'y'.repeat(200)}…` });
    expect(next).toEqual({ number: 2, before: `${'z'.repeat(200)}…`, span: '', after: '' });
  });
  it('keeps positions past the end inside the file and makes control characters harmless', () => {
    expect(excerpt('a\u001b[31mb\n', at(9, 1, 9, 1), 0)).toEqual([{ number: 1, before: '', span: 'a·[31mb', after: '' }]);
    expect(excerpt('', at(1, 1, 1, 1))).toEqual([]);
  });
});

describe('the detail screen', () => {
  let result: AuditResult;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ result, cleanUp } = await auditFiles({ ...SAMPLE, 'k8s/other.yaml': SAMPLE['k8s/deployment.yaml'].replace('name: web', 'name: api') }));
  });
  afterAll(() => cleanUp());
  afterEach(() => cleanup());

  it('opens on enter from the findings pane and shows the rule, the marked span, other tools and other places', async () => {
    const app = render(<AuditBrowser initial={result} actions={fakeActions(result)} heading="shop" onExit={() => undefined} size={{ columns: 80, rows: 60 }} />);
    await tick(80);
    app.stdin.write(KEY.enter);
    await tick(80);
    app.stdin.write(KEY.enter);
    await tick(80);
    const frame = app.lastFrame()!;
    const privileged = result.findings.find((finding) => finding.ruleId === 'k8s/privileged')!;
    const rule = result.rules.find((candidate) => candidate.id === 'k8s/privileged')!;
    expect(frame).toContain(`k8s/privileged  critical  ${rule.title}`);
    expect(frame).toContain(`${privileged.location.file}:${privileged.location.line}:${privileged.location.column}`);
    // The line with the span, and carets exactly under it.
    const rows = frame.split('\n');
    const line = rows.findIndex((row) => /^\d+ │ +privileged: true$/.test(row));
    expect(line).toBeGreaterThan(0);
    const span = privileged.location.endColumn - privileged.location.column + 1;
    const caretColumn = rows[line]!.indexOf('│ ') + 2 + privileged.location.column - 1;
    expect(rows[line + 1]!.indexOf('^')).toBe(caretColumn);
    expect(rows[line + 1]!.trim().replace(/^│\s*/, '')).toBe('^'.repeat(span));
    // Context lines above.
    expect(frame).toMatch(/\d+ │ +securityContext:/);
    for (const heading of ['Why', 'Detect', 'Fix', 'Other tools']) expect(rows).toContain(heading);
    expect(frame).toContain(rule.why.split(' ').slice(0, 5).join(' '));
    for (const ref of rule.refs) expect(frame).toContain(ref);
    expect(frame).toContain('Automatic fix:');
    expect(frame).toContain('Also fires at 1 other place');
    expect(frame).toMatch(/k8s\/(other|deployment)\.yaml:17:\d+ {2}container "(api|web)"/);
    app.stdin.write(KEY.escape);
    await frameWith(app, 'Audit of shop');
  });

  it('says why a finding has no automatic fix', async () => {
    const app = render(<AuditBrowser initial={result} actions={fakeActions(result)} heading="shop" onExit={() => undefined} size={{ columns: 80, rows: 60 }} />);
    await tick(80);
    app.stdin.write('/');
    await tick(80);
    app.stdin.write('base-image-latest');
    await tick(80);
    app.stdin.write(KEY.enter);
    await tick(80);
    app.stdin.write('\t');
    await tick(80);
    app.stdin.write(KEY.enter);
    await tick(80);
    expect(app.lastFrame()).toContain('No automatic fix');
    app.stdin.write('f');
    await tick(80);
    expect(app.lastFrame()).toMatch(/dockerfile\/base-image-latest: No automatic fix/);
  });
});
