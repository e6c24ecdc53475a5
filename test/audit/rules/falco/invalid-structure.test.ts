import { describe, expect, it } from 'vitest';
import { invalidStructure } from '../../../../src/audit/rules/falco/invalid-structure.js';
import { runRule } from '../../../helpers/audit.js';

const VALID = `- required_engine_version: 0.57.0
- list: app_shell_parents
  items: [node, tini]
- macro: app_container
  condition: container.image.repository = ghcr.io/acme/web
- rule: Shell in app
  desc: A shell started in the app container
  condition: spawned_process and app_container and shell_procs and not proc.pname in (app_shell_parents)
  output: Shell in app (command=%proc.cmdline parent=%proc.pname)
  priority: WARNING
  tags: [container, shell]
`;

describe('falco/invalid-structure', () => {
  it('passes a well-formed rules file', () => {
    expect(runRule(invalidStructure, { 'falco/rules.yaml': VALID })).toEqual([]);
  });

  it('reports a misspelt key at the key, with the suggestion', () => {
    const text = VALID.replace('  tags: [container, shell]', '  tagz: [container, shell]');
    const [finding, ...rest] = runRule(invalidStructure, { 'falco/rules.yaml': text });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'falco/invalid-structure',
      severity: 'high',
      message: 'unknown key "tagz" (did you mean "tags"?)',
      location: { file: 'falco/rules.yaml', line: 11, column: 3 },
    });
  });

  it('reports a rule missing a required field at the item', () => {
    const text = VALID.replace('  output: Shell in app (command=%proc.cmdline parent=%proc.pname)\n', '');
    const findings = runRule(invalidStructure, { 'falco/rules.yaml': text });
    expect(findings.map((f) => [f.message, f.location.line, f.location.column])).toEqual([['rule "Shell in app" needs output', 6, 3]]);
  });

  it('leaves priority values to falco/invalid-priority', () => {
    expect(runRule(invalidStructure, { 'falco/rules.yaml': VALID.replace('priority: WARNING', 'priority: Warning') })).toEqual([]);
    expect(runRule(invalidStructure, { 'falco/rules.yaml': VALID.replace('priority: WARNING', 'priority: LOUD') })).toEqual([]);
  });
});
