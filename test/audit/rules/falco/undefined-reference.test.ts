import { describe, expect, it } from 'vitest';
import { undefinedReference } from '../../../../src/audit/rules/falco/undefined-reference.js';
import { runRule } from '../../../helpers/audit.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

describe('falco/undefined-reference', () => {
  it('passes references to macros and lists defined in the file, in other Falco files, or upstream', () => {
    const files = {
      'falco/base.yaml': '- macro: app_container\n  condition: container.image.repository = ghcr.io/acme/web\n- list: app_parents\n  items: [node]\n',
      'falco/rules.yaml': `- rule: Shell in app
  desc: d
  condition: >
    spawned_process and container and app_container
    and shell_procs and not proc.pname in (app_parents, shell_binaries, tini)
    and not user_known_shell_spawn_binaries_x
  output: o
  priority: WARNING
- macro: user_known_shell_spawn_binaries_x
  condition: (never_true)
`,
    };
    expect(runRule(undefinedReference, files)).toEqual([]);
  });

  it('reports an undefined macro at its position inside a folded condition', () => {
    const text = `- rule: Shell in app
  desc: d
  condition: >
    spawned_process and container
    and not app_containr
  output: o
  priority: WARNING
- macro: app_container
  condition: container.id != host
`;
    const [finding, ...rest] = runRule(undefinedReference, { 'rules.yaml': text });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'high',
      location: { file: 'rules.yaml', line: 5, column: 13, endLine: 5, endColumn: 24 },
      message:
        'rule "Shell in app" references macro "app_containr", which is not defined here nor in Falco\'s default rules (did you mean app_container?); Falco will refuse to load this file.',
    });
  });

  it('checks macros too, and finds the second occurrence of a name at its own position', () => {
    const text = `- macro: a
  condition: proc.name = missing_macro or missing_macro
`;
    const findings = runRule(undefinedReference, { 'rules.yaml': text });
    expect(findings.map((f) => [f.message.slice(0, 45), f.location.line, f.location.column])).toEqual([['macro "a" references macro "missing_macro", w', 2, 43]]);
  });

  it('does not mistake field values, strings or operators for macros', () => {
    const text = `- rule: r
  desc: d
  condition: evt.type in (open, openat) and evt.dir=< and fd.name startswith /etc and proc.cmdline contains "not_a_macro" and tolower(proc.name) = bash and proc.aname[2] = systemd and fd.num>=0 and proc.pname exists and evt.arg.flags contains O_TRUNC
  output: o
  priority: INFO
`;
    expect(runRule(undefinedReference, { 'rules.yaml': text })).toEqual([]);
  });

  it('reports a misspelt list name, which Falco would read as a literal string', () => {
    const text = `- list: app_shell_parents
  items: [node]
- rule: r
  desc: d
  condition: spawned_process and not proc.pname in (app_shell_parent, tini) and proc.name in (shell_binarys)
  output: o
  priority: INFO
- list: more
  items: [app_shell_parens, sh]
`;
    const findings = runRule(undefinedReference, { 'rules.yaml': text });
    expect(findings.map((f) => [f.severity, f.location.line, f.location.column, f.message.match(/"([a-z_]+)" where.*did you mean ([a-z_]+)/)!.slice(1)])).toEqual([
      ['medium', 5, 53, ['app_shell_parent', 'app_shell_parents']],
      ['medium', 5, 95, ['shell_binarys', 'shell_binaries']],
      ['medium', 9, 11, ['app_shell_parens', 'app_shell_parents']],
    ]);
  });

  it('skips rules for other event sources, which have their own default macros', () => {
    const text = '- rule: r\n  desc: d\n  condition: kevt and pod and kcreate\n  output: o\n  priority: INFO\n  source: k8s_audit\n';
    expect(runRule(undefinedReference, { 'rules.yaml': text })).toEqual([]);
  });
});

describe('falco/undefined-reference fix', () => {
  const file = `# local rules
- list: app_binaries
  items: [node]

- rule: Unexpected process
  desc: d
  condition: >
    spawned_process and not proc.name in (app_binaries)
    and not trusted_debug_session
  output: o
  priority: WARNING

- rule: Debug session
  desc: d
  condition: spawned_process and trusted_debug_session
  output: o
  priority: NOTICE
`;

  it('defines a macro named nowhere once, above its first use, as never true, with a caveat that says what that means', () => {
    const files = { 'falco/rules.yaml': file };
    const findings = auditFiles(files, [undefinedReference]);
    expect(findings.map((f) => [f.location.line, f.fix !== undefined])).toEqual([
      [9, true],
      [15, false],
    ]);
    expect(findings[0]!.fix!.caveat).toMatch(/never true, so "Unexpected process" keeps no exception from it/);
    expect(findings[1]!.noFix).toMatch(/defined by the fix of its first use/);
    expect(expectCleanFix(undefinedReference, files)).toBe(1);
    const fixed = fixedText(files, undefinedReference, { include: 'all' })['falco/rules.yaml']!;
    expect(fixed).toBe(
      file.replace(
        '- rule: Unexpected process',
        '# Defined by create-secure-container audit --fix so the file loads; write the condition trusted_debug_session stands for.\n' +
          '- macro: trusted_debug_session\n  condition: (evt.num=0)\n\n- rule: Unexpected process',
      ),
    );
    expect(fixedText(files, undefinedReference, { include: 'safe' })['falco/rules.yaml']).toBe(file);
  });

  it('leaves a near miss of a defined macro to a person', () => {
    const files = { 'falco/rules.yaml': `- macro: app_container\n  condition: container.name = app\n- rule: r\n  desc: d\n  condition: spawned_process and app_contaner\n  output: o\n  priority: NOTICE\n` };
    const [finding] = auditFiles(files, [undefinedReference]);
    expect(finding!.fix).toBeUndefined();
    expect(finding!.noFix).toMatch(/Whether app_container was meant/);
  });
});
