// The interview's questions on a terminal, with inquirer. A text question shows its default and
// where it came from, and its help line under the input; invalid input is explained inline and
// kept for editing. A choice question shows its help under the message and each choice's effect
// under the list. Answered questions collapse to one line, so the transcript stays readable.
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
import type { ChoicePrompt, Prompter, TextPrompt } from './interview.js';

export const textPrompt = createPrompt<string, TextPrompt>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<Status>('idle');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress(async (key, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
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
}

export function inquirerPrompter({ rows, output = process.stdout }: InquirerPrompterOptions): Prompter {
  return {
    text: (prompt) => textPrompt(prompt),
    choose: (prompt: ChoicePrompt) =>
      select<string>({
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
      }),
    say: (text) => {
      output.write(`${text}\n`);
    },
  };
}
