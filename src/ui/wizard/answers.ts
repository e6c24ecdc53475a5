// The wizard's answers: flag values layered over what was detected, saved or given on the command
// line. Everything is resolved with the same functions the non-interactive path uses
// (profileInputFromFlags, mergeInputs, withDefaults, validateProfile), so equal answers give an
// equal profile, and so equal files.
import { readPublicKey } from '../../commands/generate.js';
import { LANGUAGES, type Language } from '../../profile/catalogue.js';
import { entrypointProblem } from '../../profile/entrypoint-exists.js';
import { type FlagValues, profileInputFromFlags } from '../../profile/flags.js';
import { ProfileError, type ProfileInput, mergeInputs, validateProfile, withDefaults } from '../../profile/resolve.js';
import type { Profile } from '../../profile/schema.js';
import { flagArguments, flagValuesFromInput } from '../../profile/to-flags.js';
import { type Question, type QuestionFlag, QUESTIONS, questionFor } from './questions.js';

export type AnswerValue = string | boolean | string[];

/** One source of answers: detection, the saved profile, --profile FILE, or flags. */
export interface AnswerLayer {
  readonly input: ProfileInput;
  /** How to credit a value from this layer, e.g. "detected from package.json", "from --port". */
  readonly source: (field: string, flag: string) => string;
  /** The file the layer's public key was read from, for the equivalent command line. */
  readonly publicKeyFile?: string;
  /**
   * A guess from the project's files (shown as the default and asked), rather than an answer the
   * person already gave on the command line or in a profile (not asked again).
   */
  readonly detected?: boolean;
  /**
   * Fields detection found but could not decide for the person (a runtime version the project does
   * not declare): asked with the app questions, before the recommended setup, unless settled.
   */
  readonly open?: readonly string[];
}

interface Known<T> {
  readonly value: T;
  readonly source: string;
  readonly given: boolean;
}

export class Answers {
  private readonly base = new Map<QuestionFlag, Known<AnswerValue>>();
  private readonly given = new Map<QuestionFlag, AnswerValue>();
  /** Base values that no longer apply because an answer they depend on changed. */
  private readonly cleared = new Set<QuestionFlag>();
  private publicKey: (Known<string> & { file?: string }) | undefined;
  /** Questions a layer left open (see AnswerLayer.open). */
  private readonly openFlags = new Set<QuestionFlag>();

  /** Layers from lowest to highest precedence. */
  constructor(
    readonly dir: string,
    layers: readonly AnswerLayer[],
  ) {
    for (const layer of layers) {
      for (const field of layer.open ?? []) {
        const question = QUESTIONS.find((q) => q.field === field);
        if (question) this.openFlags.add(question.flag);
      }
      const flags = flagValuesFromInput(layer.input) as Record<string, AnswerValue>;
      for (const question of QUESTIONS) {
        const value = flags[question.flag];
        // A value its flag could not parse (a hand-edited profile with port: "abc") is left out, so
        // the question asks for it afresh instead of every later step failing on it.
        if (value !== undefined && parses(question.flag, value)) {
          this.base.set(question.flag, { value, source: layer.source(question.field, question.flag), given: layer.detected !== true });
        }
      }
      if (layer.input.publicKey) {
        this.publicKey = {
          value: layer.input.publicKey,
          source: layer.source('publicKey', 'public-key'),
          given: layer.detected !== true,
          ...(layer.publicKeyFile ? { file: layer.publicKeyFile } : {}),
        };
      }
    }
  }

  /** The current value of a flag: answered in this run, else from a layer; undefined means the default applies. */
  value(flag: QuestionFlag): AnswerValue | undefined {
    if (flag === 'public-key') return this.publicKey?.file ?? (this.publicKey ? '' : undefined);
    if (this.given.has(flag)) return this.given.get(flag);
    return this.cleared.has(flag) ? undefined : this.base.get(flag)?.value;
  }

  /** Where the current value came from, unless the user answered it in this run. */
  source(flag: QuestionFlag): string | undefined {
    if (flag === 'public-key') return this.publicKey?.source;
    if (this.given.has(flag) || this.cleared.has(flag)) return undefined;
    return this.base.get(flag)?.source;
  }

  /** Detection left this question open, and nothing settled it: it is asked with the app questions. */
  isOpen(flag: QuestionFlag): boolean {
    return this.openFlags.has(flag) && !this.isSettled(flag);
  }

  /**
   * Already answered: in this run, or by a flag or profile file (not a detected guess). Such a
   * question is not asked again in the interview; the summary still offers it for revision.
   */
  isSettled(flag: QuestionFlag): boolean {
    if (flag === 'public-key') return this.publicKey?.given === true;
    if (this.given.has(flag)) return true;
    return !this.cleared.has(flag) && this.base.get(flag)?.given === true;
  }

  /**
   * Every flag value that applies (the answers, as a command line would give them). An answer
   * whose question no longer applies (clients, after exposure changed to public) is left out, so
   * it can't reach the files; it comes back if the question applies again.
   */
  flagValues(): FlagValues {
    let flags = this.allFlagValues();
    // Leaving one answer out can change what applies to another (sign → admission → public key).
    for (let round = 0; round < QUESTIONS.length; round++) {
      const resolved = this.resolvedFrom(flags);
      const applicable = Object.fromEntries(
        Object.entries(flags).filter(([flag]) => questionFor(flag as QuestionFlag).when?.(resolved) ?? true),
      ) as Record<string, AnswerValue>;
      if (Object.keys(applicable).length === Object.keys(flags).length) break;
      flags = applicable;
    }
    return flags as FlagValues;
  }

  input(): ProfileInput {
    return this.inputFrom(this.flagValues());
  }

  /** The answers with defaults filled in for everything not answered, as `--yes` would. */
  resolved(): ProfileInput {
    return this.resolvedFrom(this.flagValues());
  }

  private allFlagValues(): Record<string, AnswerValue> {
    const flags: Record<string, AnswerValue> = {};
    for (const question of QUESTIONS) {
      const value = question.flag === 'public-key' ? undefined : this.value(question.flag);
      if (value !== undefined) flags[question.flag] = value;
    }
    return flags;
  }

  private inputFrom(flags: Record<string, AnswerValue>): ProfileInput {
    // mergeInputs also drops what the flags leave empty (resources: {requests: {}}), so defaults fill it.
    const input = mergeInputs(profileInputFromFlags(flags as FlagValues));
    if (!this.publicKey) return input;
    // Like any other answer, the key counts only while its question applies (key signing checked at admission).
    const applies = questionFor('public-key').when?.(withDefaults(input, this.dir).value) ?? true;
    return applies ? mergeInputs(input, { publicKey: this.publicKey.value }) : input;
  }

  private resolvedFrom(flags: Record<string, AnswerValue>): ProfileInput {
    return withDefaults(this.inputFrom(flags), this.dir).value;
  }

  /** What a question offers when asked: the current value, else the default for the other answers. */
  defaultFor(question: Question): AnswerValue {
    const current = this.value(question.flag);
    if (current !== undefined) return current;
    if (question.flag === 'public-key') return '';
    const fallback = (flagValuesFromInput(this.resolved()) as Record<string, AnswerValue>)[question.flag];
    return fallback ?? (question.kind === 'boolean' ? false : question.kind === 'text' && question.list ? [] : '');
  }

  isAsked(question: Question): boolean {
    return question.when?.(this.resolved()) ?? true;
  }

  /**
   * Why this value can't be the answer, or undefined if it can. Parses it as its flag would be
   * parsed, then validates the whole profile and keeps the problems that name this flag.
   */
  async problemWith(question: Question, value: AnswerValue): Promise<string | undefined> {
    const flag = `--${question.flag}`;
    const trial = this.clone();
    if (question.flag === 'public-key') {
      // Empty keeps a key already known (from a saved profile or --profile file).
      if (typeof value === 'string' && value.trim() === '' && this.publicKey) return undefined;
      if (typeof value !== 'string' || value.trim() === '') return 'give the path of the cosign public key (cosign.pub)';
      try {
        trial.publicKey = { value: await readPublicKey(value.trim()), source: '', given: true, file: value.trim() };
      } catch (error) {
        return withoutPrefix((error as Error).message, flag);
      }
    } else {
      try {
        profileInputFromFlags({ [question.flag]: value } as FlagValues);
      } catch (error) {
        if (error instanceof ProfileError) return withoutPrefix(error.problems[0]!, flag);
        throw error;
      }
      trial.given.set(question.flag, value);
    }
    try {
      validateProfile(trial.resolved());
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      const mine = error.problems.find((problem) => problem.includes(`(${flag})`));
      if (mine !== undefined) return withoutPrefix(mine, flag);
    }
    // The entry point must also be one the project has (the same check as --yes).
    if (question.flag === 'entrypoint' && typeof value === 'string') {
      const missing = await entrypointProblem(this.dir, languageOf(trial.resolved()), value);
      if (missing) return withoutPrefix(missing, flag);
    }
    return undefined;
  }

  /**
   * Why these answers can't be generated yet: the profile's problems, else an entry point the
   * project does not have (a saved or --profile value that no question checked); empty when none.
   */
  async problems(): Promise<readonly string[]> {
    let profile: Profile;
    try {
      profile = this.profile();
    } catch (error) {
      if (error instanceof ProfileError) return error.problems;
      throw error;
    }
    const missing = await entrypointProblem(this.dir, profile.language, profile.entrypoint);
    return missing ? [missing] : [];
  }

  /**
   * Records an answer. If it differs from the value before, the answers that depend on it go back
   * to their defaults (recursively); their flags are returned so they can be asked again.
   */
  async set(question: Question, value: AnswerValue): Promise<QuestionFlag[]> {
    const before = this.value(question.flag);
    if (question.flag === 'public-key') {
      const file = String(value).trim();
      if (file !== '') this.publicKey = { value: await readPublicKey(file), source: '', given: true, file };
    } else {
      this.given.set(question.flag, value);
    }
    // Only a change of an existing value invalidates what was derived from it.
    if (before === undefined || sameValue(before, value)) return [];
    return this.resetDependentsOf(question.flag);
  }

  private resetDependentsOf(flag: QuestionFlag): QuestionFlag[] {
    const reset: QuestionFlag[] = [];
    for (const dependent of QUESTIONS.filter((q) => q.dependsOn?.includes(flag))) {
      if (dependent.flag === 'public-key') this.publicKey = undefined;
      this.given.delete(dependent.flag);
      this.cleared.add(dependent.flag);
      reset.push(dependent.flag, ...this.resetDependentsOf(dependent.flag));
    }
    return [...new Set(reset)];
  }

  /** The validated profile; throws ProfileError naming every problem. */
  profile(): Profile {
    return validateProfile(this.resolved());
  }

  /** The flags that reproduce these answers without questions (run flags not included). */
  commandArguments(): string[] {
    const args = flagArguments(this.flagValues());
    if (this.publicKey?.file && this.input().publicKey !== undefined) args.push('--public-key', this.publicKey.file);
    return args;
  }

  private clone(): Answers {
    const copy = new Answers(this.dir, []);
    for (const [flag, known] of this.base) copy.base.set(flag, known);
    for (const [flag, value] of this.given) copy.given.set(flag, value);
    for (const flag of this.cleared) copy.cleared.add(flag);
    copy.publicKey = this.publicKey;
    return copy;
  }
}

/** "port (--port): 0 is not allowed: at least 1" -> "0 is not allowed: at least 1". */
function withoutPrefix(problem: string, flag: string): string {
  const text = problem.replace(/^\s*- /, '');
  const afterFlag = text.indexOf(`(${flag}): `);
  if (afterFlag >= 0) return text.slice(afterFlag + flag.length + 4);
  if (text.startsWith(`${flag}: `)) return text.slice(flag.length + 2);
  return text.replace(/^invalid profile:\s*/, '');
}

function languageOf(input: ProfileInput): Language {
  return LANGUAGES.includes(input.language as Language) ? (input.language as Language) : 'node';
}

function parses(flag: QuestionFlag, value: AnswerValue): boolean {
  try {
    profileInputFromFlags({ [flag]: value } as FlagValues);
    return true;
  } catch {
    return false;
  }
}

function sameValue(a: AnswerValue, b: AnswerValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An answer as the text a person types: lists comma-separated ("none" when empty), booleans yes/no. */
export function answerText(value: AnswerValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return value;
}

/** Typed text as an answer value for the question. */
export function answerFromText(question: Question, text: string): AnswerValue {
  const trimmed = text.trim();
  if (question.kind === 'text' && question.list) {
    return trimmed.toLowerCase() === 'none' ? [] : trimmed.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }
  return trimmed;
}
