// The questions as data: one per flag, each mapped to the field its flag sets, with help that fits
// an 80-column terminal.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/profile/catalogue.js';
import { PROFILE_FLAGS } from '../../src/profile/flags.js';
import { flagFor } from '../../src/profile/resolve.js';
import { QUESTIONS, helpFor } from '../../src/ui/wizard/questions.js';

describe('questions', () => {
  it('ask for every profile flag exactly once, plus the public key file', () => {
    const flags = QUESTIONS.map((q) => q.flag);
    expect(new Set(flags).size).toBe(flags.length);
    expect([...flags].sort()).toEqual([...Object.keys(PROFILE_FLAGS), 'public-key'].sort());
  });

  it('each set the field their flag sets', () => {
    for (const question of QUESTIONS) expect(flagFor(question.field), question.flag).toBe(`--${question.flag}`);
  });

  it('depend only on questions asked before them, so an interview never needs to go back', () => {
    QUESTIONS.forEach((question, index) => {
      for (const flag of question.dependsOn ?? []) expect(QUESTIONS.findIndex((q) => q.flag === flag), `${question.flag} <- ${flag}`).toBeLessThan(index);
    });
  });

  it('have one line of help that fits 80 columns (indented by 2), for every language', () => {
    for (const question of QUESTIONS) {
      for (const language of LANGUAGES) {
        const profile = { language, ci: { system: 'github' as const } };
        const help = helpFor(question, profile);
        expect(help.length, `${question.flag}: ${help}`).toBeLessThanOrEqual(76);
        expect(help).not.toContain('\n');
        const choices = question.kind === 'choice' ? question.choices(profile) : question.kind === 'boolean' ? [{ help: question.yes }, { help: question.no }] : [];
        for (const choice of choices) expect((choice.help ?? '').length, `${question.flag}: ${choice.help}`).toBeLessThanOrEqual(78);
      }
    }
  });

  it('offer the versions and build tools of the chosen language', () => {
    const runtime = QUESTIONS.find((q) => q.flag === 'runtime-version')!;
    const tools = QUESTIONS.find((q) => q.flag === 'build-tool')!;
    if (runtime.kind !== 'choice' || tools.kind !== 'choice') throw new Error('expected choice questions');
    expect(runtime.choices({ language: 'go' }).map((c) => c.value)).toEqual(['1.25', '1.26']);
    expect(tools.choices({ language: 'python' }).map((c) => c.value)).toEqual(['pip', 'poetry', 'uv']);
  });

  it('do not offer keyless signing without a CI system, and ask about ingress only when public', () => {
    const sign = QUESTIONS.find((q) => q.flag === 'sign')!;
    if (sign.kind !== 'choice') throw new Error('expected a choice question');
    expect(sign.choices({ ci: { system: 'none' } }).find((c) => c.value === 'keyless')?.disabled).toBe('needs a CI system');
    expect(sign.choices({ ci: { system: 'github' } }).find((c) => c.value === 'keyless')?.disabled).toBeUndefined();
    const ingress = QUESTIONS.find((q) => q.flag === 'ingress-namespace')!;
    expect(ingress.when?.({ exposure: 'public' })).toBe(true);
    expect(ingress.when?.({ exposure: 'internal' })).toBe(false);
  });
});
