// Shared by the falco rules: the items of a rules file with their positions, and a small reader of
// Falco condition expressions. The reader does not validate conditions (only Falco can, with its
// field tables); it classifies tokens so rules can ask "which macros does this reference, which
// fields does it test with which values". On anything it does not understand it stops and returns
// what it was sure of, so a rule never reports from a guess.
import { isScalar, type Node } from 'yaml';
import { lineIndexOf } from '../../parse.js';
import type { Location, Repo, Report, YamlDocument } from '../../types.js';

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

const itemsByRepo = new WeakMap<Repo, readonly FalcoItem[]>();

/** Every rule, macro and list item of every Falco rules file in the repository (read once per repository). */
export function falcoItems(repo: Repo): readonly FalcoItem[] {
  let items = itemsByRepo.get(repo);
  if (!items) {
    items = repo.falcoRules.flatMap((document) => itemsOf(document));
    itemsByRepo.set(repo, items);
  }
  return items;
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

/** Nesting (parentheses, `not`, transformers) deeper than any real condition; past it, reading stops. */
const MAX_CONDITION_DEPTH = 200;

/**
 * Recursive descent over `not`, `and`, `or`, parentheses, field tests and macro references. The
 * recursion is bounded by MAX_CONDITION_DEPTH, so `((((…` a megabyte deep ends as an incomplete
 * reading instead of a stack overflow.
 */
class ConditionReader {
  readonly macros: Reference[] = [];
  readonly listItems: Reference[] = [];
  readonly tests: FieldTest[] = [];
  private position = 0;
  private negated = false;
  private depth = 0;

  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_CONDITION_DEPTH) throw new Error('condition nested too deeply');
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

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
      this.nested(() => this.negation());
      this.negated = !this.negated;
    } else {
      this.primary();
    }
  }

  private primary(): void {
    const token = this.next();
    if (token.kind === '(') {
      this.nested(() => this.expression());
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
    const field = this.peek()?.kind === '(' ? this.nested(() => this.transformed(inner.text)) : inner.text;
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

/**
 * Offsets where name appears as a whole word (not part of a longer identifier or field). A plain
 * search, not a RegExp built from the name: names come from the file and can be a megabyte long.
 */
function occurrencesOf(text: string, name: string): number[] {
  const offsets: number[] = [];
  if (name === '') return offsets;
  const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_.]/.test(c);
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + name.length])) offsets.push(at);
  }
  return offsets;
}

// ---------------------------------------------------------------------------------------------
// Bounded output
//
// A rules file is untrusted input: a condition can name 60,000 macros, a macro name can be a
// megabyte long. Messages show names cut to a readable length and lists cut to a few entries,
// and a rule reports at most MAX_FINDINGS_PER_FILE findings per file, then one that counts the rest.

/** Findings of one rule in one file before the rest are summed up in one more. */
export const MAX_FINDINGS_PER_FILE = 20;
/** Characters of a name shown in a message. */
const MAX_NAME_CHARS = 60;

/** A name for a message: at most MAX_NAME_CHARS characters, control characters escaped. */
export function shownName(name: string): string {
  const cut = name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS)}…` : name;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `a -> b -> c`, or the first `shown` names and `… and N more` for a longer chain. */
export function chain(names: readonly string[], shown = 5): string {
  const head = names.slice(0, names.length > shown + 1 ? shown : names.length).map(shownName);
  const rest = names.length - head.length;
  return rest > 0 ? `${head.join(' -> ')} -> … and ${rest.toLocaleString('en-US')} more` : head.join(' -> ');
}

/**
 * Passes at most `limit` reports per file to `report`; a report is built only when it will be
 * passed on (building one can mean searching for a "did you mean"). `finish` adds one report per
 * file that had more, placed at the first report left out.
 */
export class FindingBudget {
  private readonly counts = new Map<string, { count: number; firstLeftOut?: Location }>();

  constructor(
    private readonly report: (finding: Report) => void,
    private readonly limit: number = MAX_FINDINGS_PER_FILE,
  ) {}

  /** `build` runs only for a report that is passed on, and for the first one left out (for its place). */
  add(file: string, build: () => Report): void {
    const entry = this.counts.get(file) ?? { count: 0 };
    this.counts.set(file, entry);
    entry.count++;
    if (entry.count <= this.limit) this.report(build());
    else if (entry.count === this.limit + 1) entry.firstLeftOut = build().location;
  }

  /** One report per file over the limit; `describe` says what the left-out ones were. */
  finish(describe: (leftOut: number) => string): void {
    for (const { count, firstLeftOut } of this.counts.values()) {
      if (firstLeftOut) this.report({ location: firstLeftOut, message: describe(count - this.limit) });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Graphs of names

/**
 * Strongly connected components of a graph with nodes 0..n-1 (Tarjan's algorithm with an
 * explicit stack: a chain of 100,000 macros cannot overflow the call stack). Returns each node's
 * component number; linear in nodes + edges.
 */
export function stronglyConnected(n: number, edges: readonly (readonly number[])[]): Int32Array {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const work: { node: number; edge: number }[] = [];
  let counter = 0;
  let components = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    work.push({ node: root, edge: 0 });
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges[frame.node]!;
      if (frame.edge < out.length) {
        const next = out[frame.edge++]!;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push({ node: next, edge: 0 });
        } else if (onStack[next]) {
          low[frame.node] = Math.min(low[frame.node]!, index[next]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] === index[frame.node]) {
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component[member] = components;
        } while (member !== frame.node);
        components++;
      }
    }
  }
  return component;
}

/**
 * For each set of sources, the nodes that can reach one of them (the sources included), by a
 * breadth-first walk over the reversed edges: "does anything this macro expands to test X" for
 * every macro at once. The reversed graph is built once for all the sets.
 */
export function reachingAny(n: number, edges: readonly (readonly number[])[], ...sourceSets: readonly (readonly number[])[]): Uint8Array[] {
  // Reversed edges in compressed form: two typed arrays instead of an array per node.
  const start = new Int32Array(n + 1);
  for (const out of edges) for (const to of out) start[to + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const from = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  edges.forEach((out, node) => {
    for (const to of out) from[fill[to]!++] = node;
  });
  const queue = new Int32Array(n);
  return sourceSets.map((sources) => {
    const reached = new Uint8Array(n);
    let tail = 0;
    for (const source of sources) {
      if (reached[source]) continue;
      reached[source] = 1;
      queue[tail++] = source;
    }
    for (let head = 0; head < tail; head++) {
      const node = queue[head]!;
      for (let e = start[node]!; e < start[node + 1]!; e++) {
        const previous = from[e]!;
        if (reached[previous]) continue;
        reached[previous] = 1;
        queue[tail++] = previous;
      }
    }
    return reached;
  });
}
