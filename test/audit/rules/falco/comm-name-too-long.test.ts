// Issue 9: a name inside in (...) that no list defines is a literal for Falco, and for proc.name,
// proc.pname and proc.aname a literal over 15 characters (the kernel's comm) never matches, so
// `not proc.pname in (allowed_parent_processes)` silently excludes nothing.
import { describe, expect, it } from 'vitest';
import { commNameTooLong } from '../../../../src/audit/rules/falco/comm-name-too-long.js';
import { runRule } from '../../../helpers/audit.js';

const rule = (condition: string, extra = '') => `${extra}- rule: Shell in app
  desc: a shell ran
  condition: ${condition}
  output: shell (%proc.name)
  priority: WARNING
`;
const messages = (text: string) => runRule(commNameTooLong, { 'falco/app-rules.yaml': text }).map((f) => f.message);

describe('falco/comm-name-too-long', () => {
  it('reports an undefined list name read as a literal longer than 15 characters', () => {
    expect(messages(rule('spawned_process and shell_procs and not proc.pname in (allowed_parent_processes)'))).toEqual([
      'rule "Shell in app" compares proc.pname with "allowed_parent_processes", 24 characters; the kernel keeps at most 15, so it never matches and the exception excludes nothing.',
    ]);
  });

  it('reports a long item of a list the condition names, and a long literal', () => {
    const list = '- list: my_parents\n  items: [containerd-shim, containerd-shim-runc-v2]\n\n';
    expect(messages(rule('spawned_process and not proc.pname in (my_parents)', list))).toEqual([
      expect.stringMatching(/compares proc\.pname with "containerd-shim-runc-v2" \(in list my_parents\), 23 characters/),
    ]);
    expect(messages(rule('spawned_process and proc.name = "kube-controller-manager"'))).toHaveLength(1);
  });

  it('accepts names of 15 characters or fewer, fields that are not comm, and defined lists of short names', () => {
    expect(messages(rule('spawned_process and not proc.pname in (containerd-shim, runc)'))).toEqual([]);
    expect(messages(rule('spawned_process and proc.exepath in (/usr/local/bin/kube-controller-manager)'))).toEqual([]);
    expect(messages(rule('spawned_process and not proc.pname in (shell_binaries)'))).toEqual([]);
  });
});
