// Fix builders shared by the workflow rules (GitHub Actions and GitLab CI). Each one edits the text
// the audit read through YamlEditor, so comments, quotes and key order stay; edits inside a script
// (`run: |`, a GitLab script line) rewrite only the scalar's own source and are checked by parsing
// the result back: the script must read exactly as intended, or no fix is offered. Fixes that only
// set, delete or pin a key are made when their edits are first read (deferredYamlFix).
import { Scalar } from 'yaml';
import type { Fix, TextEdit, YamlDocument } from '../types.js';
import { TRIVY_SCAN_SUBCOMMAND, startsCommand, trivySubcommandEnd } from '../support/trivy-command.js';
import { lastLineStart } from '../../util/last-line.js';
import { editWithinBudget } from './check-budget.js';
import { notEditable, YamlEditError, type YamlEditor, type YamlPath } from './yaml-edit.js';

/**
 * Runs `change` on an editor of the document's file and returns the fix, or undefined when the
 * change is impossible (the edit would not parse, a path crosses a scalar, a script would not read
 * as intended…) or empty. A fix is optional: whatever goes wrong computing one costs the finding its
 * fix, never the rule its findings.
 */
export function yamlFix(document: YamlDocument, description: string, change: (editor: YamlEditor) => void, caveat?: string): Fix | undefined {
  const edits = editsOf(document, change);
  return edits.length > 0 ? { description, edits, ...(caveat ? { caveat } : {}) } : undefined;
}

/**
 * yamlFix for a change whose paths alone decide whether it can be made (set or delete a key, rewrite
 * the scalar `uses:`): the fix exists when the editor can walk every path in `touches` (checked now
 * on the parsed document), and its edits are computed the first time they are read. Every editor
 * step re-parses the file, and a large repository has hundreds of pins and checkouts whose fix
 * nobody previews. An edit that still fails then yields no edits (the finding stays reported).
 * Script rewrites stay with yamlFix: whether the script reads as intended is known only by making it.
 */
export function deferredYamlFix(
  document: YamlDocument,
  description: string,
  touches: readonly YamlPath[],
  change: (editor: YamlEditor) => void,
  caveat?: string,
): Fix | undefined {
  if (touches.some((path) => notEditable(document, path) !== undefined)) return undefined;
  let edits: readonly TextEdit[] | undefined;
  return {
    description,
    ...(caveat ? { caveat } : {}),
    get edits() {
      edits ??= editsOf(document, change);
      return edits;
    },
  };
}

/** The text edits `change` makes on the document's file; none when it cannot be made or the file's fix budget is spent. */
function editsOf(document: YamlDocument, change: (editor: YamlEditor) => void): readonly TextEdit[] {
  let editor: YamlEditor | undefined;
  try {
    editor = editWithinBudget(document, change);
  } catch {
    return [];
  }
  if (!editor) return [];
  return editor.changed ? editor.edits(document.file.path) : [];
}

/**
 * Rewrites the source of the string scalar at `path` (quotes, block header and indentation
 * included) with `rewrite`, and checks the value now reads `expected`. `rewrite` gets the scalar's
 * YAML style so it can escape what it inserts.
 */
export function rewriteScalar(
  editor: YamlEditor,
  path: YamlPath,
  rewrite: (source: string, style: Scalar['type']) => string,
  expected: string,
): void {
  const node = editor.scalarAt(path);
  if (!node || typeof node.value !== 'string') throw new YamlEditError('not a string scalar');
  const next = rewrite(node.source, node.type);
  if (next === node.source) {
    if (node.value !== expected) throw new YamlEditError('the scalar\'s source could not be rewritten');
    return;
  }
  editor.replaceScalarSource(path, next);
  if (editor.scalarAt(path)?.value !== expected) throw new YamlEditError('the rewritten scalar does not read as intended');
}

/** A change of one line of a script, told where the line is among all of them (as Array#map calls it). */
export type LineChange = (line: string, index: number, lines: readonly string[]) => string;

/** Applies `change` to a script value and to its YAML source alike (each line on its own), checking both agree. */
export function rewriteScript(editor: YamlEditor, path: YamlPath, value: string, change: LineChange): void {
  const perLine = (text: string) => text.split('\n').map(change).join('\n');
  const expected = perLine(value);
  if (expected === value) return;
  rewriteScalar(editor, path, (source) => perLine(source), expected);
}

/** `text` as it must be written inside a scalar of this YAML style. */
export function escapeForStyle(text: string, style: Scalar['type']): string {
  if (style === Scalar.QUOTE_DOUBLE) return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (style === Scalar.QUOTE_SINGLE) return text.replace(/'/g, "''");
  return text;
}

// --- pins ---------------------------------------------------------------------------------------

/**
 * `uses: action@ref` → `uses: action@sha # version`, the quote style kept. In a flow-style step the
 * version comment goes at the end of the line, where the data allows it; otherwise the pin is made
 * without it.
 */
export function pinUses(editor: YamlEditor, path: YamlPath, action: string, sha: string, version: string): void {
  const node = editor.scalarAt(path);
  if (!node) throw new YamlEditError('uses is not a scalar');
  const pinned = `${action}@${sha}`;
  const quoted = node.type === Scalar.QUOTE_DOUBLE ? JSON.stringify(pinned) : node.type === Scalar.QUOTE_SINGLE ? `'${pinned}'` : pinned;
  // [^]* rather than .*: a line separator must not make the test fail and retry.
  const endsLine = /^[ \t]*(?:#[^]*)?$/.test(node.restOfLine);
  editor.replaceScalarSource(path, quoted + (endsLine ? ` # ${version}` : ''));
  if (editor.scalarAt(path)?.value !== pinned) throw new YamlEditError('the pinned uses does not read as intended');
  if (!endsLine) {
    try {
      editor.appendLineComment(path, version);
    } catch (error) {
      // No place for the comment: the pin stands without it (the fix's description names the version).
      if (!(error instanceof YamlEditError)) throw error;
    }
  }
}

// --- shell scripts ------------------------------------------------------------------------------

export type ShellQuote = 'none' | 'single' | 'double';

/**
 * The shell quoting in force at each `${{ … }}` of a script (expressions are skipped over, so
 * quotes inside them do not count). A sketch of POSIX quoting: enough to decide how a variable
 * replacing an expression must be written, not a shell parser; callers refuse scripts with heredocs.
 */
export function quotingAtExpressions(script: string): { readonly raw: string; readonly offset: number; readonly quote: ShellQuote }[] {
  const found: { raw: string; offset: number; quote: ShellQuote }[] = [];
  let quote: ShellQuote = 'none';
  for (let i = 0; i < script.length; i++) {
    if (script.startsWith('${{', i)) {
      const end = script.indexOf('}}', i + 3);
      if (end < 0) break;
      found.push({ raw: script.slice(i, end + 2), offset: i, quote });
      i = end + 1;
      continue;
    }
    const c = script[i];
    if (quote === 'single') {
      if (c === "'") quote = 'none';
    } else if (quote === 'double') {
      if (c === '\\') i++;
      else if (c === '"') quote = 'none';
    } else if (c === '\\') i++;
    else if (c === "'") quote = 'single';
    else if (c === '"') quote = 'double';
  }
  return found;
}

/** How `$NAME` replaces an expression that stood in the given quoting, followed by `next`. */
export function variableReference(name: string, quote: ShellQuote, next: string | undefined): string {
  if (quote === 'double') return next !== undefined && /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
  if (quote === 'single') return `'"$${name}"'`;
  return `"$${name}"`;
}

// --- trivy command lines -------------------------------------------------------------------------

/** Adds `flag` right after the trivy subcommand of the line (no-op when the line has no trivy scan). */
export function addTrivyFlag(line: string, flag: string): string {
  // `trivy [global flags] <scan subcommand>`: flags for the scan go after the subcommand.
  const at = trivySubcommandEnd(line, TRIVY_SCAN_SUBCOMMAND, startsCommand);
  return at === undefined ? line : `${line.slice(0, at)} ${flag}${line.slice(at)}`;
}

/** Makes a trivy command line exit 1 on findings: `--exit-code 0` becomes 1, or `--exit-code 1` is added. */
export function gateTrivyLine(line: string): string {
  const zero = /--exit-code([=\s]+)(["']?)0\2(?![\w.])/;
  if (zero.test(line)) return line.replace(zero, (_, separator: string, quote: string) => `--exit-code${separator}${quote}1${quote}`);
  return addTrivyFlag(line, '--exit-code 1');
}

/**
 * `|| true`, `|| :` or `|| exit 0` before a comment, the end, or `;`, `&`, `|` or `)`. (?<![ \t])
 * starts a match only at the beginning of a run of blanks: linear on long blank runs.
 */
const OR_SWALLOW = /(?<![ \t])[ \t]*\|\|[ \t]*(?:true|:|exit[ \t]+0)(?=[ \t]*(?:[#;&|)]|$))/g;

/** Removes what swallows a command's failure at the end of the line: `|| true`, `|| :`, `|| exit 0`, `; true`. */
export function removeSwallow(line: string): string {
  // A comment after it must run to the end: `.*$` stops at a line terminator. That is checked by
  // position, once; as `(?:#.*)?$` in the expression every candidate read its comment to the end.
  const lastLine = lastLineStart(line);
  let result = line;
  for (const match of line.matchAll(OR_SWALLOW)) {
    let next = match.index + match[0].length;
    while (line[next] === ' ' || line[next] === '\t') next++;
    if (line[next] === '#' && next < lastLine) continue;
    result = line.slice(0, match.index) + line.slice(match.index + match[0].length);
    break;
  }
  return result.replace(/(?<![ \t])[ \t]*;[ \t]*(?:true|exit[ \t]+0)[ \t]*$/, '');
}
