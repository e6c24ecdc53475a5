// The interview's flow with scripted answers: defaults, inline validation, revising from the
// summary (which re-asks what depends on the change), and refusing to continue on an invalid setup.
import { describe, expect, it } from 'vitest';
import { validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { type AnswerLayer, Answers } from '../../src/ui/wizard/answers.js';
import { CANCEL, CONTINUE, type ChoicePrompt, type Prompter, type TextPrompt, interview, summary } from '../../src/ui/wizard/interview.js';

type Scripted = string | ((prompt: TextPrompt | ChoicePrompt) => string);

/** Answers each prompt whose message starts with a key from a queue; anything else takes its default. */
class ScriptedPrompter implements Prompter {
  readonly asked: (TextPrompt | ChoicePrompt)[] = [];
  readonly said: string[] = [];
  readonly rejected: string[] = [];
  constructor(private readonly script: [string, Scripted][]) {}

  private next(prompt: TextPrompt | ChoicePrompt): string | undefined {
    this.asked.push(prompt);
    const index = this.script.findIndex(([message]) => prompt.message.startsWith(message));
    if (index < 0) return undefined;
    const [, answer] = this.script.splice(index, 1)[0]!;
    return typeof answer === 'function' ? answer(prompt) : answer;
  }

  async text(prompt: TextPrompt): Promise<string> {
    for (;;) {
      const typed = this.next(prompt) ?? '';
      const answer = typed === '' ? prompt.default : typed;
      const verdict = await prompt.validate(answer);
      if (verdict === true) return answer;
      this.rejected.push(verdict);
    }
  }

  async choose(prompt: ChoicePrompt): Promise<string> {
    return this.next(prompt) ?? prompt.default ?? prompt.choices[0]!.value;
  }

  say(text: string): void {
    this.said.push(text);
  }
}

const nodeProject: AnswerLayer = {
  input: { language: 'node', name: 'web', runtimeVersion: '22', buildTool: 'npm', entrypoint: 'server.js' },
  source: (field) => `detected from ${field === 'buildTool' ? 'package-lock.json' : 'package.json'}`,
};

describe('interview', () => {
  it('accepting every default gives the profile --yes gives for the detected values', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([]);
    await interview(answers, prompter);
    expect(answers.profile()).toEqual(validateProfile(withDefaults(nodeProject.input, 'web').value));
    const name = prompter.asked.find((p) => p.message === 'App name') as TextPrompt;
    expect(name).toMatchObject({ default: 'web', source: 'detected from package.json' });
    expect(prompter.asked.every((p) => (p.help ?? '').length > 0)).toBe(true);
    // Only what applies: public exposure asks for the ingress controller, not for clients.
    const messages = prompter.asked.map((p) => p.message);
    expect(messages).toContain('Ingress controller namespace');
    expect(messages.some((m) => m.startsWith('Client apps'))).toBe(false);
    expect(messages.some((m) => m.startsWith('Kubernetes namespace'))).toBe(false);
  });

  it('keeps asking until the answer is valid, with the reason each time', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['Port', '0'],
      ['Port', 'http'],
      ['Port', '80'],
      ['Who may connect', 'internal'],
      ['Client apps', 'none'],
      ['Client apps', 'Frontend'],
      ['Client apps', 'frontend,payments/billing'],
    ]);
    await interview(answers, prompter);
    expect(prompter.rejected).toEqual([
      '0 is not allowed: at least 1',
      '"http" is not allowed: must be a whole number',
      '[] is not allowed: internal exposure needs at least one client app allowed to connect',
      expect.stringMatching(/"Frontend" is not allowed: .*DNS-1123 label/),
    ]);
    const profile = answers.profile();
    expect(profile.port).toBe(80);
    expect(profile.clients).toEqual([{ app: 'frontend' }, { namespace: 'payments', app: 'billing' }]);
  });

  it('re-asks a choice that the other answers rule out', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['CI system', 'none'],
      ['Image signing', 'keyless'],
      ['Image signing', 'none'],
    ]);
    await interview(answers, prompter);
    expect(prompter.said).toEqual([expect.stringMatching(/^"keyless" is not allowed: keyless signing takes its identity from the CI workflow/)]);
    expect(answers.profile().ci).toMatchObject({ system: 'none', sign: 'none' });
    expect(prompter.asked.some((p) => p.message === 'Admission policy')).toBe(false);
  });
});

describe('summary', () => {
  it('lists the answers as flags and continues when they are valid', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([]);
    expect(await summary(answers, prompter)).toBe('continue');
    const rows = (prompter.asked[0] as ChoicePrompt).choices.map((c) => c.label);
    expect(rows[0]).toBe('Continue: review the files');
    expect(rows).toContainEqual(expect.stringMatching(/^--language\s+node$/));
    expect(rows).toContainEqual(expect.stringMatching(/^--memory-limit\s+256Mi$/));
    expect(rows.at(-1)).toBe('Cancel: write nothing');
  });

  it('revising the language re-asks what depends on it, with the new language\'s defaults', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['Your answers', 'language'],
      ['Language', 'go'],
      ['Your answers', CONTINUE],
    ]);
    expect(await summary(answers, prompter)).toBe('continue');
    const reasked = prompter.asked.slice(2, 5);
    expect(reasked.map((p) => [p.message, p.default])).toEqual([
      ['Runtime version', '1.26'],
      ['Build tool', 'go'],
      ['Entry point', '.'],
    ]);
    expect(answers.profile()).toMatchObject({ language: 'go', runtimeVersion: '1.26', buildTool: 'go', entrypoint: '.' });
  });

  it('will not continue on an invalid setup: it names the problems and asks again', async () => {
    const keySigned: AnswerLayer = { input: { ...nodeProject.input, ci: { sign: 'key' }, admission: 'kyverno' }, source: () => 'saved' };
    const answers = new Answers('web', [keySigned]);
    const prompter = new ScriptedPrompter([
      ['Your answers', CONTINUE],
      ['Your answers', CANCEL],
    ]);
    expect(await summary(answers, prompter)).toBe('cancel');
    expect(prompter.said[0]).toMatch(/don't make a valid setup yet:\n {2}- publicKey \(--public-key\): is missing: .*cosign public key/);
  });
});
