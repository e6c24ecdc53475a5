// The interview: the questions only the project can answer, each with its default and help; then
// the recommended security setup on one screen, accepted or customised; then (when customised, or
// coming back from the review) a summary from which any answer can be revised before anything is
// generated. Talks to the person through a Prompter, so
// the flow is tested with scripted answers and run with inquirer.
import { type AnswerValue, type Answers, answerFromText, answerText } from './answers.js';
import { type Choice, type Question, type QuestionFlag, QUESTIONS, helpFor, questionFor } from './questions.js';
import { recommendedSetup, setupLines } from './recommended.js';

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
export const ACCEPT = '\u0000accept';
export const CUSTOMISE = '\u0000customise';
/** What a prompter returns when the person presses Esc: go back one question. */
export const BACK = '\u0000back';

/**
 * How the interview ended: the recommended setup accepted (the answers are valid; go straight to
 * the review), customised question by question (show the summary), or cancelled.
 */
export type InterviewOutcome = 'accepted' | 'customised' | 'cancel';

/**
 * The questions only the project can answer, then the recommended setup on one screen: accept
 * it, or customise it question by question. A question already answered by a flag or a profile
 * file is not asked, nor one with a single possible answer. Esc goes back one question.
 */
export async function interview(answers: Answers, prompter: Prompter): Promise<InterviewOutcome> {
  const settled = new Set(QUESTIONS.filter((q) => answers.isSettled(q.flag)).map((q) => q.flag));
  // An entry point given by flag or profile that the project does not have is asked after all,
  // its question refusing it with the entry points found.
  const entrypoint = answers.value('entrypoint');
  if (settled.has('entrypoint') && entrypoint !== undefined && (await answers.problemWith(questionFor('entrypoint'), entrypoint)) !== undefined) {
    settled.delete('entrypoint');
  }
  const due = (question: Question) => !settled.has(question.flag) && answers.isAsked(question) && !hasOneAnswer(question, answers);
  // Questions detection could not decide (a runtime version the project does not declare) join the
  // app questions: accepting the recommended setup must not change them silently.
  const app = QUESTIONS.filter((q) => q.stage === 'app' || (q.stage === 'interview' && answers.isOpen(q.flag)));
  const setup = QUESTIONS.filter((q) => q.stage === 'interview' && !app.includes(q));
  let step: 'app' | 'app-from-end' | 'recommended' | 'setup' = 'app';
  for (;;) {
    if (step === 'app' || step === 'app-from-end') {
      // Esc at the first question has nowhere to go back to: it is asked again.
      const walked = await walk(app, due, answers, prompter, { fromEnd: step === 'app-from-end' });
      step = walked === 'back' ? 'app' : 'recommended';
      continue;
    }
    if (step === 'setup') {
      if ((await walk(setup, due, answers, prompter, { fromEnd: false })) === 'back') step = 'recommended';
      else return 'customised';
      continue;
    }
    const picked = await prompter.choose(recommendedPrompt(answers));
    if (picked === BACK) step = 'app-from-end';
    else if (picked === CANCEL) return 'cancel';
    else if (picked === CUSTOMISE) step = 'setup';
    else {
      const problems = await answers.problems();
      if (problems.length === 0) return 'accepted';
      prompter.say(`These answers don't make a valid setup yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      step = 'setup';
    }
  }
}

/** The one screen that shows the recommended security setup; Enter accepts it. */
function recommendedPrompt(answers: Answers): ChoicePrompt {
  const lines = setupLines(recommendedSetup(answers.resolved()));
  return {
    message: 'Recommended setup',
    help: lines.join('\n  '),
    default: ACCEPT,
    choices: [
      { value: ACCEPT, label: 'Accept: review the files', help: 'Shows every file first, with a diff for existing ones; nothing is written yet.' },
      { value: CUSTOMISE, label: 'Customise: go through these one by one', help: 'Asks each setting with the recommended value as its default.' },
      { value: CANCEL, label: 'Cancel: write nothing', help: 'Leaves the directory exactly as it is.' },
    ],
  };
}

/**
 * Asks each due question of a list in order. Esc re-asks the previous question asked here; at
 * the first one it returns 'back'. With fromEnd, starts at the last due question, as if the
 * person had gone back into the list from what follows it.
 */
async function walk(
  list: readonly Question[],
  due: (question: Question) => boolean,
  answers: Answers,
  prompter: Prompter,
  { fromEnd }: { fromEnd: boolean },
): Promise<'done' | 'back'> {
  const history: number[] = [];
  let index = 0;
  if (fromEnd) {
    const dueIndices = list.flatMap((question, i) => (due(question) ? [i] : []));
    if (dueIndices.length === 0) return 'done';
    history.push(...dueIndices.slice(0, -1));
    index = dueIndices.at(-1)!;
  }
  while (index < list.length) {
    const question = list[index]!;
    if (!due(question)) {
      index++;
      continue;
    }
    if ((await ask(question, answers, prompter, { askReset: false })) === 'back') {
      const previous = history.pop();
      if (previous === undefined) return 'back';
      index = previous;
      continue;
    }
    history.push(index);
    index++;
  }
  return 'done';
}

/** A choice with one possible answer (one build tool for the language) is not a question. */
function hasOneAnswer(question: Question, answers: Answers): boolean {
  return question.kind === 'choice' && question.choices(answers.resolved()).filter((choice) => !choice.disabled).length === 1;
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
    if (picked === BACK) continue;
    if (picked === CONTINUE) {
      const problems = await answers.problems();
      if (problems.length === 0) return 'continue';
      prompter.say(`These answers don't make a valid setup yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      continue;
    }
    const before = new Set(QUESTIONS.filter((q) => answers.isAsked(q)).map((q) => q.flag));
    await ask(questionFor(picked as QuestionFlag), answers, prompter, { askReset: true });
    // A change can make other questions apply (clients, after exposure became internal): ask the
    // ones that have no answer yet, in their order. Answers that stopped applying are left out of
    // the profile by Answers itself.
    for (const question of QUESTIONS) {
      if (question.stage === 'summary' || before.has(question.flag) || !answers.isAsked(question)) continue;
      if (answers.value(question.flag) === undefined) await ask(question, answers, prompter, { askReset: true });
    }
  }
}

/**
 * Asks one question and records the answer; with askReset, then asks whichever answers it reset.
 * Returns 'back' (nothing recorded) when the person pressed Esc.
 */
async function ask(question: Question, answers: Answers, prompter: Prompter, { askReset }: { askReset: boolean }): Promise<'answered' | 'back'> {
  const value = await prompt(question, answers, prompter);
  if (value === BACK) return 'back';
  const reset = await answers.set(question, value);
  if (!askReset) return 'answered';
  for (const flag of reset) {
    const dependent = questionFor(flag);
    if (answers.isAsked(dependent) && answers.value(flag) === undefined) await ask(dependent, answers, prompter, { askReset });
  }
  return 'answered';
}

async function prompt(question: Question, answers: Answers, prompter: Prompter): Promise<AnswerValue | typeof BACK> {
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
    return text === BACK ? BACK : answerFromText(question, text);
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
    return picked === BACK ? BACK : picked === 'yes';
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
    if (picked === BACK) return BACK;
    const problem = await answers.problemWith(question, picked);
    if (problem === undefined) return picked;
    prompter.say(problem);
  }
}
