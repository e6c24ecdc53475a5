import { describe, expect, it } from 'vitest';
import { invalidPriority } from '../../../../src/audit/rules/falco/invalid-priority.js';
import { runRule } from '../../../helpers/audit.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const rules = (priority: string) => `- rule: Shell in app
  desc: d
  condition: spawned_process and proc.name = bash and proc.pname != node
  output: o
  priority: ${priority}
`;

describe('falco/invalid-priority', () => {
  it.each(['WARNING', 'Warning', 'critical', 'INFO', 'Informational', 'DEBUG', 'EMERGENCY'])('accepts %s, as Falco does (any case)', (priority) => {
    expect(runRule(invalidPriority, { 'rules.yaml': rules(priority) })).toEqual([]);
  });

  it('reports an unknown priority at its value, with a suggestion', () => {
    const [finding, ...rest] = runRule(invalidPriority, { 'rules.yaml': rules('WARN') });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'high',
      location: { file: 'rules.yaml', line: 5, column: 13, endLine: 5, endColumn: 16 },
      message: 'rule "Shell in app" has priority "WARN", which Falco does not know (did you mean WARNING?); use one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG.',
    });
  });

  it('reports a priority that is not text', () => {
    expect(runRule(invalidPriority, { 'rules.yaml': rules('3') })[0]!.message).toMatch(/has priority 3, which Falco does not know; use one of/);
  });

  it('ignores items without a priority (a rule that only toggles enabled, macros, lists)', () => {
    const text = '- rule: Terminal shell in container\n  enabled: false\n- macro: app\n  condition: container\n- list: l\n  items: []\n';
    expect(runRule(invalidPriority, { 'rules.yaml': text })).toEqual([]);
  });
});

describe('falco/invalid-priority fix', () => {
  it('corrects a misspelling with one near priority, keeping the rest of the file byte for byte', () => {
    const files = { 'rules.yaml': `# local rules\n${rules('WARNNING')}- list: l\n  items: [a]\n` };
    expect(expectCleanFix(invalidPriority, files)).toBe(1);
    expect(fixedText(files, invalidPriority)['rules.yaml']).toBe(`# local rules\n${rules('WARNING')}- list: l\n  items: [a]\n`);
  });

  it('offers none when no priority, or several, are near: the urgency is the team\'s choice', () => {
    for (const priority of ['URGENT', '3']) {
      const [finding] = runRule(invalidPriority, { 'rules.yaml': rules(priority) });
      expect(finding!.fix).toBeUndefined();
    }
    expect(auditFiles({ 'rules.yaml': rules('URGENT') }, [invalidPriority])[0]!.noFix).toMatch(/the team's choice/);
  });
});
