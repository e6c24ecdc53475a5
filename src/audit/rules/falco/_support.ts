// Shared by the falco rules: the items of a rules file with their positions, and a small reader of
// Falco condition expressions. The reader does not validate conditions (only Falco can, with its
// field tables); it classifies tokens so rules can ask "which macros does this reference, which
// fields does it test with which values". On anything it does not understand it stops and returns
// what it was sure of, so a rule never reports from a guess.
import { isScalar, type Node } from 'yaml';
import { lineIndexOf } from '../../parse.js';
import type { Location, Repo, YamlDocument } from '../../types.js';

export type FalcoKind = 'rule' | 'macro' | 'list';

export interface FalcoItem {
  readonly document: YamlDocument;
  /** Index of the item in the file's top-level list. */
  readonly index: number;
  readonly kind: FalcoKind;
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** Where the value of one of the item's keys is (the item itself when the key is absent). */
  locate(key?: string, part?: 'key' | 'value'): Location;
}

/** Every rule, macro and list item of every Falco rules file in the repository. */
export function falcoItems(repo: Repo): FalcoItem[] {
  return repo.falcoRules.flatMap((document) => itemsOf(document));
}

export function itemsOf(document: YamlDocument): FalcoItem[] {
  if (!Array.isArray(document.data)) return [];
  const items: FalcoItem[] = [];
  document.data.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return;
    const fields = entry as Record<string, unknown>;
    const kind = (['rule', 'macro', 'list'] as const).find((key) => typeof fields[key] === 'string');
    if (!kind) return;
    items.push({
      document,
      index,
      kind,
      name: fields[kind] as string,
      fields,
      locate: (key, part) => document.locate(key === undefined ? [index] : [index, key], part),
    });
  });
  return items;
}

/** Whether an item belongs to the syscall source (the default), where the stock macros and lists live. */
export function isSyscallSource(item: FalcoItem): boolean {
  return item.fields.source === undefined || item.fields.source === 'syscall';
}

// ---------------------------------------------------------------------------------------------
// Conditions

export interface Reference {
  readonly name: string;
  /** Offset of the name in the condition string. */
  readonly offset: number;
  /** Under an odd number of `not`: the condition holds when this does not. */
  readonly negated: boolean;
}

export interface FieldTest {
  /** The field, with any argument: proc.name, proc.aname[2], evt.arg.flags. */
  readonly field: string;
  /** = != < <= > >= contains icontains startswith ... in intersects pmatch exists. */
  readonly operator: string;
  /** Literal values (quotes removed) or list names, as written. */
  readonly values: readonly string[];
  readonly negated: boolean;
}

export interface ConditionFacts {
  /** Bare identifiers in expression position: references to macros. */
  readonly macros: readonly Reference[];
  /** Identifier-shaped items of in (...) / intersects (...) / pmatch (...): list names or literals. */
  readonly listItems: readonly Reference[];
  readonly tests: readonly FieldTest[];
  /** Whether the whole condition was understood (false: the lists above stop where reading stopped). */
  readonly complete: boolean;
}

interface Token {
  readonly kind: 'word' | 'string' | 'op' | '(' | ')' | ',';
  readonly text: string;
  readonly offset: number;
}

const COMPARISONS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);
const WORD_OPERATORS = new Set([
  'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch',
]);
const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readCondition(condition: string): ConditionFacts {
  const reader = new ConditionReader(tokenize(condition));
  let complete = true;
  try {
    reader.expression();
    if (!reader.done()) complete = false;
  } catch {
    complete = false;
  }
  return { macros: reader.macros, listItems: reader.listItems, tests: reader.tests, complete };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, offset: i });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', text: value, offset: i });
      i = j + 1;
    } else if ('=!<>'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op, offset: i });
      i += op.length;
    } else {
      let j = i;
      let depth = 0; // a field argument such as proc.aname[2] or a value such as runc:[0:PARENT]
      while (j < text.length) {
        const d = text[j]!;
        if (d === '[') depth++;
        else if (d === ']') depth = Math.max(0, depth - 1);
        else if (depth === 0 && (/\s/.test(d) || '(),"\'=!<>'.includes(d))) break;
        j++;
      }
      tokens.push({ kind: 'word', text: text.slice(i, j), offset: i });
      i = j;
    }
  }
  return tokens;
}

/** Recursive descent over `not`, `and`, `or`, parentheses, field tests and macro references. */
class ConditionReader {
  readonly macros: Reference[] = [];
  readonly listItems: Reference[] = [];
  readonly tests: FieldTest[] = [];
  private position = 0;
  private negated = false;

  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.position >= this.tokens.length;
  }

  expression(): void {
    this.conjunction();
    while (this.peekWord('or')) {
      this.position++;
      this.conjunction();
    }
  }

  private conjunction(): void {
    this.negation();
    while (this.peekWord('and')) {
      this.position++;
      this.negation();
    }
  }

  private negation(): void {
    if (this.peekWord('not')) {
      this.position++;
      this.negated = !this.negated;
      this.negation();
      this.negated = !this.negated;
    } else {
      this.primary();
    }
  }

  private primary(): void {
    const token = this.next();
    if (token.kind === '(') {
      this.expression();
      this.expect(')');
      return;
    }
    if (token.kind !== 'word' || ['and', 'or', 'not'].includes(token.text)) throw new Error(`unexpected ${token.text}`);
    let field = token.text;
    if (this.peek()?.kind === '(') field = this.transformed(field); // tolower(proc.name)
    const after = this.peek();
    if (after?.kind === 'word' && after.text === 'exists') {
      this.position++;
      this.tests.push({ field, operator: 'exists', values: [], negated: this.negated });
    } else if (after && ((after.kind === 'op' && COMPARISONS.has(after.text)) || (after.kind === 'word' && WORD_OPERATORS.has(after.text)))) {
      this.position++;
      this.tests.push({ field, operator: after.text, values: LIST_OPERATORS.has(after.text) ? this.list() : [this.value()], negated: this.negated });
    } else if (IDENTIFIER.test(field)) {
      this.macros.push({ name: field, offset: token.offset, negated: this.negated });
    } else {
      throw new Error(`a field without an operator: ${field}`);
    }
  }

  /** `name(argument)`, possibly nested; returns the innermost field. */
  private transformed(name: string): string {
    this.expect('(');
    const inner = this.next();
    if (inner.kind !== 'word') throw new Error(`unexpected ${inner.text} in ${name}()`);
    const field = this.peek()?.kind === '(' ? this.transformed(inner.text) : inner.text;
    this.expect(')');
    return field;
  }

  private value(): string {
    const token = this.next();
    if (token.kind === 'string' || (token.kind === 'op' && (token.text === '<' || token.text === '>'))) return token.text; // evt.dir=<
    if (token.kind !== 'word') throw new Error(`unexpected ${token.text} as a value`);
    if (this.peek()?.kind === '(') return this.transformed(token.text); // val(proc.pname)
    return token.text;
  }

  private list(): string[] {
    if (this.peek()?.kind !== '(') return [this.value()]; // `in list_name` without parentheses
    this.position++;
    const values: string[] = [];
    while (this.peek()?.kind !== ')') {
      const token = this.next();
      if (token.kind === ',') continue;
      if (token.kind !== 'word' && token.kind !== 'string') throw new Error(`unexpected ${token.text} in a list`);
      if (token.kind === 'word' && IDENTIFIER.test(token.text)) this.listItems.push({ name: token.text, offset: token.offset, negated: this.negated });
      values.push(token.text);
    }
    this.position++;
    return values;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private peekWord(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text === word;
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new Error('unexpected end of condition');
    return token;
  }

  private expect(kind: Token['kind']): void {
    if (this.next().kind !== kind) throw new Error(`expected ${kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Positions inside a condition

/**
 * The source position of the n-th occurrence of a name in an item's condition. The YAML value may
 * be folded (`condition: >`), which changes whitespace but never the order of words, so the n-th
 * occurrence of the name in the value is the n-th in the source. Falls back to the value's start.
 */
export function locateInCondition(item: FalcoItem, key: string, condition: string, reference: Reference): Location {
  const fallback = item.locate(key);
  const node = item.document.document.getIn([item.index, key], true) as Node | undefined;
  const range = isScalar(node) ? node.range : undefined;
  if (!range) return fallback;
  const occurrence = occurrencesOf(condition, reference.name).indexOf(reference.offset);
  const sourceText = item.document.file.text.slice(range[0], range[1]);
  const inSource = occurrencesOf(sourceText, reference.name)[occurrence];
  if (occurrence < 0 || inSource === undefined) return fallback;
  const start = range[0] + inSource;
  return lineIndexOf(item.document.file).location(item.document.file.path, start, start + reference.name.length - 1);
}

/** Offsets where name appears as a whole word (not part of a longer identifier or field). */
function occurrencesOf(text: string, name: string): number[] {
  const offsets: number[] = [];
  const pattern = new RegExp(`(?<![A-Za-z0-9_.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_.])`, 'g');
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) offsets.push(match.index);
  return offsets;
}
