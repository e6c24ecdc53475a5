// The interview's questions on a terminal, with inquirer. A text question shows its default and
// where it came from, and its help line under the input; invalid input is explained inline and
// kept for editing. A choice question shows its help under the message and each choice's effect
// under the list. Answered questions collapse to one line, so the transcript stays readable.
import { PassThrough } from 'node:stream';
import { styleText } from 'node:util';
import {
  type Status,
  createPrompt,
  isEnterKey,
  isTabKey,
  makeTheme,
  useKeypress,
  usePrefix,
  useState,
} from '@inquirer/core';
import { select } from '@inquirer/prompts';
import { BACK, type ChoicePrompt, type Prompter, type TextPrompt } from './interview.js';

export const textPrompt = createPrompt<string, TextPrompt>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<Status>('idle');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress(async (key, rl) => {
    if (status !== 'idle') return;
    if (key.name === 'escape') {
      setValue(BACK);
      setStatus('done');
      done(BACK);
    } else if (isEnterKey(key)) {
      const answer = value === '' ? config.default : value;
      setStatus('loading');
      const verdict = await config.validate(answer);
      if (verdict === true) {
        setValue(answer);
        setStatus('done');
        done(answer);
      } else {
        // Enter cleared readline's line; put the text back so it can be corrected.
        rl.write(value);
        setProblem(verdict);
        setStatus('idle');
      }
    } else if (isTabKey(key) && value === '') {
      // Tab copies the default into the line for editing.
      rl.clearLine(0);
      rl.write(config.default);
      setValue(config.default);
    } else {
      setValue(rl.line);
      setProblem(undefined);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done' && value === BACK) return styleText('dim', `↩ ${config.message} (back)`);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(value)}`;
  const hint =
    value === '' && config.default !== ''
      ? styleText('dim', `(${config.default}${config.source ? `, ${config.source}` : ''})`)
      : value === '' && config.source
        ? styleText('dim', `(${config.source})`)
        : undefined;
  const line = [prefix, message, hint, value].filter((part) => part !== undefined && part !== '').join(' ');
  const bottom = [problem ? styleText('red', `> ${problem}`) : undefined, styleText('dim', `  ${config.help}`)].filter(Boolean).join('\n');
  return [line, bottom];
});

export interface InquirerPrompterOptions {
  /** Rows available, for the summary's page size. */
  readonly rows: () => number;
  readonly output?: NodeJS.WritableStream;
  readonly input?: NodeJS.ReadableStream;
}

export function inquirerPrompter({ rows, output = process.stdout, input = process.stdin }: InquirerPrompterOptions): Prompter {
  return {
    text: (prompt) => textPrompt(prompt, { input, output }),
    choose: (prompt: ChoicePrompt) => choose(prompt, { rows, input, output }),
    say: (text) => {
      output.write(`${text}\n`);
    },
  };
}

function keepOpen(output: NodeJS.WritableStream): NodeJS.WritableStream {
  const relay = new PassThrough();
  relay.pipe(output, { end: false });
  return relay;
}

/**
 * A choice list. Esc returns BACK: inquirer's select has no key for it, so a keypress listener
 * aborts the prompt. The prompt clears itself when done and one line records the answer, so an
 * abandoned list doesn't stay on screen above the question that follows.
 */
async function choose(
  prompt: ChoicePrompt,
  { rows, input, output }: { rows: () => number; input: NodeJS.ReadableStream; output: NodeJS.WritableStream },
): Promise<string> {
  const escape = new AbortController();
  const onKeypress = (_text: string, key: { name?: string } | undefined) => {
    if (key?.name === 'escape') escape.abort();
  };
  input.on('keypress', onKeypress);
  try {
    const picked = await select<string>(
      {
        message: prompt.message,
        choices: prompt.choices.map((choice) => ({
          value: choice.value,
          name: choice.label,
          ...(choice.help ? { description: choice.help } : {}),
          ...(choice.disabled ? { disabled: `(${choice.disabled})` } : {}),
        })),
        ...(prompt.default !== undefined ? { default: prompt.default } : {}),
        // Leave room for the message, help, description and key hints.
        pageSize: Math.max(5, Math.min(prompt.choices.length, rows() - 7)),
        loop: false,
        theme: {
          style: {
            message: (text: string, status: Status) =>
              status === 'done'
                ? styleText('bold', text)
                : `${styleText('bold', text)}${prompt.source ? styleText('dim', ` (${prompt.source})`) : ''}${prompt.help ? `\n  ${styleText('dim', prompt.help)}` : ''}`,
          },
        },
      },
      // inquirer ends the stream it is given when done; the terminal's own stdout survives that,
      // any other stream (a test's) is handed over through one that does not pass the end on.
      { input, output: output === process.stdout ? output : keepOpen(output), signal: escape.signal, clearPromptOnDone: true },
    );
    const label = prompt.choices.find((choice) => choice.value === picked)?.label ?? picked;
    output.write(`${styleText('green', '✔')} ${styleText('bold', prompt.message)} ${styleText('cyan', label)}\n`);
    return picked;
  } catch (error) {
    if (escape.signal.aborted && (error as Error | undefined)?.name === 'AbortPromptError') return BACK;
    throw error;
  } finally {
    input.off('keypress', onKeypress);
  }
}
