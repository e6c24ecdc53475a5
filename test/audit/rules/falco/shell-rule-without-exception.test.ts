import { describe, expect, it } from 'vitest';
import { shellRuleWithoutException } from '../../../../src/audit/rules/falco/shell-rule-without-exception.js';
import { runRule } from '../../../helpers/audit.js';

const rule = (condition: string, extra = '') => `- rule: Shell in app
  desc: d
  condition: ${condition}
  output: o
  priority: WARNING
${extra}`;

const run = (text: string) => runRule(shellRuleWithoutException, { 'falco/rules.yaml': text });

describe('falco/shell-rule-without-exception', () => {
  it.each([
    ['the default macros', 'spawned_process and container and shell_procs'],
    ['a shell list', 'spawned_process and proc.name in (shell_binaries)'],
    ['shell names', 'evt.type in (execve, execveat) and evt.dir=< and proc.name in (bash, sh)'],
    ['a shell path', 'spawned_process and proc.exe = /bin/sh'],
  ])('reports a shell-spawn rule with no parent condition (%s)', (_, condition) => {
    const [finding, ...rest] = run(rule(condition));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'medium', location: { file: 'falco/rules.yaml', line: 1, column: 9 } });
    expect(finding!.message).toMatch(/^rule "Shell in app" fires on every shell that starts and allows no parent process/);
  });

  it('follows the repository macros and lists', () => {
    const text = `- list: app_shells
  items: [bash, sh]
- macro: app_shell_started
  condition: spawned_process and proc.name in (app_shells)
${rule('app_shell_started and container')}`;
    expect(run(text)).toHaveLength(1);
  });

  it.each([
    ['a parent condition', 'spawned_process and shell_procs and not proc.pname in (node, tini)'],
    ['an ancestor condition', 'spawned_process and shell_procs and not proc.aname[2] = containerd-shim'],
    ['a default macro scoped by parent', 'spawned_process and container and shell_procs and container_entrypoint'],
    ['a non-shell process', 'spawned_process and proc.name = nc'],
    ['no process spawn', 'open_read and shell_procs'],
    ['a negated shell test', 'spawned_process and not shell_procs'],
  ])('passes %s', (_, condition) => {
    expect(run(rule(condition))).toEqual([]);
  });

  it('passes a rule with an exception on the parent, in the rule or appended later', () => {
    const exception = '  exceptions:\n    - name: known_parents\n      fields: [proc.pname]\n      comps: [in]\n      values: [[[node]]]\n';
    expect(run(rule('spawned_process and shell_procs', exception))).toEqual([]);
    const appended = `${rule('spawned_process and shell_procs')}- rule: Shell in app
  exceptions:
    - name: known_parents
      fields: proc.pname
      comps: in
      values: [[node]]
  override:
    exceptions: append
`;
    expect(run(appended)).toEqual([]);
  });

  it('passes a macro that gets a parent condition appended, and a disabled rule', () => {
    const appended = `- macro: app_shell
  condition: spawned_process and shell_procs
- macro: app_shell
  condition: and not proc.pname = node
  override:
    condition: append
${rule('app_shell')}`;
    expect(run(appended)).toEqual([]);
    expect(run(`${rule('spawned_process and shell_procs')}- rule: Shell in app\n  enabled: false\n`)).toEqual([]);
  });
});
