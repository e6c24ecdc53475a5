// The text question on a (simulated) terminal: default and where it came from, help under the
// input, inline validation that keeps the typed text, and one line once answered.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BACK } from '../../src/ui/wizard/interview.js';
import { inquirerPrompter, textPrompt } from '../../src/ui/wizard/prompter.js';

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString();
  });
  const screen = () => written.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const type = async (text: string) => {
    input.write(text);
    await new Promise((resolve) => setTimeout(resolve, 30));
  };
  return { input, output, screen, type };
}

const question = {
  message: 'Port the app listens on',
  default: '8081',
  source: 'detected from Dockerfile',
  help: 'EXPOSE, Service and NetworkPolicy port; below 1024 adds NET_BIND_SERVICE.',
  validate: async (text: string) => (/^\d+$/.test(text) ? (true as const) : `"${text}" is not allowed: must be a whole number`),
};

describe('textPrompt', () => {
  it('offers the default with its source and shows the help; Enter takes the default', async () => {
    const io = terminal();
    const answer = textPrompt(question, { input: io.input, output: io.output });
    await io.type('');
    expect(io.screen()).toContain('? Port the app listens on (8081, detected from Dockerfile)');
    expect(io.screen()).toContain('  EXPOSE, Service and NetworkPolicy port; below 1024 adds NET_BIND_SERVICE.');
    await io.type('\r');
    expect(await answer).toBe('8081');
    expect(io.screen()).toMatch(/✔ Port the app listens on 8081\s*$/);
  });

  it('explains an invalid answer under the input and keeps the text for correcting', async () => {
    const io = terminal();
    const answer = textPrompt(question, { input: io.input, output: io.output });
    await io.type('80a\r');
    expect(io.screen()).toContain('> "80a" is not allowed: must be a whole number');
    // Backspace once: the kept "80a" becomes "80".
    await io.type('\x7f\r');
    expect(await answer).toBe('80');
  });

  it('Tab copies the default into the line for editing', async () => {
    const io = terminal();
    const answer = textPrompt(question, { input: io.input, output: io.output });
    await io.type('\t');
    await io.type('9\r');
    expect(await answer).toBe('80819');
  });

  it('Esc goes back: the question ends with BACK and says so', async () => {
    const io = terminal();
    const answer = textPrompt(question, { input: io.input, output: io.output });
    await io.type('80');
    // A lone ESC: readline waits for its escape-sequence timeout before it is a key.
    io.input.write('\x1b');
    expect(await answer).toBe(BACK);
    expect(io.screen()).toMatch(/Port the app listens on \(back\)\s*$/);
  });
});

describe('inquirerPrompter choices', () => {
  const prompt = {
    message: 'Who may connect',
    default: 'internal',
    help: 'Decides which ingress the NetworkPolicy allows.',
    choices: [
      { value: 'public', label: 'public: through a Gateway' },
      { value: 'internal', label: 'internal: named apps' },
    ],
  };

  it('Enter picks the default; the list is replaced by one line naming the answer', async () => {
    const io = terminal();
    const answer = inquirerPrompter({ rows: () => 24, input: io.input, output: io.output }).choose(prompt);
    await io.type('');
    expect(io.screen()).toContain('Decides which ingress the NetworkPolicy allows.');
    await io.type('\r');
    expect(await answer).toBe('internal');
    expect(io.screen()).toMatch(/✔ Who may connect internal: named apps\n$/);
  });

  it('Esc goes back: BACK, and nothing of the list is left as an answer', async () => {
    const io = terminal();
    const answer = inquirerPrompter({ rows: () => 24, input: io.input, output: io.output }).choose(prompt);
    await io.type('');
    io.input.write('\x1b');
    expect(await answer).toBe(BACK);
    expect(io.screen()).not.toContain('✔');
  });
});
