import { describe, expect, it } from 'vitest';
import { macroCycle } from '../../../../src/audit/rules/falco/macro-cycle.js';
import { runRule } from '../../../helpers/audit.js';

const file = 'falco/rules.yaml';

describe('falco/macro-cycle', () => {
  it('reports a loop once, at the macro where it is found', () => {
    const text = `- macro: macro_a
  condition: macro_b and proc.name = sh
- macro: macro_b
  condition: (macro_c or container)
- macro: macro_c
  condition: macro_a
`;
    const findings = runRule(macroCycle, { [file]: text });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location.line).toBe(2);
    expect(findings[0]!.message).toContain('macro_a -> macro_b -> macro_c -> macro_a');
  });

  it('reports a macro that names itself', () => {
    expect(runRule(macroCycle, { [file]: '- macro: self\n  condition: self or container\n' })).toHaveLength(1);
  });

  it('accepts macros that share a third one', () => {
    const text = '- macro: base\n  condition: container\n- macro: a\n  condition: base\n- macro: b\n  condition: base and a\n';
    expect(runRule(macroCycle, { [file]: text })).toEqual([]);
  });
});
