// RUN scripts as commands: the types rules read (words unquoted, with the source offset of every
// character; the operators between commands), split by a real shell parser (_shell-parse.ts), and
// what rules ask of a command: the program it runs under its wrappers, the script of `sh -c`,
// its pipelines and options. Nothing is expanded: variables, globs and aliases stay as written.
import { appendAll } from '../../../util/append.js';
import { parseCommands } from './_shell-parse.js';
import { exactArray } from '../../../util/exact-array.js';
import { oncePer } from '../../../util/memo.js';

/** Text with the source offset of each character, so findings point into the Dockerfile. */
export interface MappedText {
  readonly text: string;
  /** offsets[i] is the source offset of text[i]. */
  readonly offsets: readonly number[];
}

export function contiguous(text: string, start: number): MappedText {
  const offsets = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) offsets[i] = start + i;
  return { text, offsets };
}

export interface Word {
  /** The word after quote removal (variables and substitutions are left as written). */
  readonly value: string;
  /** Source offset of each character of `value`. */
  readonly offsets: readonly number[];
  /** Source offset of the word's first character, quotes included. */
  readonly start: number;
  /** Source offset just after the word's last character, quotes included. */
  readonly end: number;
  /** Whether any part of the word was quoted or escaped (so it is not an operator or keyword). */
  readonly quoted: boolean;
}

export type Operator = '&&' | '||' | '|' | '|&' | ';' | '&' | '\n';

export interface Redirect {
  readonly operator: string;
  readonly target: Word | undefined;
}

export interface ShellCommand {
  /** The command's words, without redirections. */
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  /** The operator that ends the previous command, if any. */
  readonly before: Operator | undefined;
  /** The operator that ends this command, if any. */
  readonly after: Operator | undefined;
  /** Nesting depth in ( ... ) subshells. */
  readonly depth: number;
  readonly start: number;
  readonly end: number;
}

/** Splits a script into simple commands, as a POSIX shell parses it (unbash; see _shell-parse.ts). */
export function splitCommands(script: MappedText): ShellCommand[] {
  return parseCommands(script);
}

/** A command with its prefixes peeled off: `sudo -E env X=1 /usr/bin/apt-get install -y foo`. */
export interface Invocation {
  /** The program's base name (apt-get for /usr/bin/apt-get). */
  readonly name: string;
  readonly nameWord: Word;
  readonly args: readonly Word[];
  /** Wrappers that ran it (sudo, env, nice, ...), outermost first. */
  readonly wrappers: readonly Word[];
  readonly command: ShellCommand;
}

const RESERVED_PREFIXES = new Set(['!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '{', '}']);
const NOT_A_COMMAND = new Set(['for', 'case', 'select', 'function', 'in', 'esac', 'fi', 'done', '[[', ']]']);
/** Wrappers and how many of their non-option words precede the wrapped command. */
const WRAPPERS: Readonly<Record<string, { readonly optionsWithValue: readonly string[]; readonly positional: number }>> = {
  sudo: { optionsWithValue: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-R', '-T'], positional: 0 },
  doas: { optionsWithValue: ['-u', '-C'], positional: 0 },
  env: { optionsWithValue: ['-u', '-C', '-S'], positional: 0 },
  nice: { optionsWithValue: ['-n'], positional: 0 },
  nohup: { optionsWithValue: [], positional: 0 },
  time: { optionsWithValue: ['-f', '-o'], positional: 0 },
  exec: { optionsWithValue: ['-a'], positional: 0 },
  command: { optionsWithValue: [], positional: 0 },
  timeout: { optionsWithValue: ['-k', '-s'], positional: 1 },
  gosu: { optionsWithValue: [], positional: 1 },
  'su-exec': { optionsWithValue: [], positional: 1 },
  stdbuf: { optionsWithValue: ['-i', '-o', '-e'], positional: 0 },
};
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/**
 * The program a command runs, under its wrappers (sudo, env, timeout…); undefined for an assignment
 * alone, a keyword or a query such as `command -v`. Read once per command: several rules ask.
 */
export const invocation = oncePer(findInvocation);

function findInvocation(command: ShellCommand): Invocation | undefined {
  const words = command.words;
  const wrappers: Word[] = [];
  // The last -v or -V of the command, found once (each `command` of `command command … -v` used to
  // search the words after it: quadratic).
  let lastQueryOption: number | undefined;
  const queriedAfter = (k: number) => {
    if (lastQueryOption === undefined) {
      lastQueryOption = words.length - 1;
      while (lastQueryOption >= 0 && words[lastQueryOption]!.value !== '-v' && words[lastQueryOption]!.value !== '-V') lastQueryOption--;
    }
    return lastQueryOption > k;
  };
  let k = 0;
  while (k < words.length) {
    const word = words[k]!;
    if (!word.quoted && RESERVED_PREFIXES.has(word.value)) {
      k++;
      continue;
    }
    if (!word.quoted && NOT_A_COMMAND.has(word.value)) return undefined;
    if (ASSIGNMENT.test(word.value)) {
      k++;
      continue;
    }
    const wrapper = WRAPPERS[baseName(word.value)];
    // `command -v x` asks where x is; it does not run it.
    const isQuery = baseName(word.value) === 'command' && queriedAfter(k);
    if (!wrapper || isQuery) break;
    wrappers.push(word);
    k++;
    let positional = wrapper.positional;
    while (k < words.length) {
      const next = words[k]!.value;
      if (next === '--') {
        k++;
        break;
      }
      if (next.startsWith('-') && next.length > 1) {
        k += wrapper.optionsWithValue.includes(next) ? 2 : 1;
      } else if (baseName(word.value) === 'env' && ASSIGNMENT.test(next)) {
        k++;
      } else if (positional > 0) {
        positional--;
        k++;
      } else break;
    }
  }
  const nameWord = words[k];
  if (!nameWord) return undefined;
  return { name: baseName(nameWord.value), nameWord, args: words.slice(k + 1), wrappers: exactArray(wrappers), command };
}

export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

/**
 * `-c`, `-ec`, `-lc`: a cluster of a shell's short options that includes c, the one that takes the
 * script. (As the regular expression /^-[a-z]*c[a-z]*$/ it was quadratic on a long word of c's.)
 */
export function isScriptOption(word: string): boolean {
  return /^-[a-z]+$/.test(word) && word.includes('c');
}

/** The script of `sh -c '...'` (or bash -ec, ...), as mapped text, if this invocation runs one. */
export function inlineScript(call: Invocation): MappedText | undefined {
  if (!SHELLS.has(call.name)) return undefined;
  const args = call.name === 'busybox' && call.args[0] && SHELLS.has(call.args[0].value) ? call.args.slice(1) : call.args;
  for (let k = 0; k < args.length; k++) {
    const value = args[k]!.value;
    if (value === '-o' || value === '+o') {
      k++;
      continue;
    }
    if (isScriptOption(value)) {
      const script = args.slice(k + 1).find((w) => !w.value.startsWith('-') || w.value === '-');
      return script ? { text: script.value, offsets: script.offsets } : undefined;
    }
    if (!value.startsWith('-')) return undefined;
  }
  return undefined;
}

/** A script split into commands, followed by the scripts of its `sh -c '...'` commands, nested up to `depth` levels. */
export function commandLists(script: MappedText, depth = 3): ShellCommand[][] {
  const commands = splitCommands(script);
  const lists = [commands];
  if (depth === 0) return lists;
  for (const command of commands) {
    const call = invocation(command);
    const inner = call && inlineScript(call);
    if (inner) appendAll(lists, commandLists(inner, depth - 1));
  }
  return lists;
}

/** The commands of one script joined by pipes: `a | b | c` is one pipeline of three commands. */
export function pipelines(commands: readonly ShellCommand[]): ShellCommand[][] {
  const result: ShellCommand[][] = [];
  for (const command of commands) {
    const last = result.at(-1);
    if (last && (command.before === '|' || command.before === '|&')) last.push(command);
    else result.push([command]);
  }
  return result;
}

/** Whether a short-option cluster or long option is present: hasOption(args, 'y', '--yes') matches -y, -qy, --yes. */
export function hasOption(args: readonly Word[], short: string | undefined, ...long: string[]): boolean {
  return args.some((arg) => {
    const value = arg.value;
    if (value.startsWith('--')) return long.some((name) => value === name || value.startsWith(`${name}=`));
    return short !== undefined && /^-[A-Za-z0-9]+$/.test(value) && value.slice(1).includes(short);
  });
}
