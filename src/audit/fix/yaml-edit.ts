// Edits of YAML files that change only what they fix. The `yaml` Document API would re-print the
// whole file (comments moved, quotes and indentation normalised), so fixes are text edits at the
// node ranges the parser reports instead: a scalar is replaced in place (keeping its quote style),
// a missing key is inserted as new lines at the indentation of its mapping, a flow collection
// (`securityContext: {}`) is re-written as a flow collection. Every operation re-parses the text it
// produced, so a sequence of operations (a container brought to the restricted profile) composes
// without tracking shifted offsets, and the result is checked to parse before it is offered.
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type parseAllDocuments, Scalar, stringify, type YAMLMap } from 'yaml';
import { diffLines } from 'diff';
import type { TextEdit } from '../types.js';
import { documentToJS } from '../../util/yaml-aliases.js';
import { pairNamed } from '../../util/yaml-pairs.js';
import { parseAllDocumentsUnique } from '../../util/yaml-unique-keys.js';

export type YamlPath = readonly (string | number)[];

export interface ScalarView {
  readonly value: unknown;
  readonly type: Scalar['type'];
  /** The scalar as written (quotes, block header and indentation included). */
  readonly source: string;
  readonly restOfLine: string;
}

/** Thrown when an edit cannot be made safely (the path crosses a scalar, an alias, a merge key…). */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlEditError';
  }
}

export interface SetOptions {
  /**
   * Where a key that has to be created goes in a block mapping: before the first of these keys the
   * mapping has (with the comment lines right above it), e.g. a workflow's `permissions` before
   * `jobs`. Without one (or when none is there) the key is appended as the mapping's last entry.
   */
  readonly before?: readonly string[];
}

export class YamlEditor {
  /** The text being edited: the whole file, or only the chosen document of a multi-document file. */
  private current: string;
  /** What `current` started as. */
  private readonly base: string;
  private readonly documentIndex: number;
  /** Where `base` sits in the file: edits and `text` are put back at this offset. */
  private readonly slice: { readonly start: number; readonly end: number } | undefined;
  /** Characters parsed to check the edits so far (callers bound their total per file). */
  parsedChars = 0;
  /** The last text parsed and its documents (read only: edits are made to the text). */
  private parsed: { readonly text: string; readonly documents: ReturnType<typeof parseAllDocuments> } | undefined;

  /**
   * `documentIndex` selects the document of a multi-document file the paths start from. Such a
   * document is edited on its own (YAML documents share no anchors), so each step parses a few
   * lines, not a 2 MB install manifest once per fix.
   */
  constructor(
    readonly original: string,
    documentIndex = 0,
  ) {
    this.slice = documentSlice(original, documentIndex);
    this.base = this.slice ? original.slice(this.slice.start, this.slice.end) : original;
    this.documentIndex = this.slice ? 0 : documentIndex;
    this.current = this.base;
  }

  /** The whole file as it stands after the edits so far. */
  get text(): string {
    return this.slice ? this.original.slice(0, this.slice.start) + this.current + this.original.slice(this.slice.end) : this.current;
  }

  get changed(): boolean {
    return this.current !== this.base;
  }

  /**
   * Sets the value at `path`, creating the mappings it needs. An object value is merged key by key
   * into an existing mapping (keys it does not name are kept); a scalar equal to the wanted one is
   * left alone, so setting twice changes nothing the second time.
   */
  set(path: YamlPath, value: unknown, options: SetOptions = {}): this {
    if (isPlainObject(value)) {
      const node = this.nodeAt(path);
      if (node && (isMap(node) || isNullScalar(node))) {
        if (isMap(node)) {
          for (const [key, child] of Object.entries(value)) this.set([...path, key], child, options);
          return this;
        }
      }
    }
    this.apply(this.setEdit(path, value, options));
    return this;
  }

  /** Removes the key at `path` (the last element names it) with its whole value; absent keys are fine. */
  delete(path: YamlPath): this {
    const { parent, pair } = this.pairAt(path);
    if (!pair || !parent) return this;
    if (parent.flow) {
      const rest = toPlain(parent).filter(([key]) => key !== String(path.at(-1)));
      this.replaceNode(parent, flowMapping(rest));
      return this;
    }
    const start = lineStart(this.current, rangeOf(pair.key as Node)[0]);
    const end = lineEndAfter(this.current, pairEnd(pair));
    this.apply({ start, end, text: '' });
    return this;
  }

  /** Appends `value` to the sequence at `path` unless an equal item is there; creates the sequence. */
  appendUnique(path: YamlPath, value: string | number | boolean): this {
    const node = this.nodeAt(path);
    if (node === undefined || isNullScalar(node)) return this.set(path, [value]);
    if (!isSeq(node)) throw new YamlEditError(`${formatPath(path)} is not a list`);
    if (node.items.some((item) => isScalar(item) && String(item.value) === String(value))) return this;
    if (node.flow || node.items.length === 0) {
      const items = node.items.map((item) => (isScalar(item) ? item.source ?? String(item.value) : undefined));
      if (items.some((item) => item === undefined)) throw new YamlEditError(`${formatPath(path)} holds complex items in flow style`);
      this.replaceNode(node, `[${[...(items as string[]), scalarText(value)].join(', ')}]`);
      return this;
    }
    const first = node.items[0] as Node;
    const dash = this.current.lastIndexOf('-', rangeOf(first)[0]);
    const indent = this.current.slice(lineStart(this.current, dash), dash);
    const at = lineEndAfter(this.current, rangeOf(node.items.at(-1) as Node)[2]);
    this.apply({ start: at, end: at, text: `${atLineStart(this.current, at)}${indent}- ${scalarText(value)}\n` });
    return this;
  }

  /**
   * Appends `value` (a mapping too: a volume, a mount) as the last item of the sequence at `path`,
   * in the list's own style and indentation; creates the sequence when it is missing or empty.
   */
  append(path: YamlPath, value: unknown): this {
    const node = this.nodeAt(path);
    if (node === undefined || isNullScalar(node)) return this.set(path, [value]);
    if (!isSeq(node)) throw new YamlEditError(`${formatPath(path)} is not a list`);
    if (node.flow || node.items.length === 0) {
      this.replaceNode(node, flowText([...(node.toJSON() as unknown[]), value]));
      return this;
    }
    const first = node.items[0] as Node;
    const dash = this.current.lastIndexOf('-', rangeOf(first)[0]);
    const indent = this.current.slice(lineStart(this.current, dash), dash);
    const at = lineEndAfter(this.current, rangeOf(node.items.at(-1) as Node)[2]);
    const item = stringify([value], { indent: this.indentUnit(), lineWidth: 0 })
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => `${indent}${line}\n`)
      .join('');
    this.apply({ start: at, end: at, text: `${atLineStart(this.current, at)}${item}` });
    return this;
  }

  /**
   * The scalar at `path` as the current text has it (from the parse the editor already holds): its
   * value, YAML style, source text and the rest of the line it ends on; undefined for anything else.
   */
  scalarAt(path: YamlPath): ScalarView | undefined {
    const node = this.nodeAt(path);
    if (!node || !isScalar(node) || !node.range) return undefined;
    const [start, end] = node.range;
    const lineEnd = this.current.indexOf('\n', end);
    return { value: node.value, type: node.type, source: this.current.slice(start, end), restOfLine: this.current.slice(end, lineEnd < 0 ? this.current.length : lineEnd) };
  }

  /** Replaces the scalar at `path` by `text`, kept as the source gives it (for values yaml would quote). */
  replaceScalarSource(path: YamlPath, text: string): this {
    const node = this.nodeAt(path);
    if (!node || !isScalar(node)) throw new YamlEditError(`${formatPath(path)} is not a scalar`);
    this.replaceNode(node, text);
    return this;
  }

  /**
   * Puts `# comment` at the end of the line the node at `path` ends on (a pinned action's version
   * after a flow-style step). Lines that already hold a comment are left alone; the document's data
   * must read the same afterwards, or nothing is changed and YamlEditError is thrown.
   */
  appendLineComment(path: YamlPath, comment: string): this {
    const node = this.nodeAt(path);
    if (!node) throw new YamlEditError(`${formatPath(path)} not found`);
    const range = rangeOf(node)[1];
    // A block value's range ends after its last newline: its last line is the one before.
    const end = range > 0 && this.current[range - 1] === '\n' ? range - 1 : range;
    const newline = this.current.indexOf('\n', end);
    const at = newline < 0 ? this.current.length : newline;
    const line = this.current.slice(lineStart(this.current, end), at);
    if (/(^|[ \t])#/.test(line)) return this;
    const data = JSON.stringify(documentToJS(this.document(), {}));
    const previous = this.current;
    let start = at;
    while (start > end && (this.current[start - 1] === ' ' || this.current[start - 1] === '\t')) start--;
    this.apply({ start, end: at, text: ` # ${comment.replace(/[\r\n]/g, ' ')}` });
    if (JSON.stringify(documentToJS(this.document(), {})) !== data) {
      this.current = previous;
      throw new YamlEditError('a comment there would change the document');
    }
    return this;
  }

  /**
   * The edits that turn the original text into the current one, for `file`: one per run of
   * changed lines, so fixes of different parts of one file do not overlap. A change of more than
   * MAX_DIFFED_CHANGES lines is one edit over the changed middle: the line diff costs lines ×
   * changes, and a script fix of 20,000 changed lines took a minute.
   */
  edits(file: string): TextEdit[] {
    if (!this.changed) return [];
    // New lines are written with \n; a file whose lines end in \r\n keeps that ending throughout.
    const crlf = /^[^\n]*\r\n/.test(this.original);
    const offset0 = this.slice?.start ?? 0;
    const push = (edit: { start: number; end: number; text: string }) =>
      edits.push({ file, start: edit.start + offset0, end: edit.end + offset0, text: crlf ? edit.text.replace(/(?<!\r)\n/g, '\r\n') : edit.text });
    const edits: TextEdit[] = [];
    let offset = 0;
    let pending: { start: number; end: number; text: string } | undefined;
    const parts = diffLines(this.base, this.current, { maxEditLength: MAX_DIFFED_CHANGES }) ?? changedMiddle(this.base, this.current);
    for (const part of parts) {
      if (part.added || part.removed) {
        pending ??= { start: offset, end: offset, text: '' };
        if (part.added) pending.text += part.value;
        else pending.end += part.value.length;
      } else if (pending) {
        push(pending);
        pending = undefined;
      }
      if (!part.added) offset += part.value.length;
    }
    if (pending) push(pending);
    return edits;
  }

  // --- internals -------------------------------------------------------------------------------

  private document(): Document.Parsed {
    // The same text is parsed once: the first state from the shared cache (every fix of a file
    // starts from it), each later one as apply() checked it.
    if (this.parsed?.text !== this.current) this.parsed = { text: this.current, documents: parseCached(this.current) };
    const documents = this.parsed.documents;
    const documentList = (Array.isArray(documents) ? documents : []) as Document.Parsed[];
    const document = documentList[this.documentIndex];
    if (!document) throw new YamlEditError(`document ${this.documentIndex} not found`);
    if (document.errors.length > 0) throw new YamlEditError(`the file does not parse: ${document.errors[0]!.message.split('\n')[0]}`);
    return document;
  }

  private nodeAt(path: YamlPath): Node | undefined {
    let node: unknown = this.document().contents;
    for (const key of path) {
      node = childOf(node, key);
      if (node === undefined) return undefined;
    }
    return node as Node;
  }

  private pairAt(path: YamlPath): { parent?: YAMLMap; pair?: Pair } {
    const parent = path.length === 0 ? undefined : this.nodeAt(path.slice(0, -1));
    if (!parent || !isMap(parent)) return {};
    const pair = findPair(parent, String(path.at(-1)));
    return pair ? { parent, pair } : { parent };
  }

  /** The edit that sets `path` to `value`, given that no deeper merge applies. */
  private setEdit(path: YamlPath, value: unknown, options: SetOptions = {}): Omit<TextEdit, 'file'> {
    const document = this.document();
    let node: unknown = document.contents;
    for (let depth = 0; depth < path.length; depth++) {
      const key = path[depth]!;
      const child = childOf(node, key);
      if (child !== undefined) {
        node = child;
        continue;
      }
      if (!isMap(node)) throw new YamlEditError(`${formatPath(path.slice(0, depth))} is not a mapping`);
      return this.insertEdit(node, String(key), nest(path.slice(depth + 1), value), options.before);
    }
    const target = node as Node;
    if (isScalar(target) && !isPlainObject(value) && !Array.isArray(value)) {
      if (isNullScalar(target) && target.source === '') return this.replaceEmptyValue(path, value);
      if (String(target.value) === String(value) && typeof target.value === typeof value) return { start: 0, end: 0, text: '' };
      return { start: rangeOf(target)[0], end: rangeOf(target)[1], text: scalarLike(target, value) };
    }
    if (isScalar(target) && isNullScalar(target)) return this.replaceEmptyValue(path, value);
    if ((isMap(target) || isSeq(target)) && target.flow) {
      return { start: rangeOf(target)[0], end: rangeOf(target)[1], text: flowText(value) };
    }
    // A block collection replaced by another value: the whole pair is re-written.
    return this.replaceEmptyValue(path, value);
  }

  /** Re-writes `key: <nothing>` (or a value replaced whole) as `key: value`, at the key's indentation. */
  private replaceEmptyValue(path: YamlPath, value: unknown): Omit<TextEdit, 'file'> {
    const { pair } = this.pairAt(path);
    if (!pair) throw new YamlEditError(`${formatPath(path)}: cannot replace the document itself`);
    const keyStart = rangeOf(pair.key as Node)[0];
    const indent = this.current.slice(lineStart(this.current, keyStart), keyStart);
    const end = lineEndAfter(this.current, pairEnd(pair));
    const rendered = renderPair(String(path.at(-1)), value, indent, this.indentUnit());
    return { start: keyStart, end, text: rendered.slice(indent.length) };
  }

  /** Inserts `key: value` as the last entry of a mapping. */
  private insertEdit(map: YAMLMap, key: string, value: unknown, before: readonly string[] = []): Omit<TextEdit, 'file'> {
    if (map.flow || map.items.length === 0) {
      return { start: rangeOf(map)[0], end: rangeOf(map)[1], text: flowText({ ...Object.fromEntries(toPlain(map)), [key]: value }) };
    }
    const firstKey = map.items[0]!.key as Node;
    const keyStart = rangeOf(firstKey)[0];
    const column = keyStart - lineStart(this.current, keyStart);
    const indent = ' '.repeat(column);
    const anchor = map.items.find((pair) => isScalar(pair.key) && before.includes(String(pair.key.value)));
    const anchorStart = anchor ? rangeOf(anchor.key as Node)[0] : -1;
    // Only a key that starts its line (not the first key of a `- ` item) can have lines put above it.
    if (anchor && /^[ \t]*$/.test(this.current.slice(lineStart(this.current, anchorStart), anchorStart))) {
      let at = lineStart(this.current, anchorStart);
      while (at > 0 && /^[ \t]*#/.test(this.current.slice(lineStart(this.current, at - 1), at))) at = lineStart(this.current, at - 1);
      // A blank line above the anchor separates sections: the new key gets one too.
      const blankAbove = at > 0 && /^[ \t]*\n$/.test(this.current.slice(lineStart(this.current, at - 1), at));
      return { start: at, end: at, text: renderPair(key, value, indent, this.indentUnit()) + (blankAbove ? '\n' : '') };
    }
    const at = lineEndAfter(this.current, pairEnd(map.items.at(-1)!));
    return { start: at, end: at, text: atLineStart(this.current, at) + renderPair(key, value, indent, this.indentUnit()) };
  }

  private replaceNode(node: Node, text: string): void {
    const [start, end] = rangeOf(node);
    this.apply({ start, end, text });
  }

  private apply(edit: Omit<TextEdit, 'file'>): void {
    if (edit.start === edit.end && edit.text === '') return;
    const next = this.current.slice(0, edit.start) + edit.text + this.current.slice(edit.end);
    this.parsedChars += next.length;
    const check = parseChecked(next);
    const documents = Array.isArray(check) ? check : [];
    if (documents.some((document) => document.errors.length > 0)) throw new YamlEditError('the edit would not parse; not applied');
    this.current = next;
    this.parsed = { text: next, documents: check };
  }

  /** The file's own indentation step (2 unless nested mappings say otherwise). */
  private indentUnit(): number {
    return indentationStep(this.current) ?? 2;
  }
}

/**
 * How much deeper than a `key:` line the line after it starts, for the first such pair of lines
 * whose second starts with neither a blank nor `-` (at most 8): the text's indentation step. Read
 * line by line; the regular expression /^( *)\S[^\n]*:[ \t]*\n\1( +)[^\s-]/m it replaces was
 * cubic on a line of many `:` and carriage returns.
 */
export function indentationStep(text: string): number | undefined {
  let start = 0;
  let end = text.indexOf('\n');
  while (end >= 0) {
    const indent = leadingSpaces(text, start);
    let keyEnd = end;
    while (keyEnd > start && (text[keyEnd - 1] === ' ' || text[keyEnd - 1] === '\t')) keyEnd--;
    const first = text[start + indent]!;
    if (start + indent < end && !/\s/.test(first) && text[keyEnd - 1] === ':' && keyEnd - 1 > start + indent) {
      const deeper = leadingSpaces(text, end + 1) - indent;
      const next = text[end + 1 + indent + deeper];
      if (deeper > 0 && next !== undefined && next !== '-' && !/\s/.test(next)) return Math.min(deeper, 8);
    }
    start = end + 1;
    end = text.indexOf('\n', start);
  }
  return undefined;
}

/** The number of spaces at `from`. */
function leadingSpaces(text: string, from: number): number {
  let end = from;
  while (text[end] === ' ') end++;
  return end - from;
}

/** Lines added or removed, at most, for which edits are found line by line. */
const MAX_DIFFED_CHANGES = 1000;

/** The text between the lines both texts start and end with: removed from `before`, added from `after`. */
function changedMiddle(before: string, after: string): { value: string; added?: boolean; removed?: boolean }[] {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  start = before.lastIndexOf('\n', start - 1) + 1;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Back to the start of a line: the kept end is whole lines.
  while (end > 0 && before[before.length - end - 1] !== '\n') end--;
  const parts = [{ value: before.slice(0, start) }, { value: before.slice(start, before.length - end), removed: true }, { value: after.slice(start, after.length - end), added: true }, { value: before.slice(before.length - end) }];
  return parts.filter((part) => part.value !== '');
}

function childOf(node: unknown, key: string | number): Node | undefined {
  if (isMap(node)) {
    const pair = findPair(node, String(key));
    return pair ? ((pair.value ?? new Scalar(null)) as Node) : undefined;
  }
  if (isSeq(node) && typeof key === 'number') return node.items[key] as Node | undefined;
  return undefined;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return pairNamed(map, key);
}

function rangeOf(node: Node): [number, number, number] {
  if (!node.range) throw new YamlEditError('a node without a position');
  return node.range;
}

function pairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return value?.range ? value.range[2] : rangeOf(pair.key as Node)[2];
}

function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toPlain(map: YAMLMap): [string, unknown][] {
  return map.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), (pair.value as Node | null)?.toJSON?.() ?? pair.value]);
}

function nest(path: YamlPath, value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [String(key)]: inner }), value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that holds `offset - 1` (the end of a node). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** A newline to put first when inserting at the end of a file that does not end with one. */
function atLineStart(text: string, offset: number): string {
  return offset > 0 && text[offset - 1] !== '\n' ? '\n' : '';
}

/** `key: value` as block YAML at `indent`, nested values indented one `unit` further. */
function renderPair(key: string, value: unknown, indent: string, unit: number): string {
  const body = stringify({ [key]: value }, { indent: unit, lineWidth: 0 });
  return body
    .split('\n')
    .filter((line, index, lines) => line !== '' || index < lines.length - 1)
    .map((line) => `${indent}${line}\n`)
    .join('');
}

function flowText(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}

function flowMapping(entries: readonly [string, unknown][]): string {
  return flowText(Object.fromEntries(entries));
}

function scalarText(value: string | number | boolean): string {
  return stringify(value).trimEnd();
}

/** `value` written the way the scalar it replaces was written (quoted stays quoted). */
function scalarLike(target: Scalar, value: unknown): string {
  if (typeof value === 'string' && (target.type === Scalar.QUOTE_DOUBLE || target.type === Scalar.QUOTE_SINGLE)) {
    return target.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
  }
  return stringify(value).trimEnd();
}

function formatPath(path: YamlPath): string {
  return path.length === 0 ? '(document)' : path.join('.');
}

/** parseAllDocuments as yaml's defaults read it, repeated keys an error (found in one pass: yaml's own check is quadratic). */
function parseChecked(text: string): ReturnType<typeof parseAllDocuments> {
  return parseAllDocumentsUnique(text, { prettyErrors: false });
}

/**
 * Parsed texts, least recently used first: the fixes of one file's findings all start from the same
 * text (the file, and in a multi-document file the document's slice).
 */
const parsedFiles = new Map<string, ReturnType<typeof parseAllDocuments>>();

function parseCached(text: string): ReturnType<typeof parseAllDocuments> {
  const hit = parsedFiles.get(text);
  if (hit) {
    parsedFiles.delete(text);
    parsedFiles.set(text, hit);
    return hit;
  }
  const parsed = parseChecked(text);
  parsedFiles.set(text, parsed);
  if (parsedFiles.size > 4) parsedFiles.delete(parsedFiles.keys().next().value!);
  return parsed;
}

/**
 * The range of one document of a multi-document file, from its `---` to the next, or undefined
 * to edit the whole file: a single document, a directive (%YAML, %TAG) that applies across
 * documents, or a file that does not parse.
 */
function documentSlice(text: string, index: number): { start: number; end: number } | undefined {
  if (!/^---/m.test(text) || /^%/m.test(text)) return undefined;
  const documents = parseCached(text);
  if (!Array.isArray(documents) || documents.length < 2) return undefined;
  const document = documents[index];
  if (!document || document.errors.length > 0 || !document.range) return undefined;
  const [start, , end] = document.range;
  return { start, end };
}

/** Why the editor could not walk `path`: a scalar (or a list) where the path needs a mapping, or a mapping where it needs a list. */
export function notEditable(document: { readonly document: Document }, path: YamlPath): string | undefined {
  let node: unknown = document.document.contents;
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth]!;
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return undefined; // created by the edit
    const where = depth === 0 ? 'the document' : path.slice(0, depth).join('.');
    if (typeof key === 'number') {
      if (!isSeq(node)) return `${where} is not a list`;
      node = node.items[key];
      if (node === undefined) return `${where} has no item ${key}`;
    } else {
      if (!isMap(node)) return `${where} is not a mapping`;
      node = pairNamed(node, key)?.value;
    }
  }
  return undefined;
}
