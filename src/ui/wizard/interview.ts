// The interview: each question in turn with its default and help, then a summary from which any
// answer can be revised before anything is generated. Talks to the person through a Prompter, so
// the flow is tested with scripted answers and run with inquirer.
import { ProfileError } from '../../profile/resolve.js';
import { type AnswerValue, type Answers, answerFromText, answerText } from './answers.js';
import { type Choice, type Question, type QuestionFlag, QUESTIONS, helpFor, questionFor } from './questions.js';

export interface TextPrompt {
  readonly message: string;
  readonly default: string;
  /** Where the default came from, e.g. "detected from package.json". */
  readonly source?: string;
  readonly help: string;
  /** true, or why the text is not accepted. */
  readonly validate: (text: string) => Promise<true | string>;
}

export interface ChoicePrompt {
  readonly message: string;
  readonly choices: readonly Choice[];
  readonly default?: string;
  readonly source?: string;
  readonly help?: string;
}

export interface Prompter {
  text(prompt: TextPrompt): Promise<string>;
  choose(prompt: ChoicePrompt): Promise<string>;
  /** A line of information between questions. */
  say(text: string): void;
}

export const CONTINUE = '\u0000continue';
export const CANCEL = '\u0000cancel';

/** Asks every interview question that applies, in order. */
export async function interview(answers: Answers, prompter: Prompter): Promise<void> {
  for (const question of QUESTIONS) {
    // Questions come after the ones they depend on, so an answer reset here is asked in its turn.
    if (question.stage === 'interview' && answers.isAsked(question)) await ask(question, answers, prompter, { askReset: false });
  }
}

/**
 * The summary: every answer that applies, with its value; picking one asks it again. Returns
 * 'continue' once the answers make a valid profile, or 'cancel'.
 */
export async function summary(answers: Answers, prompter: Prompter): Promise<'continue' | 'cancel'> {
  for (;;) {
    const rows = QUESTIONS.filter((q) => answers.isAsked(q));
    const width = Math.max(...rows.map((q) => q.flag.length)) + 2;
    const picked = await prompter.choose({
      message: 'Your answers (pick one to change it)',
      // After each revision the cursor is back on Continue: Enter goes on to the review.
      default: CONTINUE,
      choices: [
        { value: CONTINUE, label: 'Continue: review the files', help: 'Shows every file first, with a diff for existing ones; nothing is written yet.' },
        ...rows.map((q) => ({
          value: q.flag,
          label: `${`--${q.flag}`.padEnd(width + 2)} ${answerText(answers.defaultFor(q))}`,
          help: helpFor(q, answers.resolved()),
        })),
        { value: CANCEL, label: 'Cancel: write nothing', help: 'Leaves the directory exactly as it is.' },
      ],
    });
    if (picked === CANCEL) return 'cancel';
    if (picked === CONTINUE) {
      try {
        answers.profile();
        return 'continue';
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        prompter.say(`These answers don't make a valid setup yet:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`);
        continue;
      }
    }
    await ask(questionFor(picked as QuestionFlag), answers, prompter, { askReset: true });
  }
}

/** Asks one question and records the answer; with askReset, then asks whichever answers it reset. */
async function ask(question: Question, answers: Answers, prompter: Prompter, { askReset }: { askReset: boolean }): Promise<void> {
  const value = await prompt(question, answers, prompter);
  const reset = await answers.set(question, value);
  if (!askReset) return;
  for (const flag of reset) {
    const dependent = questionFor(flag);
    if (answers.isAsked(dependent) && answers.value(flag) === undefined) await ask(dependent, answers, prompter, { askReset });
  }
}

async function prompt(question: Question, answers: Answers, prompter: Prompter): Promise<AnswerValue> {
  const current = answers.defaultFor(question);
  const source = answers.source(question.flag);
  const help = helpFor(question, answers.resolved());
  if (question.kind === 'text') {
    const text = await prompter.text({
      message: question.message,
      default: answerText(current),
      ...(source ? { source } : {}),
      help,
      validate: async (typed) => (await answers.problemWith(question, answerFromText(question, typed))) ?? true,
    });
    return answerFromText(question, text);
  }
  if (question.kind === 'boolean') {
    const picked = await prompter.choose({
      message: question.message,
      default: current === true ? 'yes' : 'no',
      ...(source ? { source } : {}),
      help,
      choices: [
        { value: 'yes', label: 'yes', help: question.yes },
        { value: 'no', label: 'no', help: question.no },
      ],
    });
    return picked === 'yes';
  }
  const choices = question.choices(answers.resolved());
  const usable = choices.find((c) => c.value === current && !c.disabled) ?? choices.find((c) => !c.disabled);
  for (;;) {
    const picked = await prompter.choose({
      message: question.message,
      choices,
      ...(usable ? { default: usable.value } : {}),
      ...(source ? { source } : {}),
      help,
    });
    const problem = await answers.problemWith(question, picked);
    if (problem === undefined) return picked;
    prompter.say(problem);
  }
}
