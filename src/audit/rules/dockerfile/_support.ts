// The stage model every Dockerfile rule reads: built once per DockerfileSource (cached) from
// dockerfile-ast's instructions. It gives each stage its name, resolved base image, parent stage,
// instructions and ONBUILD RUN triggers; each RUN its shell commands (continuations joined,
// comment lines dropped, here-documents and `sh -c` scripts read, every character mapped back to
// the source); and the effective USER, SHELL and variables at any point. Rules work on offsets;
// `locate` turns an offset span into a finding location.
import { Arg, Env, type Instruction, Onbuild, Run } from 'dockerfile-ast';
import { lineIndexOf } from '../../parse.js';
import { onbuildTrigger } from '../../../util/dockerfile-parse.js';
import { oncePer } from '../../../util/memo.js';
import type { DockerfileSource, Location, Repo } from '../../types.js';
import { type ImageRef, parseImageRef } from './_images.js';
import { type Invocation, type MappedText, type ShellCommand, SHELLS, type Word, baseName, commandLists, contiguous, invocation, isScriptOption } from './_shell.js';
import { contiguousWord, wordOf } from './_word.js';
import { exactArray } from '../../../util/exact-array.js';

/** [start, end) source offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Flag {
  readonly name: string;
  readonly value: string | undefined;
  readonly span: Span;
}

/** An instruction's arguments split into flags (--from=x) and words, with source offsets. */
export interface Arguments {
  readonly flags: readonly Flag[];
  readonly words: readonly Word[];
  /** The words came from a JSON array (exec form). */
  readonly json: boolean;
  /** Span of everything after the flags. */
  readonly span: Span;
}

export interface InstructionStep {
  readonly instruction: Instruction;
  /** Upper-case keyword. */
  readonly keyword: string;
  readonly span: Span;
  /** Span of the keyword itself. */
  readonly keywordSpan: Span;
}

export interface Step extends InstructionStep {
  readonly stage: Stage;
}

export interface Script {
  readonly commands: readonly ShellCommand[];
  /** Run by a `sh -c '...'` inside another script (so SHELL options do not apply to it). */
  readonly nested: boolean;
}

export interface RunStep extends Step {
  readonly flags: readonly Flag[];
  readonly form: 'shell' | 'exec' | 'heredoc';
  /** Every script the RUN executes: its own, here-document scripts, and (nested) `sh -c` scripts. */
  readonly scripts: readonly Script[];
  readonly commands: readonly ShellCommand[];
  readonly invocations: readonly Invocation[];
  /** An `ONBUILD RUN` trigger (in its stage's `triggers`), not a RUN of the stage. */
  readonly trigger: boolean;
}

export interface Stage {
  readonly index: number;
  /** The AS name, as written. */
  readonly name: string | undefined;
  readonly nameSpan: Span | undefined;
  readonly from: Step;
  /** The base image; undefined when the stage is built FROM an earlier stage (see parent). */
  readonly image: ImageRef | undefined;
  /** Span of the image reference in the FROM line. */
  readonly imageSpan: Span;
  readonly parent: Stage | undefined;
  /** The stage's instructions after FROM. */
  readonly steps: readonly Step[];
  readonly runs: readonly RunStep[];
  /**
   * The stage's `ONBUILD RUN` triggers, read as RUNs at their own place in the file. They do not run
   * here: every image built FROM this one runs them (the trigger's text is also kept in this
   * image's configuration). Rules that judge a command by itself check them; rules that judge the
   * image being built (its user, its final packages) do not.
   */
  readonly triggers: readonly RunStep[];
}

type Range = { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };

export interface DockerfileModel {
  readonly source: DockerfileSource;
  readonly text: string;
  readonly escape: string;
  /** Instructions before the first FROM. */
  readonly preamble: readonly InstructionStep[];
  readonly stages: readonly Stage[];
  readonly final: Stage | undefined;
  /** The stages whose filesystem and configuration the final image inherits: the final stage and the stages it is built FROM. */
  readonly finalChain: readonly Stage[];
  locate(span: Span): Location;
  /** Offsets of a dockerfile-ast range (0-based line and character). */
  spanOf(range: Range): Span;
  /** The instruction's arguments, continuation lines joined. */
  argumentsOf(step: InstructionStep): Arguments;
  /** Replaces $VAR and ${VAR} references by the ARG/ENV values visible at the step; unknown ones stay as written. */
  resolve(value: string, step: Step): string;
}

const models = new WeakMap<DockerfileSource, DockerfileModel>();

export function dockerfileModel(source: DockerfileSource): DockerfileModel {
  let model = models.get(source);
  if (!model) {
    model = buildModel(source);
    models.set(source, model);
  }
  return model;
}

/** Every Dockerfile of the repo with its model. */
export function dockerfileModels(repo: Repo): DockerfileModel[] {
  return repo.dockerfiles.map(dockerfileModel);
}

/**
 * Lets the repo's models go (with every answer computed per model, stage or RUN), once the rules
 * that read them have run; a later reader would build them again. The engine calls it (engine.ts).
 */
export function releaseDockerfileModels(repo: Repo): void {
  for (const source of repo.dockerfiles) models.delete(source);
}

/** Whether the source's model is built and kept (for tests of when models are let go). */
export function hasDockerfileModel(source: DockerfileSource): boolean {
  return models.has(source);
}

function buildModel(source: DockerfileSource): DockerfileModel {
  const text = source.file.text;
  const lines = lineIndexOf(source.file);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offsetOf = (position: { line: number; character: number }) => Math.min(text.length, (lineStarts[position.line] ?? text.length) + position.character);
  const spanOf = (range: Range): Span => ({
    start: offsetOf(range.start),
    end: offsetOf(range.end),
  });
  const escape = source.dockerfile.getEscapeCharacter();

  const preamble: InstructionStep[] = [];
  const stages: Stage[] = [];
  /** Stages by lower-cased name, so a FROM finds its parent without scanning every stage. */
  const stagesByName = new Map<string, Stage>();
  const argumentCache = new WeakMap<InstructionStep, Arguments>();

  const argumentsOf = (step: InstructionStep): Arguments => {
    let args = argumentCache.get(step);
    if (!args) {
      args = splitArguments(logicalText(text, step.keywordSpan.end, step.span.end, escape), FLAGGED_INSTRUCTIONS.has(step.keyword));
      argumentCache.set(step, args);
    }
    return args;
  };

  const globalArgs = new Map<string, string | undefined>();
  /**
   * The variables in effect while walking a stage forward: those after its first `next` steps.
   * Rules resolve values step after step, so each stage's walk is extended, not redone (25,000
   * `COPY --from` in one stage, each re-reading every step before it, took 24 s).
   */
  const walks = new Map<Stage, { vars: Variables; next: number }>();
  /** ARG and ENV values visible at a step: ENV inherited through FROM <stage>, then the stage's own ARG/ENV before it. */
  const variablesAt = (step: Step): VariableLookup => {
    if (step.keyword === 'FROM') return globalArgs;
    const steps = step.stage.steps;
    const target = firstStepFrom(steps, step.span.start);
    let walk = walks.get(step.stage);
    if (!walk || walk.next > target) {
      walk = { vars: new Variables(step.stage.parent && envAtEndOf(step.stage.parent)), next: 0 };
      walks.set(step.stage, walk);
    }
    for (; walk.next < target; walk.next++) addProperties(steps[walk.next]!.instruction, walk.vars, globalArgs);
    return walk.vars;
  };

  /** The ENV values in effect at the end of each stage asked about so far (undefined: none). */
  const envsAtEnd = new Map<Stage, Variables | undefined>();
  /**
   * The ENV values at the end of a stage: those of the stages it is built FROM, root first, then its
   * own, as a layer over its parent's (a stage without ENV shares its parent's layer). Each stage is
   * read once, without recursion: every stage of a chain of 12,000, each built FROM the one before,
   * re-read all of its ancestors (28 s), and a copy of every variable per stage ran out of memory.
   */
  const envAtEndOf = (stage: Stage): Variables | undefined => {
    const path: Stage[] = [];
    let vars: Variables | undefined;
    for (let s: Stage | undefined = stage; s; s = s.parent) {
      if (envsAtEnd.has(s)) {
        vars = envsAtEnd.get(s);
        break;
      }
      path.push(s);
    }
    for (let k = path.length - 1; k >= 0; k--) {
      const ancestor = path[k]!;
      const envs = ancestor.steps.filter((s) => s.keyword === 'ENV');
      if (envs.length > 0) {
        const layer = new Variables(vars);
        for (const env of envs) addProperties(env.instruction, layer, globalArgs);
        vars = layer;
      }
      envsAtEnd.set(ancestor, vars);
    }
    return vars;
  };

  // The stage being filled; its arrays are the ones the (read-only) Stage exposes.
  let current: { stage: Stage; steps: Step[]; runs: RunStep[]; triggers: RunStep[] } | undefined;
  for (const instruction of source.dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const span = spanOf(instruction.getRange());
    const keywordSpan = spanOf(instruction.getInstructionRange());
    if (keyword === 'FROM') {
      // The stage and its FROM step refer to each other; the step gets its stage just below.
      const fromStep = { instruction, keyword, span, keywordSpan } as Step;
      const args = splitArguments(logicalText(text, keywordSpan.end, span.end, escape));
      const imageWord = args.words[0];
      const asIndex = args.words.findIndex((w) => w.value.toLowerCase() === 'as');
      const nameWord = asIndex > 0 ? args.words[asIndex + 1] : undefined;
      const written = imageWord?.value ?? '';
      const reference = substitute(written, globalArgs);
      const parent = stagesByName.get(reference.toLowerCase());
      const stage: Stage = {
        index: stages.length,
        name: nameWord?.value,
        nameSpan: nameWord && { start: nameWord.start, end: nameWord.end },
        from: fromStep,
        image: parent ? undefined : parseImageRef(reference),
        imageSpan: imageWord ? { start: imageWord.start, end: imageWord.end } : keywordSpan,
        parent,
        steps: [],
        runs: [],
        triggers: [],
      };
      // The first stage of a name is the one a later FROM finds (a repeated name is its own finding).
      if (stage.name !== undefined && !stagesByName.has(stage.name.toLowerCase())) stagesByName.set(stage.name.toLowerCase(), stage);
      (fromStep as { stage: Stage }).stage = stage;
      argumentCache.set(fromStep, args);
      current = { stage, steps: stage.steps as Step[], runs: stage.runs as RunStep[], triggers: stage.triggers as RunStep[] };
      stages.push(stage);
      continue;
    }
    if (!current) {
      preamble.push({ instruction, keyword, span, keywordSpan });
      if (instruction instanceof Arg) addProperties(instruction, globalArgs, new Map());
      continue;
    }
    const step: Step = { instruction, keyword, span, keywordSpan, stage: current.stage };
    current.steps.push(step);
    if (instruction instanceof Run) current.runs.push(buildRun(step, instruction, text, escape, spanOf, false));
    else if (instruction instanceof Onbuild) {
      const trigger = onbuildTrigger(instruction);
      if (trigger instanceof Run) {
        const triggerStep: Step = { instruction: trigger, keyword: 'RUN', span: spanOf(trigger.getRange()), keywordSpan: spanOf(trigger.getInstructionRange()), stage: current.stage };
        current.triggers.push(buildRun(triggerStep, trigger, text, escape, spanOf, true));
      }
    }
  }

  const final = stages.at(-1);
  const finalChain: Stage[] = [];
  for (let s = final; s; s = s.parent) finalChain.push(s);

  return {
    source,
    text,
    escape,
    preamble,
    stages,
    final,
    finalChain,
    locate: (span) => lines.location(source.file.path, span.start, Math.max(span.start, span.end - 1)),
    spanOf,
    argumentsOf,
    // Without a `$` there is nothing to substitute (most values): no walk needed.
    resolve: (value, step) => (value.includes('$') ? substitute(value, variablesAt(step)) : value),
  };
}

/** The index of the first step that starts at or after `offset` (steps in file order), by binary search. */
function firstStepFrom(steps: readonly Step[], offset: number): number {
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (steps[middle]!.span.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Variable values as substitute reads them (a Map is one). */
export interface VariableLookup {
  get(name: string): string | undefined;
  has(name: string): boolean;
}

const NOT_FOUND = Symbol('not found');

/**
 * ARG and ENV values: a layer's own over those of the layer it inherits (a stage's over the stages
 * it is built FROM), shared rather than copied. What a lookup finds below a layer is remembered in
 * that layer and in the one it inherits, so the stages of a long chain that ask for the same name
 * ($HOME in each) find it a step or two away instead of walking to the root each time; remembering
 * it in every layer walked through could take memory quadratic in the chain. Inherited layers are
 * complete before anything inherits them; only a layer's own values change.
 */
class Variables implements VariableLookup {
  private readonly own = new Map<string, string | undefined>();
  private readonly found = new Map<string, string | undefined | typeof NOT_FOUND>();

  constructor(private readonly inherited: Variables | undefined) {}

  set(name: string, value: string | undefined): void {
    this.own.set(name, value);
  }

  get(name: string): string | undefined {
    const value = this.find(name);
    return value === NOT_FOUND ? undefined : value;
  }

  has(name: string): boolean {
    return this.find(name) !== NOT_FOUND;
  }

  private find(name: string): string | undefined | typeof NOT_FOUND {
    if (this.own.has(name)) return this.own.get(name);
    if (this.found.has(name)) return this.found.get(name)!;
    let value: string | undefined | typeof NOT_FOUND = NOT_FOUND;
    for (let layer = this.inherited; layer; layer = layer.inherited) {
      if (layer.own.has(name)) {
        value = layer.own.get(name);
        break;
      }
      if (layer.found.has(name)) {
        value = layer.found.get(name)!;
        break;
      }
    }
    this.found.set(name, value);
    if (this.inherited && !this.inherited.own.has(name)) this.inherited.found.set(name, value);
    return value;
  }
}

/** Adds the variables an ARG or ENV instruction defines, their values resolved against those defined before. */
function addProperties(instruction: Instruction, vars: Map<string, string | undefined> | Variables, globalArgs: VariableLookup): void {
  if (!(instruction instanceof Env) && !(instruction instanceof Arg)) return;
  for (const property of instruction.getProperties()) {
    const name = property.getName();
    const value = property.getValue();
    // `ARG NAME` inside a stage brings a global ARG's default into scope.
    if (instruction instanceof Arg && value === null) vars.set(name, vars.get(name) ?? globalArgs.get(name));
    else vars.set(name, value === null ? undefined : substitute(value, vars));
  }
}

/** Replaces $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:+alt} and ${NAME+alt} as Docker does. */
export function substitute(value: string, vars: VariableLookup): string {
  let out = '';
  let copied = 0;
  for (const reference of variableReferences(value)) {
    const { name, modifier, word } = reference;
    const whole = value.slice(reference.start, reference.end);
    const known = vars.get(name);
    const isSet = known !== undefined && (known !== '' || modifier === undefined || !modifier.startsWith(':'));
    const replaced = modifier?.endsWith('-')
      ? isSet ? known! : (word ?? '')
      : modifier?.endsWith('+')
        ? isSet ? (word ?? '') : vars.has(name) ? '' : whole
        : (known ?? whole);
    out += value.slice(copied, reference.start) + replaced;
    copied = reference.end;
  }
  return copied === 0 ? value : out + value.slice(copied);
}

interface VariableReference {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** `-`, `:-`, `+` or `:+` of ${NAME-word} and the others. */
  readonly modifier?: string;
  readonly word?: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * The variable references of the text, left to right, as the regular expression
 * /\$(?:\{(NAME)(?:(:?[-+])([^}]*))?\}|(NAME))/g finds them, in one pass: that expression scans
 * from every `${NAME-` to the next `}`, which is quadratic on many of them without one.
 */
function* variableReferences(text: string): Generator<VariableReference> {
  // The first } at or after the position last asked about (text.length when there is none): the
  // positions asked about only grow, so the text is searched once.
  let brace = -1;
  const braceFrom = (from: number): number => {
    if (brace < from) {
      const found = text.indexOf('}', from);
      brace = found < 0 ? text.length : found;
    }
    return brace;
  };
  const nameEnd = (from: number): number => {
    if (!NAME_START.test(text[from] ?? '')) return from;
    let end = from + 1;
    while (end < text.length && NAME_PART.test(text[end]!)) end++;
    return end;
  };
  let i = text.indexOf('$');
  while (i >= 0 && i < text.length) {
    if (text[i + 1] === '{') {
      const end = nameEnd(i + 2);
      if (end > i + 2) {
        const name = text.slice(i + 2, end);
        if (text[end] === '}') {
          yield { start: i, end: end + 1, name };
          i = text.indexOf('$', end + 1);
          continue;
        }
        const modifier = text[end] === ':' ? text.slice(end, end + 2) : text.slice(end, end + 1);
        if (modifier === '-' || modifier === '+' || modifier === ':-' || modifier === ':+') {
          const close = braceFrom(end + modifier.length);
          if (close < text.length) {
            yield { start: i, end: close + 1, name, modifier, word: text.slice(end + modifier.length, close) };
            i = text.indexOf('$', close + 1);
            continue;
          }
        }
      }
    } else {
      const end = nameEnd(i + 1);
      if (end > i + 1) {
        yield { start: i, end, name: text.slice(i + 1, end) };
        i = text.indexOf('$', end);
        continue;
      }
    }
    i = text.indexOf('$', i + 1);
  }
}

/**
 * The text of [start, end) as Docker reads it: an escape character before a line break joins the
 * lines, and comment or blank lines inside a continued instruction are dropped. With
 * `stopAtLineEnd`, reading stops at the first line break that is not escaped.
 */
function logicalText(text: string, start: number, end: number, escape: string, stopAtLineEnd = false): MappedText {
  // The text is kept in slices between continuations, not character by character.
  let out = '';
  const offsets: number[] = [];
  let from = start;
  let i = start;
  const keep = () => {
    if (i > from) out += text.slice(from, i);
    for (let k = from; k < i; k++) offsets.push(k);
  };
  while (i < end) {
    const c = text[i]!;
    if (c === escape) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r') j++;
      if (text[j] === '\n' || j >= end) {
        keep();
        i = skipContinuationFiller(text, j + 1, end);
        from = i;
        continue;
      }
    }
    if (c === '\n' && stopAtLineEnd) break;
    i++;
  }
  keep();
  return { text: out, offsets };
}

/** Skips the blank and comment lines Docker ignores after a continuation. */
function skipContinuationFiller(text: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < end && text[j] === '#') {
      const lineEnd = text.indexOf('\n', j);
      i = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
    } else if (j < end && (text[j] === '\n' || text[j] === '\r')) {
      i = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
    } else return i;
  }
}

const FLAG = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?$/;
/** Instructions that take --flags before their arguments. */
const FLAGGED_INSTRUCTIONS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);

/** An instruction's leading --flags, where the rest starts, and the rest as a JSON array when it is one. */
interface LeadingFlags {
  readonly flags: readonly Flag[];
  /** Index in the text of the first character after the flags; the text's length when nothing follows them. */
  readonly rest: number;
  /** Span of everything after the flags. */
  readonly span: Span;
  /** The words of the rest, if it is a JSON array of strings (exec form). */
  readonly json: Word[] | undefined;
}

/**
 * Reads the leading --flags (when the instruction takes any) word by word and stops at the first
 * other word: a RUN needs its flags and its form, not its script split at whitespace.
 */
function leadingFlags(args: MappedText, withFlags: boolean): LeadingFlags {
  const { text, offsets } = args;
  const flags: Flag[] = [];
  let i = skipWhitespace(text, 0);
  while (withFlags && i < text.length) {
    const end = wordEnd(text, i);
    const match = FLAG.exec(text.slice(i, end));
    if (!match) break;
    flags.push({ name: match[1]!.toLowerCase(), value: match[2], span: { start: offsets[i]!, end: offsets[end - 1]! + 1 } });
    i = skipWhitespace(text, end);
  }
  if (i >= text.length) return { flags: exactArray(flags), rest: text.length, span: { start: offsets.at(-1) ?? 0, end: offsets.at(-1) ?? 0 }, json: undefined };
  const tailText = text.slice(i).trimEnd();
  const span = { start: offsets[i]!, end: offsets[i + tailText.length - 1]! + 1 };
  // The rest starts at a word, so only one that opens with [ can be a JSON array.
  const json = tailText.startsWith('[') ? jsonStringArray({ text: tailText, offsets: offsets.slice(i) }) : undefined;
  return { flags: exactArray(flags), rest: i, span, json };
}

/** Splits instruction arguments into leading --flags (when the instruction takes any) and words (JSON array or whitespace separated). */
function splitArguments(args: MappedText, withFlags = true): Arguments {
  const { flags, rest, span, json } = leadingFlags(args, withFlags);
  if (json) return { flags, words: json, json: true, span };
  return { flags, words: whitespaceWords(args, rest), json: false, span };
}

const isWhitespace = (c: string) => /\s/.test(c);

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text[i]!)) i++;
  return i;
}

function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isWhitespace(text[i]!)) i++;
  return i;
}

/** The whitespace-separated words of the text from index `from` on. */
function whitespaceWords(args: MappedText, from: number): Word[] {
  const words: Word[] = [];
  const { text, offsets } = args;
  for (let i = skipWhitespace(text, from); i < text.length; i = skipWhitespace(text, i)) {
    const start = i;
    i = wordEnd(text, i);
    const first = offsets[start]!;
    const last = offsets[i - 1]!;
    // Offsets only grow, so a word whose ends are as far apart as its length is contiguous.
    const value = text.slice(start, i);
    words.push(last - first === i - 1 - start ? contiguousWord(value, first, first, last + 1, false) : wordOf(value, offsets.slice(start, i), first, last + 1, false));
  }
  return exactArray(words);
}

/** Parses `["a", "b"]` with the source offset of every decoded character; undefined if it is not a JSON array of strings. */
function jsonStringArray(input: MappedText): Word[] | undefined {
  const { text, offsets } = input;
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  if (text[i] !== '[') return undefined;
  i++;
  const words: Word[] = [];
  skipSpace();
  if (text[i] === ']') return text.slice(i + 1).trim() === '' ? words : undefined;
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return undefined;
    const open = i++;
    let value = '';
    const valueOffsets: number[] = [];
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (next !== undefined && next in simple) {
          value += simple[next];
          valueOffsets.push(offsets[i]!);
          i += 2;
        } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          valueOffsets.push(offsets[i]!);
          i += 6;
        } else return undefined;
      } else {
        if (text.charCodeAt(i) < 0x20) return undefined;
        value += text[i];
        valueOffsets.push(offsets[i]!);
        i++;
      }
    }
    if (text[i] !== '"') return undefined;
    words.push(wordOf(value, valueOffsets, offsets[open]!, offsets[i]! + 1, true));
    i++;
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') return text.slice(i + 1).trim() === '' ? words : undefined;
    return undefined;
  }
}

type SpanOf = (range: Range) => Span;

function buildRun(step: Step, run: Run, text: string, escape: string, spanOf: SpanOf, trigger: boolean): RunStep {
  // dockerfile-ast re-reads the arguments on every call; a RUN without `<<` has no here-document.
  const heredocs = text.slice(step.keywordSpan.end, step.span.end).includes('<<') ? run.getHeredocs() : [];
  const commandLine = logicalText(text, step.keywordSpan.end, step.span.end, escape, heredocs.length > 0);
  const args = leadingFlags(commandLine, true);
  const scripts: MappedText[] = [];
  let form: RunStep['form'];
  if (args.json) {
    form = 'exec';
    const [program, ...rest] = args.json;
    // An exec-form RUN is one command; `["sh", "-c", "..."]` is read as the script it runs.
    if (program) scripts.push(execAsScript(program, rest));
  } else if (heredocs.length > 0) {
    form = 'heredoc';
    const line = sliceFrom(commandLine, args.rest);
    scripts.push(line);
    const firstCall = invocation(commandLineCommands(line)[0] ?? emptyCommand());
    const lineIsShell = !firstCall || SHELLS.has(firstCall.name);
    for (const heredoc of heredocs) {
      const range = heredoc.getContentRange();
      if (!range) continue;
      const span = spanOf(range);
      const body = contiguous(text.slice(span.start, span.end), span.start);
      // A body is a script when nothing else runs it (RUN <<EOF) or a shell does (RUN bash <<EOF);
      // `RUN python3 <<EOF` or `RUN cat <<EOF > file` make it data.
      if (lineIsShell && !hasForeignShebang(body.text)) scripts.push(body);
    }
  } else {
    form = 'shell';
    scripts.push(sliceFrom(commandLine, args.rest));
  }
  const lists: Script[] = exactArray(scripts.flatMap((script) => commandLists(script).map((commands, k) => ({ commands, nested: k > 0 }))));
  const commands = exactArray(lists.flatMap((list) => list.commands));
  const invocations = exactArray(
    commands.flatMap((command) => {
      const call = invocation(command);
      return call ? [call] : [];
    }),
  );
  // One literal with every field: `{ ...step, … }` gave each RUN step a hidden class of its own.
  const { instruction, keyword, span, keywordSpan, stage } = step;
  return { instruction, keyword, span, keywordSpan, stage, flags: args.flags, form, scripts: lists, commands, invocations, trigger };
}

/** The text from index `index` on. */
function sliceFrom(text: MappedText, index: number): MappedText {
  return { text: text.text.slice(index), offsets: text.offsets.slice(index) };
}

function commandLineCommands(line: MappedText): ShellCommand[] {
  return commandLists(line, 0)[0] ?? [];
}

function emptyCommand(): ShellCommand {
  return { words: [], redirects: [], before: undefined, after: undefined, depth: 0, start: 0, end: 0 };
}

function hasForeignShebang(body: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!shebang) return false;
  const program = baseName(shebang[1]!) === 'env' ? (shebang[2] ?? '') : baseName(shebang[1]!);
  return !SHELLS.has(baseName(program));
}

/** An exec-form RUN as a script: the -c script of a shell, else its words joined (they map to their JSON strings). */
function execAsScript(program: Word, rest: readonly Word[]): MappedText {
  if (SHELLS.has(baseName(program.value))) {
    const c = rest.findIndex((w) => isScriptOption(w.value));
    const script = c >= 0 ? rest[c + 1] : undefined;
    if (script) return { text: script.value, offsets: script.offsets };
  }
  // Quote each word so the shell reader sees the same argument vector.
  let out = '';
  const offsets: number[] = [];
  for (const word of [program, ...rest]) {
    if (out) (out += ' '), offsets.push(word.start);
    out += "'";
    offsets.push(word.start);
    for (let k = 0; k < word.value.length; k++) {
      const ch = word.value[k]!;
      if (ch === "'") {
        out += `'\\''`;
        offsets.push(word.offsets[k]!, word.offsets[k]!, word.offsets[k]!, word.offsets[k]!);
      } else {
        out += ch;
        offsets.push(word.offsets[k]!);
      }
    }
    out += "'";
    offsets.push(word.end - 1);
  }
  return { text: out, offsets };
}

/** The USER instruction in effect at the end of a stage: its last USER, else its parent stage's. */
export function effectiveUser(stage: Stage): Step | undefined {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    const user = s.steps.filter((step) => step.keyword === 'USER').at(-1);
    if (user) return user;
  }
  return undefined;
}

/** The user part of a USER instruction (user[:group]), variables resolved where their defaults are known. */
export function userOf(model: DockerfileModel, step: Step): { user: string; span: Span } {
  const args = model.argumentsOf(step);
  const word = args.words[0];
  const written = word?.value ?? '';
  const resolved = model.resolve(written, step);
  return { user: resolved.split(':')[0] ?? '', span: word ? { start: word.start, end: word.end } : step.span };
}

/** The base image of a stage's FROM chain (its root stage's image). */
export function baseImageOf(stage: Stage): ImageRef | undefined {
  return chainRoot(stage)!.image;
}

/**
 * The root of each stage's FROM chain, found once per chain: every RUN and final stage asks, and
 * walking 15,000 stages each built FROM the one before for each of them was quadratic.
 */
const chainRoot = inheritedAlongChain((stage) => (stage.parent ? undefined : stage));

/** The last SHELL instruction in effect at a step (its stage and the stages it is built FROM). */
export function shellAt(model: DockerfileModel, step: Step): string[] | undefined {
  // In the step's own stage, the last SHELL before it; else the last SHELL of the stages it is built FROM.
  const shell = lastBefore(shellStepsOf(step.stage), step.span.start) ?? (step.stage.parent && lastShellOfChain(step.stage.parent));
  return shell ? model.argumentsOf(shell).words.map((w) => w.value) : undefined;
}

/** The SHELL in effect at the end of a stage: its last SHELL, else its parent's (found once per stage). */
const lastShellOfChain = inheritedAlongChain((stage) => shellStepsOf(stage).at(-1));

/**
 * A per-stage answer inherited down a FROM chain: the stage's own (`own`), else its parent's.
 * Computed once per stage without recursion (a chain may be 30,000 stages deep).
 */
export function inheritedAlongChain<T>(own: (stage: Stage) => T | undefined): (stage: Stage) => T | undefined {
  const answers = new WeakMap<Stage, T | undefined>();
  return (stage) => {
    const path: Stage[] = [];
    let answer: T | undefined;
    for (let s: Stage | undefined = stage; s; s = s.parent) {
      if (answers.has(s)) {
        answer = answers.get(s);
        break;
      }
      path.push(s);
      answer = own(s);
      if (answer !== undefined) break;
    }
    for (const s of path) answers.set(s, answer);
    return answer;
  };
}

/** Each stage's SHELL steps in file order, found once: every RUN asks, and a stage may hold 100,000 steps. */
const shellSteps = new WeakMap<Stage, readonly Step[]>();

function shellStepsOf(stage: Stage): readonly Step[] {
  let shells = shellSteps.get(stage);
  if (!shells) {
    shells = stage.steps.filter((candidate) => candidate.keyword === 'SHELL');
    shellSteps.set(stage, shells);
  }
  return shells;
}

/** The last step that starts before `offset` (steps in file order), by binary search. */
function lastBefore(steps: readonly Step[], offset: number): Step | undefined {
  const next = firstStepFrom(steps, offset);
  return next > 0 ? steps[next - 1] : undefined;
}

/**
 * A stage's RUNs and its `ONBUILD RUN` triggers, for rules that judge a command by itself: a trigger's
 * command runs in every image built FROM this one, with the same effect (hadolint checks them too).
 */
export function commandRuns(stage: Stage): readonly RunStep[] {
  return stage.triggers.length === 0 ? stage.runs : [...stage.runs, ...stage.triggers];
}

/** Whether the final image contains this stage's filesystem (it is the final stage or one it is built FROM). */
export function inFinalImage(model: DockerfileModel, stage: Stage): boolean {
  return finalChainSet(model).has(stage);
}

/** The final chain as a set: rules ask for every stage, and a chain may be 12,000 stages long. */
const finalChainSet = oncePer((model: DockerfileModel): ReadonlySet<Stage> => new Set(model.finalChain));

/** A RUN mounts a cache or tmpfs over `path` (so nothing written there stays in the layer). */
export function mountsOver(run: RunStep, path: string): boolean {
  return run.flags.some((flag) => {
    if (flag.name !== 'mount' || !flag.value) return false;
    const options = new Map(flag.value.split(',').map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)] as const));
    const type = options.get('type');
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    return (type === 'cache' || type === 'tmpfs') && target !== undefined && (target === path || path.startsWith(`${target.replace(/\/$/, '')}/`));
  });
}
