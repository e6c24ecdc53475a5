// The text report, for triage: a summary by rule (most severe first), then each file's findings by
// severity, wrapped to the width; a summary line; colour only when asked.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/audit/report/text.js';
import { FINDINGS, input } from './fixtures.js';

const finding = () => FINDINGS[0]!;

describe('text report', () => {
  it('summarises by rule, then groups findings by file, most severe first, fixable ones marked; then notes and a summary', () => {
    const text = renderText(input(), { color: false });
    expect(text).toBe(
      [
        'By rule, most severe first',
        '  critical  k8s/privileged       — 1 finding in 1 file, 1 fixable',
        '  high      audit/rule-error     — 1 finding in 1 file',
        '  high      dockerfile/root-user — 1 finding in 1 file, 1 fixable',
        '  medium    audit/parse-error    — 1 finding in 1 file',
        '  low       k8s/missing-probes   — 1 finding in 1 file',
        '  create-secure-container explain RULE: why it matters and how to fix it.',
        '  [fix]: audit --fix fixes it; [fix=all]: only with --fix=all (check its caveat first).',
        '',
        'Dockerfile',
        '  4:1  high      The final stage runs as root.  dockerfile/root-user  [fix]',
        '',
        'k8s/my app.yaml',
        '   9:7  critical  container "a" runs privileged.  k8s/privileged  [fix=all]',
        '   2:5  medium    YAML does not parse: bad indentation  audit/parse-error',
        '  12:3  low       no probes  k8s/missing-probes',
        '',
        '(repository)',
        '  1:1  high      rule k8s/x failed and checked nothing (Error: boom)  audit/rule-error',
        '',
        'Notes',
        '  assets/logo.json  binary file; not audited',
        '  .  stopped reading after 64 MiB; 3 more files were not audited',
        '',
        '✖ 5 findings (1 critical, 2 high, 1 medium, 1 low) in 7 files; 2 suppressed.',
        '3 at or above --fail-on high: the audit fails.',
        '',
      ].join('\n'),
    );
  });

  it('wraps long messages under themselves to the width (never below 60 columns)', () => {
    const long = { ...input().findings[3]!, message: 'the container has neither a liveness nor a readiness probe, so a hung process keeps receiving traffic until someone notices' };
    const text = renderText(input({ findings: [long], notes: [] }), { color: false, width: 70 });
    const lines = text.split('\n').filter((line) => line.startsWith('  12:3') || line.startsWith('                  '));
    expect(lines).toEqual([
      '  12:3  low       the container has neither a liveness nor a readiness',
      '                  probe, so a hung process keeps receiving traffic',
      '                  until someone notices  k8s/missing-probes',
    ]);
    // Everything but the closing summary sentence fits.
    for (const line of text.split('\n').filter((line) => !line.startsWith('✖'))) expect(line.length).toBeLessThanOrEqual(70);
    expect(renderText(input({ findings: [long] }), { color: false, width: 10 })).toBe(renderText(input({ findings: [long] }), { color: false, width: 60 }));
  });

  it('is the same bytes for the same input and width', () => {
    expect(renderText(input(), { color: false, width: 80 })).toBe(renderText(input(), { color: false, width: 80 }));
  });

  it('says what --min-severity hid and what the baseline matched, and fails on the gate, not on what is shown', () => {
    const shown = input().findings.filter((f) => f.severity === 'low');
    const text = renderText(input({ findings: shown, gate: input().findings, baselineMatched: 2, hidden: { minSeverity: 'low', count: 4 } }), { color: false });
    expect(text).toContain('✖ 1 finding (1 low) in 7 files; 2 suppressed; 2 already in the baseline; 4 below --min-severity low not shown.');
    expect(text).toContain('3 at or above --fail-on high: the audit fails.');
    const none = renderText(input({ findings: [], notes: [], gate: input().findings, hidden: { minSeverity: 'critical', count: 5 } }), { color: false });
    expect(none).toContain('3 at or above --fail-on high (not shown): the audit fails.');
  });

  it('says so when there is nothing to report', () => {
    expect(renderText(input({ findings: [], notes: [], suppressed: 0, filesAudited: 1 }), { color: false })).toBe('✔ No findings in 1 file.\n');
  });

  it('colours only when asked', () => {
    expect(renderText(input(), { color: false })).not.toMatch(/\u001B\[/);
    const coloured = renderText(input(), { color: true });
    expect(coloured).toContain('\u001B[31mhigh');
    expect(coloured).toContain('\u001B[1m\u001B[31mcritical');
  });

  it('summarises notes beyond the limit', () => {
    const notes = Array.from({ length: 30 }, (_, i) => ({ file: `f${i}.json`, message: 'binary file; not audited' }));
    const text = renderText(input({ notes }), { color: false, maxNotes: 25 });
    expect(text).toContain('f24.json');
    expect(text).not.toContain('f25.json');
    expect(text).toContain('… and 5 more (all of them are in --format json)');
  });

  it('never cuts a note that says a folder, file or link was not audited or followed', () => {
    const notes = [
      ...Array.from({ length: 30 }, (_, i) => ({ file: `f${i}.json`, message: 'binary file; not audited' })),
      { file: 'deploy', message: 'cannot list this folder: permission denied; not audited' },
    ];
    const text = renderText(input({ notes }), { color: false, maxNotes: 25 });
    expect(text).toContain('deploy  cannot list this folder: permission denied; not audited');
    expect(text).toContain('… and 5 more');
  });

  // Issue 9: a repository can't clear the screen or forge a report line through a file name, a
  // message quoting a YAML value, or a note.
  it('escapes every control character in names, messages and notes', () => {
    const evil = '\x1b[2J\x1b[H✔ No findings\r\nk8s/x.yaml';
    const findings = [{ ...finding(), location: { ...finding().location, file: `k8s/${evil}.yaml` }, message: `namespace "${evil}" is \u202eevil` }];
    const text = renderText(input({ findings, notes: [{ file: evil, message: `bad ${evil}` }] }), { color: false });
    expect(text).not.toMatch(/[\x1b\r\u202e]/);
    expect(text).toContain('\\x1b[2J');
    // The forged line stays inside its own line.
    expect(text.split('\n').filter((line) => line.startsWith('✔'))).toEqual([]);
  });

  it('reports findings in tests, docs and examples apart, and says the gate leaves them out', () => {
    const own = finding();
    const fixture = { ...finding(), location: { ...finding().location, file: 'test/fixtures/pod.yaml' }, scope: 'test' as const };
    const text = renderText(input({ findings: [own, fixture] }), { color: false });
    const apart = text.indexOf('In tests, docs and examples: 1 finding (1 test), not counted by --fail-on unless --include-tests is given');
    expect(apart).toBeGreaterThan(text.indexOf(own.location.file));
    expect(text.indexOf('test/fixtures/pod.yaml')).toBeGreaterThan(apart);
    expect(text).toMatch(/2 findings .* 1 of them in tests, docs and examples/);
  });
});
