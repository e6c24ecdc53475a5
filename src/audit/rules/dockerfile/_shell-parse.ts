// RUN scripts split into simple commands by a real shell parser (unbash), with every word's
// characters mapped back to their offsets in the Dockerfile (fixes and findings point there).
// Quotes are removed as the shell removes them; variables and substitutions are kept as written;
// redirections are kept apart from a command's words; here-document bodies are data; `( … )`
// subshells count as depth. Compound commands (if, for, while, case, { … }, functions) contribute
// the commands they run, without their keywords.
import type { CommandNode, CompoundList, PipelineNode, Statement, Word as ShellWord, WordPart } from 'unbash';
import { parseShell } from '../../support/shell-parse.js';
import type { MappedText, Operator, Redirect, ShellCommand, Word } from './_shell.js';
import { contiguousWord, wordOf } from './_word.js';
import { exactArray } from '../../../util/exact-array.js';

/** Scripts above this size are not split (the parser is linear; this bounds memory). */
const MAX_SCRIPT = 4 * 1024 * 1024;

export function parseCommands(script: MappedText): ShellCommand[] {
  if (script.text.length > MAX_SCRIPT || script.text.trim() === '') return [];
  const splitter = new Splitter(script);
  splitter.statements(parseShell(script.text).commands, 0);
  return splitter.finish();
}

interface Pending {
  readonly words: Word[];
  readonly redirects: Redirect[];
  readonly depth: number;
  readonly before: Operator | undefined;
  after: Operator | undefined;
}

class Splitter {
  private readonly out: Pending[] = [];
  private lastOperator: Operator | undefined;

  constructor(private readonly script: MappedText) {}

  finish(): ShellCommand[] {
    return this.out.map((command) => {
      let start = Infinity;
      let end = -Infinity;
      // A loop, not Math.min(...spans): a command of 170,000 words would overflow the stack.
      for (const span of [...command.words, ...command.redirects.flatMap((r) => (r.target ? [r.target] : []))]) {
        start = Math.min(start, span.start);
        end = Math.max(end, span.end);
      }
      return { words: command.words, redirects: command.redirects, before: command.before, after: command.after, depth: command.depth, start, end };
    });
  }

  statements(list: readonly Statement[], depth: number): void {
    for (const statement of list) {
      this.andOr(statement.command, depth);
      this.separate(statement.background ? '&' : this.separatorAfter(statement.end));
    }
  }

  private compound(list: CompoundList | undefined, depth: number): void {
    if (list) this.statements(list.commands, depth);
  }

  /** `a && b || c` of pipelines, each `a | b` of commands: the operators go between them. */
  private andOr(node: Statement['command'], depth: number): void {
    if (node.type !== 'AndOr') return this.pipeline(node, depth);
    this.sequence(node.commands, node.operators, (command) => this.pipeline(command, depth));
  }

  private pipeline(node: PipelineNode, depth: number): void {
    if (node.type !== 'Pipeline') return this.command(node, depth);
    this.sequence(node.commands, node.operators, (command) => this.command(command, depth));
  }

  private sequence<T>(items: readonly T[], operators: readonly Operator[], each: (item: T) => void): void {
    items.forEach((item, index) => {
      each(item);
      const operator = operators[index];
      if (operator) this.separate(operator);
    });
  }

  private command(node: CommandNode, depth: number): void {
    switch (node.type) {
      case 'Command': {
        const words: Word[] = [];
        const redirects: Redirect[] = [];
        const take = (item: (typeof node.prefix)[number] | NonNullable<typeof node.name>) => {
          if (item.type === 'Word') words.push(this.word(item));
          else if (item.type === 'Assignment') words.push(this.assignment(item));
          else if (item.type === 'Redirect') redirects.push(this.redirect(item));
        };
        for (const item of node.prefix) take(item);
        if (node.name) take(node.name);
        for (const item of node.suffix) take(item);
        // Nearly always in source order already; sorting anyway made a copy per command.
        if (!inSourceOrder(words)) words.sort((a, b) => a.start - b.start);
        if (words.length > 0 || redirects.length > 0) this.out.push({ words: exactArray(words), redirects: exactArray(redirects), depth, before: this.lastOperator, after: undefined });
        return;
      }
      case 'Subshell':
        return this.compound(node.body, depth + 1);
      case 'BraceGroup':
      case 'For':
      case 'Select':
      case 'ArithmeticFor':
        return this.compound(node.body, depth);
      case 'While':
        this.compound(node.clause, depth);
        return this.compound(node.body, depth);
      case 'If':
        this.compound(node.clause, depth);
        this.compound(node.then, depth);
        for (const elif of node.elif) {
          this.compound(elif.clause, depth);
          this.compound(elif.then, depth);
        }
        return this.compound(node.else, depth);
      case 'Case':
        for (const item of node.items) this.compound(item.body, depth);
        return;
      case 'Function':
        if (node.body.type === 'CompoundList') return this.compound(node.body, depth);
        return this.command(node.body, depth);
      case 'Coproc':
        if (node.body.type === 'CompoundList') return this.compound(node.body, depth);
        return this.command(node.body, depth);
      case 'Redirected':
        return this.command(node.command, depth);
      default:
        // [[ … ]] and (( … )) test and compute; they run no program.
        return;
    }
  }

  /** The operator that ends the command just emitted: the next one's `before`. */
  private separate(operator: Operator | undefined): void {
    const last = this.out.at(-1);
    if (last && last.after === undefined && operator !== undefined) last.after = operator;
    this.lastOperator = operator;
  }

  /** `;`, `&` or a newline after a statement (its own text ends before them). */
  private separatorAfter(end: number): Operator | undefined {
    const { text } = this.script;
    for (let i = end; i < text.length; i++) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === ';') return text[i + 1] === ';' ? undefined : ';';
      if (c === '&') return '&';
      if (c === '\n' || c === '#') return '\n';
      return undefined;
    }
    return undefined;
  }

  private redirect(item: { readonly operator: string; readonly target?: ShellWord | undefined }): Redirect {
    const operator = item.operator;
    // `2>&1`, `>&-`: a file descriptor, not a file.
    if ((operator === '>&' || operator === '<&') && item.target && /^[\d-]+$/.test(item.target.value)) return { operator, target: undefined };
    return { operator, target: item.target ? this.word(item.target) : undefined };
  }

  private assignment(item: { readonly pos: number; readonly end: number; readonly name: string; readonly value: ShellWord | { readonly type: 'ArrayValue' } | undefined }): Word {
    const chars = new Chars(this.script);
    for (let i = 0; i <= item.name.length; i++) chars.take(item.pos + i); // NAME=
    if (item.value?.type === 'Word') chars.append(this.word(item.value));
    else chars.raw(item.pos + item.name.length + 1, item.end);
    return chars.word(item.pos, item.end);
  }

  private word(word: ShellWord): Word {
    const chars = new Chars(this.script);
    if (!word.parts) chars.unquoted(word.pos, word.end);
    else for (const part of word.parts) this.part(chars, part, false);
    return chars.word(word.pos, word.end);
  }

  private part(chars: Chars, part: WordPart, inDoubleQuotes: boolean): void {
    switch (part.type) {
      case 'Literal':
        if (inDoubleQuotes) chars.doubleQuoted(part.pos, part.end);
        else chars.unquoted(part.pos, part.end);
        return;
      case 'SingleQuoted':
        chars.quoted = true;
        chars.raw(part.pos + 1, part.end - 1);
        return;
      case 'DoubleQuoted':
      case 'LocaleString': {
        chars.quoted = true;
        const children = part.parts as readonly WordPart[];
        if (children.length === 0) return;
        for (const child of children) this.part(chars, child, true);
        return;
      }
      case 'AnsiCQuoted': {
        // $'…' as written inside its quotes (escapes not decoded, as for other expansions).
        chars.quoted = true;
        chars.take(part.pos);
        const close = this.script.text[part.end - 1] === "'" && part.end - 1 > part.pos + 1 ? part.end - 1 : part.end;
        chars.raw(part.pos + 2, close);
        return;
      }
      case 'SimpleExpansion':
      case 'Glob':
      case 'ExtendedGlob':
      case 'BraceExpansion':
        chars.raw(part.pos, part.end);
        return;
      default:
        // ${…}, $(…), `…`, $((…)), <(…): kept as written, and never an operator or keyword.
        chars.quoted = true;
        chars.raw(part.pos, part.end);
        return;
    }
  }
}

function inSourceOrder(words: readonly Word[]): boolean {
  for (let k = 1; k < words.length; k++) if (words[k]!.start < words[k - 1]!.start) return false;
  return true;
}

/**
 * A word being assembled: its characters (after quote removal) and their source offsets. Characters
 * taken one after another are added to the value with one slice, and the offsets are only written
 * out once they stop following each other (most words never do): per-character string appends and
 * offset arrays made a third of the Dockerfile model's allocations (issue 9).
 */
class Chars {
  quoted = false;
  /** The characters taken so far, up to the pending run (read through word()). */
  private value = '';
  /** How many characters have a source offset noted (those in `value` and the pending run). */
  private count = 0;
  /** The source offset of the first character. */
  private first = 0;
  /** Every character's source offset, once they are not `first, first + 1, …`. */
  private offsets: number[] | undefined;
  /** Script indices [runFrom, runTo) taken but not yet sliced into `value`. */
  private runFrom = 0;
  private runTo = 0;
  /** The last script index taken. */
  private lastIndex = -1;

  constructor(private readonly script: MappedText) {}

  take(index: number): void {
    // A character is taken once: unbash can give a word overlapping parts (`$@(` is `$@` and `@(`).
    if (index < 0 || index >= this.script.text.length || index <= this.lastIndex) return;
    this.lastIndex = index;
    if (index !== this.runTo) {
      this.flush();
      this.runFrom = index;
    }
    this.runTo = index + 1;
    this.note(this.script.offsets[index]!);
  }

  raw(from: number, to: number): void {
    for (let i = from; i < to; i++) this.take(i);
  }

  /** Unquoted text: a backslash escapes the next character; backslash-newline joins lines. */
  unquoted(from: number, to: number): void {
    const { text } = this.script;
    for (let i = from; i < to; i++) {
      if (text[i] === '\\' && i + 1 < to) {
        this.quoted = true;
        if (text[i + 1] !== '\n') this.take(i + 1);
        i++;
      } else this.take(i);
    }
  }

  /** Text inside double quotes: a backslash escapes only $ ` " \ and newline. */
  doubleQuoted(from: number, to: number): void {
    const { text } = this.script;
    for (let i = from; i < to; i++) {
      const next = text[i + 1];
      if (text[i] === '\\' && i + 1 < to && next !== undefined && '$`"\\\n'.includes(next)) {
        if (next !== '\n') this.take(i + 1);
        i++;
      } else this.take(i);
    }
  }

  append(word: Word): void {
    this.flush();
    this.value += word.value;
    for (const offset of word.offsets) this.note(offset);
    this.quoted ||= word.quoted;
  }

  word(pos: number, end: number): Word {
    this.flush();
    const { offsets, text } = this.script;
    // unbash can end a word past the script (an unclosed `${` at its end): the word ends with it.
    const stop = Math.min(end, text.length);
    const start = offsets[pos] ?? pos;
    const last = offsets[Math.max(pos, stop - 1)] ?? stop - 1;
    if (this.offsets === undefined && this.count > 0 && this.count === this.value.length) return contiguousWord(this.value, this.first, start, last + 1, this.quoted);
    return wordOf(this.value, this.offsets ?? this.counted(), start, last + 1, this.quoted);
  }

  private note(offset: number): void {
    if (this.offsets) this.offsets.push(offset);
    else if (this.count === 0) this.first = offset;
    else if (offset !== this.first + this.count) {
      this.offsets = this.counted();
      this.offsets.push(offset);
    }
    this.count++;
  }

  /** `first, first + 1, …` for the characters noted so far. */
  private counted(): number[] {
    const offsets = new Array<number>(this.count);
    for (let k = 0; k < this.count; k++) offsets[k] = this.first + k;
    return offsets;
  }

  private flush(): void {
    if (this.runTo > this.runFrom) this.value += this.script.text.slice(this.runFrom, this.runTo);
    this.runFrom = this.runTo;
  }
}
