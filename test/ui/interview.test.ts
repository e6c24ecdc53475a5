// The interview's flow with scripted answers: defaults, inline validation, revising from the
// summary (which re-asks what depends on the change), and refusing to continue on an invalid setup.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { type AnswerLayer, Answers } from '../../src/ui/wizard/answers.js';
import { ACCEPT, BACK, CANCEL, CONTINUE, CUSTOMISE, type ChoicePrompt, type Prompter, type TextPrompt, interview, summary } from '../../src/ui/wizard/interview.js';

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
      if (typed === BACK) return BACK;
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
  detected: true,
};

describe('interview', () => {
  it('asks the runtime version with the app questions when the project declares one no supported version satisfies (issue 10)', async () => {
    const oldNode: AnswerLayer = { ...nodeProject, input: { language: 'node', name: 'web', buildTool: 'npm', entrypoint: 'server.js' }, open: ['runtimeVersion'] };
    const prompter = new ScriptedPrompter([['Runtime version', '22']]);
    const answers = new Answers('web', [oldNode]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(prompter.asked.map((p) => p.message)).toEqual(['Language', 'Runtime version', 'Entry point', 'Port the app listens on', 'Who may connect', 'Recommended setup']);
    expect(answers.profile().runtimeVersion).toBe('22');
    // Given on the command line, it is settled and not asked.
    const given = new Answers('web', [oldNode, { input: { runtimeVersion: '24' }, source: () => 'from --runtime-version' }]);
    const quiet = new ScriptedPrompter([]);
    await interview(given, quiet);
    expect(quiet.asked.map((p) => p.message)).not.toContain('Runtime version');
  });

  it('asks what only the project can say, then accepts the recommended setup: the profile --yes gives', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(answers.profile()).toEqual(validateProfile(withDefaults(nodeProject.input, 'web').value));
    expect(prompter.asked.map((p) => p.message)).toEqual(['Language', 'Entry point', 'Port the app listens on', 'Who may connect', 'Recommended setup']);
    const entry = prompter.asked[1] as TextPrompt;
    expect(entry).toMatchObject({ default: 'server.js', source: 'detected from package.json' });
    expect(prompter.asked.every((p) => (p.help ?? '').length > 0)).toBe(true);
    // The one screen names every default it stands for, and Enter accepts it.
    const setup = prompter.asked[4] as ChoicePrompt;
    expect(setup.default).toBe(ACCEPT);
    expect(setup.help).toMatch(/^Image\s+ghcr\.io\/example\/web:0\.1\.0/);
    expect(setup.help).toContain('"example" is a placeholder owner');
    expect(setup.help).toMatch(/Network\s+default deny; in: via an HTTPRoute on the Gateway gateway-system\/public, only from pods in gateway-system, on port 3000; out: DNS only/);
    expect(setup.help).toMatch(/CI\s+GitHub Actions: build, Trivy gate on CRITICAL,HIGH, SBOM, keyless signature/);
    expect(setup.help).toMatch(/Admission\s+Kyverno ImageValidatingPolicy/);
  });

  it('customising asks the rest one by one, each with the recommended value as its default', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([['Recommended setup', CUSTOMISE]]);
    expect(await interview(answers, prompter)).toBe('customised');
    const messages = prompter.asked.map((p) => p.message);
    expect(messages.slice(5)).toEqual([
      'App name', 'Runtime version', 'Build tool', 'Route from outside the cluster', expect.stringMatching(/^Gateway the route attaches to/),
      expect.stringMatching(/^Host names/), 'Namespace of the pods that forward outside traffic', expect.stringMatching(/^Labels of those pods/),
      expect.stringMatching(/^Outbound connections/), expect.stringMatching(/^Paths the app writes to/), expect.stringMatching(/^Image repository/),
      expect.stringMatching(/^Source repository/), 'CI system', 'Image signing', 'Admission policy', 'Falco runtime rules',
    ]);
    expect((prompter.asked[5] as TextPrompt).default).toBe('web');
    expect(answers.profile()).toEqual(validateProfile(withDefaults(nodeProject.input, 'web').value));
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
      ['Recommended setup', CUSTOMISE],
      ['CI system', 'none'],
      ['Image signing', 'keyless'],
      ['Image signing', 'none'],
    ]);
    await interview(answers, prompter);
    expect(prompter.said).toEqual([expect.stringMatching(/^"keyless" is not allowed: keyless signing takes its identity from the CI workflow/)]);
    expect(answers.profile().ci).toMatchObject({ system: 'none', sign: 'none' });
    expect(prompter.asked.some((p) => p.message === 'Admission policy')).toBe(false);
  });

  it('Esc goes back one question, and from the recommended setup back to the last question', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['Language', BACK], // nothing before it: asked again
      ['Port', BACK],
      ['Entry point', 'dist/main.js'],
      ['Port', '8080'],
      ['Who may connect', BACK],
      ['Recommended setup', BACK],
    ]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(prompter.asked.map((p) => p.message)).toEqual([
      'Language', 'Language', 'Entry point', 'Port the app listens on', 'Entry point', 'Port the app listens on', 'Who may connect',
      'Port the app listens on', 'Who may connect', 'Recommended setup', 'Who may connect', 'Recommended setup',
    ]);
    // Going back shows the earlier answer as the default.
    expect((prompter.asked[7] as TextPrompt).default).toBe('8080');
    expect(answers.profile()).toMatchObject({ entrypoint: 'dist/main.js', port: 8080 });
  });

  it('Esc at the first customised question goes back to the recommended setup', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['Recommended setup', CUSTOMISE],
      ['App name', BACK],
    ]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(prompter.asked.map((p) => p.message).slice(4)).toEqual(['Recommended setup', 'App name', 'Recommended setup']);
  });

  it('does not ask what a flag or profile file already answered, nor a choice with one possible answer', async () => {
    const given: AnswerLayer = { input: { port: 8080, exposure: 'none' }, source: (_field, flag) => `from --${flag}` };
    const rust: AnswerLayer = { input: { language: 'rust', name: 'svc', entrypoint: 'svc' }, source: () => 'detected from Cargo.toml', detected: true };
    const answers = new Answers('svc', [rust, given]);
    const prompter = new ScriptedPrompter([['Recommended setup', CUSTOMISE]]);
    await interview(answers, prompter);
    const messages = prompter.asked.map((p) => p.message);
    expect(messages.slice(0, 3)).toEqual(['Language', 'Entry point', 'Recommended setup']);
    // Rust builds with cargo only.
    expect(messages).not.toContain('Build tool');
    expect(answers.profile()).toMatchObject({ port: 8080, exposure: 'none', buildTool: 'cargo' });
  });

  it('accepting a setup that is not valid yet names the problems and asks the rest', async () => {
    const keySigned: AnswerLayer = { input: { ...nodeProject.input, ci: { sign: 'key' }, admission: 'kyverno' }, source: () => 'saved', detected: true };
    const answers = new Answers('web', [keySigned]);
    // This scripted person has no key file: they stop at the question that asks for one.
    const prompter = new ScriptedPrompter([
      ['Cosign public key file', () => {
        throw new Error('no key at hand');
      }],
    ]);
    await expect(interview(answers, prompter)).rejects.toThrow('no key at hand');
    expect(prompter.said[0]).toMatch(/don't make a valid setup yet:\n {2}- publicKey \(--public-key\): is missing/);
    expect(prompter.asked.some((p) => p.message === 'Cosign public key file')).toBe(true);
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

  it('a change that makes a question apply asks it; answers that stop applying leave the profile', async () => {
    const answers = new Answers('web', [nodeProject]);
    const prompter = new ScriptedPrompter([
      ['Your answers', 'exposure'],
      ['Who may connect', 'internal'],
      ['Client apps', 'frontend'],
      ['Your answers', CONTINUE],
    ]);
    expect(await summary(answers, prompter)).toBe('continue');
    expect(prompter.asked.map((p) => p.message)).toContainEqual(expect.stringMatching(/^Client apps/));
    expect(answers.profile()).toMatchObject({ exposure: 'internal', clients: [{ app: 'frontend' }] });

    const back = new ScriptedPrompter([
      ['Your answers', 'exposure'],
      ['Who may connect', 'public'],
      ['Your answers', CONTINUE],
    ]);
    expect(await summary(answers, back)).toBe('continue');
    expect(answers.profile()).toMatchObject({ exposure: 'public', clients: [] });
    expect(answers.commandArguments()).not.toContain('--clients');
  });
});

// Issue 10: the entry point must be one the project has; the question says which ones it has.
describe('the entry point question in a real project', () => {
  const nodeTs = path.resolve(import.meta.dirname, '../fixtures/projects/node-ts');
  const detectedNode: AnswerLayer = { input: { language: 'node', name: 'orders-api', entrypoint: 'dist/server.js' }, source: () => 'detected from package.json', detected: true };

  it('refuses a file the project neither has nor builds, naming the one it builds', async () => {
    const answers = new Answers(nodeTs, [detectedNode]);
    const prompter = new ScriptedPrompter([['Entry point', 'dist/index.js']]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(prompter.rejected).toEqual(['"dist/index.js" is not in this project: no such file, and tsc does not build one there. Found in the project:\n  dist/server.js  (package.json scripts.start)']);
    expect(answers.profile().entrypoint).toBe('dist/server.js');
  });

  it('asks after all for an entry point a flag gave that the project does not have', async () => {
    const flag: AnswerLayer = { input: { entrypoint: 'dist/app.js' }, source: (_field, name) => `from --${name}` };
    const answers = new Answers(nodeTs, [detectedNode, flag]);
    const prompter = new ScriptedPrompter([['Entry point', 'dist/server.js']]);
    expect(await interview(answers, prompter)).toBe('accepted');
    expect(prompter.asked.map((p) => p.message)).toContain('Entry point');
    expect(answers.profile().entrypoint).toBe('dist/server.js');
  });

  it('will not continue from the summary with a saved entry point the project does not have', async () => {
    const saved: AnswerLayer = { input: { language: 'node', name: 'orders-api', entrypoint: 'dist/app.js' }, source: () => 'saved in .secure-container.yaml' };
    const answers = new Answers(nodeTs, [saved]);
    const prompter = new ScriptedPrompter([['Your answers', CONTINUE], ['Your answers', 'entrypoint'], ['Entry point', 'dist/server.js'], ['Your answers', CONTINUE]]);
    expect(await summary(answers, prompter)).toBe('continue');
    expect(prompter.said[0]).toMatch(/^These answers don't make a valid setup yet:\n {2}- --entrypoint: "dist\/app\.js" is not in this project/);
    expect(answers.profile().entrypoint).toBe('dist/server.js');
  });
});
