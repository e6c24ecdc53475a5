// The Falco condition reader shared by the falco rules.
import { describe, expect, it } from 'vitest';
import { readCondition } from '../../../../src/audit/rules/falco/_support.js';

describe('readCondition', () => {
  it('tells macro references from field tests, values and list items', () => {
    const facts = readCondition('spawned_process and not (proc.pname in (node, "tini", app_parents) or user_ok) and fd.name startswith /etc and evt.dir=<');
    expect(facts.complete).toBe(true);
    expect(facts.macros.map((m) => [m.name, m.negated])).toEqual([
      ['spawned_process', false],
      ['user_ok', true],
    ]);
    expect(facts.listItems.map((item) => item.name)).toEqual(['node', 'app_parents']);
    expect(facts.tests).toEqual([
      { field: 'proc.pname', operator: 'in', values: ['node', 'tini', 'app_parents'], negated: true },
      { field: 'fd.name', operator: 'startswith', values: ['/etc'], negated: false },
      { field: 'evt.dir', operator: '=', values: ['<'], negated: false },
    ]);
  });

  it('reads transformers, field arguments, exists and bracketed values', () => {
    const facts = readCondition('tolower(proc.name) = bash and proc.aname[2] in (runc:[0:PARENT], sh) and proc.pname exists and fd.name = val(proc.cwd)');
    expect(facts.complete).toBe(true);
    expect(facts.macros).toEqual([]);
    expect(facts.tests.map((t) => [t.field, t.operator, t.values])).toEqual([
      ['proc.name', '=', ['bash']],
      ['proc.aname[2]', 'in', ['runc:[0:PARENT]', 'sh']],
      ['proc.pname', 'exists', []],
      ['fd.name', '=', ['proc.cwd']],
    ]);
  });

  it('stops at what it does not understand and says so, keeping what came before', () => {
    const facts = readCondition('container and (proc.name = bash');
    expect(facts.complete).toBe(false);
    expect(facts.macros.map((m) => m.name)).toEqual(['container']);
  });
});
