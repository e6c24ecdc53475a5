// .gitignore files, matched the way git matches them (gitignore(5)) and without a regular
// expression built from the repository's text. The npm `ignore` package compiles each line to a
// RegExp: `**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b` against a few nested a/ folders
// backtracked for 87 s. Here a line with wildcards becomes a glob automaton (src/util/glob.ts,
// linear in pattern × path), and the lines most files have (a name, `*.ext`, a path) are looked up
// in maps, so a .gitignore of 100,000 such lines costs a few lookups per path.
//
// The rules, from gitignore(5):
// - blank lines and lines starting with `#` match nothing; `\#` and `\!` start a pattern with the
//   character; trailing spaces are dropped unless escaped with a backslash;
// - `!` re-includes what an earlier line excluded (the last matching line decides);
// - a trailing `/` matches only directories;
// - a `/` at the start or in the middle anchors the pattern to the .gitignore's folder; otherwise
//   it matches at any depth (a name, or `*.log`, in any folder below);
// - `*` and `?` never match `/`; `[a-z]`, `[!a]`, `[^a]` and POSIX classes as in fnmatch;
// - `**/` at the start matches in every folder, `/**` at the end everything inside, `/**/` zero
//   or more folders; other runs of `*` are one `*`; `{` and `}` are ordinary characters.
import { compileGlob, type Glob, type Meter } from './glob.js';

export interface IgnoreResult {
  /** The last line that matches excludes the path. */
  readonly ignored: boolean;
  /** The last line that matches re-includes it (`!pattern`). */
  readonly unignored: boolean;
}

/**
 * More wildcard lines than this (or more characters in them than MAX_WILDCARD_CHARS) and the file is
 * not applied: each of them is an automaton every path runs through. Real .gitignore files have a
 * few dozen; their names and `*.ext` lines, which cost nothing, are not counted.
 */
export const MAX_WILDCARD_LINES = 500;
export const MAX_WILDCARD_CHARS = 16 * 1024;

/**
 * The automaton steps one .gitignore may take over a whole walk (about a second of matching). Past
 * it the file excludes nothing more: every later path below it is audited, and the walk says so.
 * Real files take a few steps per path; only lines built to keep many states alive reach this.
 */
export const MAX_MATCHING_STEPS = 200_000_000;
/** What the literal pre-check of one wildcard line costs, in automaton steps (measured). */
const PRECHECK_STEPS = 1;

interface Rule {
  readonly negate: boolean;
  readonly directoryOnly: boolean;
}

/** A line with wildcards (a class, so every rule has one shape: the walk reads them per path). */
class WildcardRule implements Rule {
  constructor(
    readonly index: number,
    readonly negate: boolean,
    readonly directoryOnly: boolean,
    readonly glob: Glob,
    /** A pattern without a `/` matches the path's last segment; one with a `/`, the whole path. */
    readonly onName: boolean,
    /** Literal text any match must start with, end with and contain: checked before the automaton runs. */
    readonly prefix: string,
    readonly suffix: string,
    readonly chunks: readonly string[],
  ) {}

  /** The same line, read again further down the file (the later one decides). */
  at(index: number): WildcardRule {
    return new WildcardRule(index, this.negate, this.directoryOnly, this.glob, this.onName, this.prefix, this.suffix, this.chunks);
  }

  /** Whether the literal parts allow a match: false rules the line out without running the automaton. */
  mayMatch(subject: string): boolean {
    if (!subject.startsWith(this.prefix) || !subject.endsWith(this.suffix)) return false;
    for (const chunk of this.chunks) if (!subject.includes(chunk)) return false;
    return true;
  }
}

const NOTHING: IgnoreResult = { ignored: false, unignored: false };
const IGNORED: IgnoreResult = { ignored: true, unignored: false };
const UNIGNORED: IgnoreResult = { ignored: false, unignored: true };

export class GitIgnore {
  private readonly rules: Rule[] = [];
  /** Unanchored names without wildcards (`node_modules`, `.env`): compared with the path's last segment. */
  private readonly byName = new Map<string, number[]>();
  /** Anchored paths without wildcards (`/dist`, `docs/build`): compared with the whole path. */
  private readonly byPath = new Map<string, number[]>();
  /** Unanchored `*<suffix>` lines (`*.log`, `*~`): the last segment's suffix of each length in `suffixLengths`. */
  private readonly bySuffix = new Map<string, number[]>();
  /** The suffix lengths, ascending (a name is only as long as a file system allows). */
  private readonly suffixLengths: number[] = [];
  private readonly suffixLengthSet = new Set<number>();
  /** Everything else, in file order. */
  private wildcards: WildcardRule[] = [];
  /** The wildcard lines by their text: only the last of identical lines can decide. */
  private readonly wildcardsByLine = new Map<string, WildcardRule>();
  private wildcardChars = 0;
  private readonly meter: Meter = { steps: 0 };
  /** The matching budget ran out: the file excludes nothing from then on. */
  exhausted = false;

  private constructor(private readonly maxSteps: number) {}

  /**
   * The rules of a .gitignore's text, or why they are not applied (too many wildcard lines to
   * run every path through).
   */
  static parse(text: string, maxSteps = MAX_MATCHING_STEPS): GitIgnore | { readonly tooComplex: string } {
    const rules = new GitIgnore(maxSteps);
    for (const line of text.split('\n')) {
      rules.addLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (rules.wildcardsByLine.size > MAX_WILDCARD_LINES || rules.wildcardChars > MAX_WILDCARD_CHARS) {
        return {
          tooComplex: `has more wildcard patterns than the audit matches (at most ${MAX_WILDCARD_LINES.toLocaleString('en-US')} lines or ${MAX_WILDCARD_CHARS / 1024} KiB of them)`,
        };
      }
    }
    rules.wildcards = [...rules.wildcardsByLine.values()].sort((a, b) => a.index - b.index);
    return rules;
  }

  /**
   * Whether the path (relative to the .gitignore's folder; a trailing `/` marks a folder) is
   * excluded or re-included by the last line that matches it. The walk asks for every folder
   * before it enters it, so the path's parents are known not to be excluded.
   */
  test(path: string): IgnoreResult {
    // Out of budget, the file re-includes everything below it: the walk then audits each path
    // (the direction that hides nothing), and a .gitignore higher up cannot exclude what this one
    // might have re-included.
    if (this.exhausted) return UNIGNORED;
    const directory = path.endsWith('/');
    const clean = directory ? path.slice(0, -1) : path;
    const name = clean.slice(clean.lastIndexOf('/') + 1);
    let best = -1;
    const consider = (indexes: readonly number[] | undefined) => {
      if (!indexes) return;
      for (const index of indexes) if (index > best && (directory || !this.rules[index]!.directoryOnly)) best = index;
    };
    consider(this.byName.get(name));
    consider(this.byPath.get(clean));
    for (const length of this.suffixLengths) {
      if (length > name.length) break;
      consider(this.bySuffix.get(name.slice(name.length - length)));
    }
    // Wildcard lines last to first, only those that could still be the last match.
    for (let k = this.wildcards.length - 1; k >= 0; k--) {
      const rule = this.wildcards[k]!;
      if (rule.index <= best) break;
      if (!directory && rule.directoryOnly) continue;
      this.meter.steps += PRECHECK_STEPS;
      const subject = rule.onName ? name : clean;
      if (!rule.mayMatch(subject)) continue;
      if (rule.glob.matches(subject, this.meter)) {
        best = rule.index;
        break;
      }
    }
    if (this.meter.steps > this.maxSteps) {
      this.exhausted = true;
      return UNIGNORED;
    }
    if (best < 0) return NOTHING;
    return this.rules[best]!.negate ? UNIGNORED : IGNORED;
  }

  /**
   * Files a line under its key. Of the lines with the same key and the same folder-only flag only
   * the last can decide, so a bucket holds at most two (a file of 500,000 identical lines stays
   * one lookup per path).
   */
  private add(map: Map<string, number[]>, key: string, index: number): void {
    const directoryOnly = this.rules[index]!.directoryOnly;
    const kept = (map.get(key) ?? []).filter((other) => this.rules[other]!.directoryOnly !== directoryOnly);
    kept.push(index);
    map.set(key, kept);
  }

  private addLine(raw: string): void {
    let line = withoutTrailingSpaces(raw);
    if (line === '' || line.startsWith('#')) return;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const directoryOnly = line.endsWith('/') && !line.endsWith('\\/');
    while (line.endsWith('/') && !line.endsWith('\\/')) line = line.slice(0, -1);
    if (line === '') return;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') return;
    const index = this.rules.length;
    const rule = { negate, directoryOnly };
    this.rules.push(rule);

    if (!/[*?[\\]/.test(line)) {
      this.add(anchored ? this.byPath : this.byName, line, index);
      return;
    }
    const suffix = /^\*([^*?[\\/]+)$/.exec(line);
    if (suffix && !anchored) {
      const length = suffix[1]!.length;
      if (!this.suffixLengthSet.has(length)) {
        this.suffixLengthSet.add(length);
        insertSorted(this.suffixLengths, length);
      }
      this.add(this.bySuffix, suffix[1]!, index);
      return;
    }
    const key = `${negate ? '!' : ''}${anchored ? '/' : ''}${line}${directoryOnly ? '/' : ''}`;
    const known = this.wildcardsByLine.get(key);
    this.wildcardsByLine.delete(key); // re-added below with the later index
    if (known) {
      this.wildcardsByLine.set(key, known.at(index));
      return;
    }
    const glob = toGlob(line, anchored);
    const parts = literalParts(line);
    this.wildcardsByLine.set(key, new WildcardRule(index, negate, directoryOnly, compileGlob(glob), !anchored, parts.prefix, parts.suffix, parts.chunks));
    this.wildcardChars += glob.length;
  }
}

function insertSorted(list: number[], value: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1]! > value) at--;
  list.splice(at, 0, value);
}

/**
 * The literal text a pattern's matches must start with, end with and contain, for a pattern whose
 * only special characters are `*` and `?` (and `/`, which is literal here); none for one with a
 * class or an escape. A cheap test that most paths fail before the automaton runs.
 */
function literalParts(pattern: string): { prefix: string; suffix: string; chunks: string[] } {
  if (/[[\\]/.test(pattern)) return { prefix: '', suffix: '', chunks: [] };
  // A `**` segment and the slash after it may match nothing (`**/x` matches `x`, `a/**/b` matches
  // `a/b`): written as one `*` and no slash, what is left is literal in every match.
  const segments = pattern.split('/');
  let text = '';
  segments.forEach((segment, i) => {
    if (segment === '**') text += '*';
    else text += segment + (i < segments.length - 1 && segments[i + 1] !== '**' ? '/' : '');
  });
  const chunks = text.split(/[*?]/);
  const prefix = chunks[0]!;
  const suffix = chunks.length > 1 ? chunks.at(-1)! : '';
  return { prefix, suffix, chunks: chunks.slice(1, -1).filter((chunk) => chunk !== '' && !chunk.includes('/')) };
}


/** Trailing spaces are dropped unless the last one is escaped (`a\ `). Linear: one pass from the end. */
function withoutTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') end--;
  if (end < line.length && end > 0 && line[end - 1] === '\\') end++; // keep the escaped space
  return line.slice(0, end);
}

/**
 * A gitignore pattern in the glob dialect of src/util/glob.ts: braces made literal, runs of `*`
 * inside a segment made one `*`, `/**` at the end made "something inside" (`/**` + `/*`: the
 * folder itself is not matched, as in git, so a later `!folder/file` still applies), and an
 * unanchored pattern prefixed with `**` + `/` (any depth).
 */
function toGlob(pattern: string, anchored: boolean): string {
  const segments: string[] = [];
  let segment = '';
  const flush = () => {
    segments.push(segment === '**' ? segment : segment.replace(/\*{2,}/g, '*'));
    segment = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      // An escaped character stays escaped; an escaped `*` must not join a run of stars.
      const next = pattern[++i]!;
      segment += next === '*' ? '[*]' : `\\${next}`;
    } else if (c === '{' || c === '}') segment += `\\${c}`;
    else if (c === '/') flush();
    else segment += c;
  }
  flush();
  if (segments.length > 1 && segments.at(-1) === '**') segments.push('*');
  const glob = segments.join('/');
  return anchored || glob.startsWith('**/') ? glob : `**/${glob}`;
}
