// A small POSIX-shell reader for RUN scripts: enough to find the commands a script runs, their
// words (unquoted, with the source offset of every character) and the operators between them.
// It is not a shell: it does not expand variables, globs or aliases. It respects quotes,
// backslash escapes, line continuations, comments, $(...)/`...`/<(...) (kept inside a word),
// redirections (kept apart from a command's words) and here-documents (whose bodies are data,
// never commands).
import { appendAll } from '../../../util/append.js';

/** Text with the source offset of each character, so findings point into the Dockerfile. */
export interface MappedText {
  readonly text: string;
  /** offsets[i] is the source offset of text[i]. */
  readonly offsets: readonly number[];
}

export function contiguous(text: string, start: number): MappedText {
  return { text, offsets: Array.from({ length: text.length }, (_, i) => start + i) };
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

/** Splits a script into simple commands. */
export function splitCommands(script: MappedText): ShellCommand[] {
  return new ShellReader(script).read();
}

const REDIRECT_OPERATORS = ['<<<', '<<-', '&>>', '<<', '>>', '<>', '>|', '>&', '<&', '&>', '<', '>'];

class ShellReader {
  private i = 0;
  private readonly commands: ShellCommand[] = [];
  private words: Word[] = [];
  private redirects: Redirect[] = [];
  private pendingRedirect: string | undefined;
  private pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  private lastOperator: Operator | undefined;
  private depth = 0;
  // The word being read.
  private value = '';
  private valueOffsets: number[] = [];
  private wordStart = -1;
  private wordEnd = -1;
  private quoted = false;

  constructor(private readonly script: MappedText) {}

  read(): ShellCommand[] {
    const { text } = this.script;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.endWord();
        this.i++;
      } else if (c === '\n') {
        this.endWord();
        this.endCommand('\n');
        this.i++;
        this.skipHeredocBodies();
      } else if (c === '#' && this.wordStart < 0) {
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
      } else if (c === '\\') {
        if (text[this.i + 1] === '\n' || this.i + 1 >= text.length) this.i += 2; // a line continuation, or a stray backslash at the end
        else {
          this.take(this.i + 1, this.i, this.i + 2);
          this.quoted = true;
          this.i += 2;
        }
      } else if (c === "'") {
        this.readSingleQuoted();
      } else if (c === '"') {
        this.readDoubleQuoted();
      } else if (c === '`') {
        this.takeRaw(this.i, this.skipBacktick(this.i));
      } else if (c === '$' && (text[this.i + 1] === '(' || text[this.i + 1] === '{')) {
        this.takeRaw(this.i, text[this.i + 1] === '(' ? this.skipBalanced(this.i + 1, '(', ')') : this.skipBalanced(this.i + 1, '{', '}'));
      } else if ((c === '<' || c === '>') && text[this.i + 1] === '(') {
        this.takeRaw(this.i, this.skipBalanced(this.i + 1, '(', ')')); // process substitution
      } else if (this.readOperator()) {
        // consumed
      } else {
        this.take(this.i, this.i, this.i + 1);
        this.i++;
      }
    }
    this.endWord();
    this.endCommand(undefined);
    return this.commands;
  }

  /** Reads a control or redirection operator at the cursor; false if there is none. */
  private readOperator(): boolean {
    const { text } = this.script;
    const rest = text.slice(this.i, this.i + 3);
    const redirect = REDIRECT_OPERATORS.find((op) => rest.startsWith(op));
    if (redirect) {
      // A word of digits right before the operator is its file descriptor (2>&1), not an argument.
      if (this.wordStart >= 0 && !this.quoted && /^\d+$/.test(this.value)) this.resetWord();
      else this.endWord();
      this.i += redirect.length;
      if ((redirect === '>&' || redirect === '<&') && /[\d-]/.test(text[this.i] ?? '')) {
        while (/[\d-]/.test(text[this.i] ?? '')) this.i++;
        this.redirects.push({ operator: redirect, target: undefined });
      } else {
        this.pendingRedirect = redirect;
      }
      return true;
    }
    const control = (['&&', '||', '|&', ';;', '|', ';', '&', '(', ')'] as const).find((op) => rest.startsWith(op));
    if (!control) return false;
    this.endWord();
    this.i += control.length;
    if (control === '(') {
      this.endCommand(this.lastOperator);
      this.depth++;
    } else if (control === ')') {
      this.endCommand(undefined);
      this.depth = Math.max(0, this.depth - 1);
    } else {
      this.endCommand(control === ';;' ? ';' : control);
    }
    return true;
  }

  private readSingleQuoted(): void {
    const { text } = this.script;
    const open = this.i;
    this.markStart(open);
    this.quoted = true;
    let j = open + 1;
    while (j < text.length && text[j] !== "'") this.take(j, j, j + 1), j++;
    this.i = Math.min(j + 1, text.length);
    this.markEnd(this.i);
  }

  private readDoubleQuoted(): void {
    const { text } = this.script;
    this.markStart(this.i);
    this.quoted = true;
    let j = this.i + 1;
    while (j < text.length && text[j] !== '"') {
      const c = text[j]!;
      if (c === '\\' && j + 1 < text.length) {
        const next = text[j + 1]!;
        if (next === '\n') j += 2;
        else if ('$`"\\'.includes(next)) this.take(j + 1, j, j + 2), (j += 2);
        else this.take(j, j, j + 1), j++;
      } else if (c === '$' && text[j + 1] === '(') {
        const end = this.skipBalanced(j + 1, '(', ')');
        this.takeRange(j, end);
        j = end;
      } else if (c === '`') {
        const end = this.skipBacktick(j);
        this.takeRange(j, end);
        j = end;
      } else {
        this.take(j, j, j + 1);
        j++;
      }
    }
    this.i = Math.min(j + 1, text.length);
    this.markEnd(this.i);
  }

  /** Index just after the bracket that closes the one at `open`, respecting quotes. */
  private skipBalanced(open: number, opening: string, closing: string): number {
    const { text } = this.script;
    let depth = 0;
    let j = open;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '\\') j += 2;
      else if (c === "'") {
        const close = text.indexOf("'", j + 1);
        j = close < 0 ? text.length : close + 1;
      } else if (c === '"') {
        j++;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        j++;
      } else {
        if (c === opening) depth++;
        else if (c === closing && --depth === 0) return j + 1;
        j++;
      }
    }
    return text.length;
  }

  private skipBacktick(open: number): number {
    const { text } = this.script;
    let j = open + 1;
    while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, text.length);
  }

  /** Skips the bodies of here-documents whose operators appeared on the line just ended. */
  private skipHeredocBodies(): void {
    const { text } = this.script;
    for (const { delimiter, stripTabs } of this.pendingHeredocs) {
      while (this.i < text.length) {
        const lineEnd = text.indexOf('\n', this.i);
        const end = lineEnd < 0 ? text.length : lineEnd;
        const line = text.slice(this.i, end);
        this.i = end + 1;
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
      }
    }
    this.pendingHeredocs = [];
    this.i = Math.min(this.i, text.length);
  }

  private markStart(at: number): void {
    if (this.wordStart < 0) this.wordStart = this.script.offsets[at] ?? at;
  }

  private markEnd(atExclusive: number): void {
    const last = this.script.offsets[atExclusive - 1];
    if (last !== undefined) this.wordEnd = last + 1;
  }

  /** Adds text[index] to the word; the word spans raw characters [rawStart, rawEnd). */
  private take(index: number, rawStart: number, rawEnd: number): void {
    this.markStart(rawStart);
    this.value += this.script.text[index]!;
    this.valueOffsets.push(this.script.offsets[index]!);
    this.markEnd(rawEnd);
  }

  private takeRange(from: number, to: number): void {
    for (let k = from; k < to; k++) this.take(k, k, k + 1);
  }

  /** Adds a substitution as written; it counts as quoted so it is never taken for an operator. */
  private takeRaw(from: number, to: number): void {
    this.takeRange(from, to);
    this.quoted = true;
    this.i = to;
  }

  private resetWord(): void {
    this.value = '';
    this.valueOffsets = [];
    this.wordStart = -1;
    this.wordEnd = -1;
    this.quoted = false;
  }

  private endWord(): void {
    if (this.wordStart < 0) return;
    const word: Word = { value: this.value, offsets: this.valueOffsets, start: this.wordStart, end: this.wordEnd, quoted: this.quoted };
    this.resetWord();
    if (this.pendingRedirect) {
      const operator = this.pendingRedirect;
      this.pendingRedirect = undefined;
      this.redirects.push({ operator, target: word });
      if (operator === '<<' || operator === '<<-') this.pendingHeredocs.push({ delimiter: word.value, stripTabs: operator === '<<-' });
      return;
    }
    this.words.push(word);
  }

  private endCommand(operator: Operator | undefined): void {
    if (this.words.length > 0 || this.redirects.length > 0) {
      // A loop, not Math.min(...spans): a command of 170,000 continued words would overflow the stack.
      let start = Infinity;
      let end = -Infinity;
      for (const span of [...this.words, ...this.redirects.flatMap((r) => (r.target ? [r.target] : []))]) {
        start = Math.min(start, span.start);
        end = Math.max(end, span.end);
      }
      this.commands.push({
        words: this.words,
        redirects: this.redirects,
        before: this.lastOperator,
        after: operator,
        depth: this.depth,
        start,
        end,
      });
    }
    this.words = [];
    this.redirects = [];
    this.pendingRedirect = undefined;
    this.lastOperator = operator;
  }
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

export function invocation(command: ShellCommand): Invocation | undefined {
  const words = command.words;
  const wrappers: Word[] = [];
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
    const isQuery = baseName(word.value) === 'command' && words.slice(k + 1).some((w) => w.value === '-v' || w.value === '-V');
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
  return { name: baseName(nameWord.value), nameWord, args: words.slice(k + 1), wrappers, command };
}

export const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

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
    if (/^-[a-z]*c[a-z]*$/.test(value)) {
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
