// The text report: grouped by file, a summary line, colour only when asked.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/audit/report/text.js';
import { input } from './fixtures.js';

describe('text report', () => {
  it('groups findings by file with positions, severities and rule ids, then notes and a summary', () => {
    const text = renderText(input(), { color: false });
    expect(text).toBe(
      [
        'Dockerfile',
        '  4:1  high      The final stage runs as root.  dockerfile/root-user',
        '',
        'k8s/my app.yaml',
        '   2:5  medium    YAML does not parse: bad indentation  audit/parse-error',
        '   9:7  critical  container "a" runs privileged.  k8s/privileged',
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
});
