// Glob matching over `/`-separated relative paths, in time proportional to pattern × path.
//
// Suppression globs come from a repository's `.secure-container.yaml`: untrusted text. A glob
// compiled to a backtracking RegExp (what picomatch does) turns `*a*a*a*a*a*a*a*a*a*a*a*a*b`
// against a long name into minutes of work. Here a pattern becomes a small automaton (one node per
// pattern character, at most) and a path is matched by advancing the set of live nodes one
// character at a time (Thompson's construction), so no input can make it backtrack. Nothing is
// recursive, so deep nesting cannot overflow the stack, and no RegExp is built from the pattern.
//
// The dialect (what suppressions used with picomatch and `dot: true`):
// - `*` any run of characters within one path segment (dot files included), `?` one character but `/`;
// - `**` as a whole segment: any number of segments (`a/**/b` matches `a/b`, `a/**` matches `a`);
//   a leading `**` followed by more characters (`**.yaml`) matches across folders, as picomatch did;
//   elsewhere `**` is `*`;
// - `[abc]`, `[a-z]`, `[!a]` / `[^a]`, POSIX classes such as `[[:digit:]]`; a class never matches `/`;
// - `{a,b}` alternatives, nested, possibly empty (`a{,.yaml}`); a brace without a comma or a
//   partner is literal;
// - `\x` a literal x; a leading `!` negates the whole pattern; a leading `./` is ignored;
// - a trailing `/` means the folder and everything below it.
// Extended globs (`+(a|b)`, `@(a|b)`) are not supported: their characters are literal.

/**
 * A compiled glob: `matches(path)` runs in O(pattern length × path length). A `meter` passed in
 * is charged the work done (live nodes advanced per character), for callers that bound the total
 * over many paths.
 */
export interface Glob {
  readonly pattern: string;
  matches(path: string, meter?: Meter): boolean;
}

export interface Meter {
  steps: number;
}

const SLASH = 0x2f;

/** Predicates on one code point, for `?`, `*` and classes. */
type CharTest = (code: number) => boolean;

/** What a node of the automaton does with the next code point. */
const enum Kind {
  /** Consumes nothing: moves on to every node on its edge list. */
  Split = 0,
  /** Consumes exactly the code point in `arg`. */
  Literal = 1,
  /** Consumes any code point but `/`. */
  NotSlash = 2,
  /** Consumes any code point. */
  Any = 3,
  /** Consumes a code point that passes `classes[arg]`. */
  Class = 4,
}

/**
 * Thompson automaton in flat arrays (a pattern of a million characters is a million nodes, so no
 * object or closure per node): a consuming node moves to `out`; a split node's edges are a linked
 * list through `head` / `edgeTo` / `edgeNext`.
 */
class Automaton {
  readonly kind: number[] = [];
  readonly arg: number[] = [];
  readonly out: number[] = [];
  readonly head: number[] = [];
  readonly edgeTo: number[] = [];
  readonly edgeNext: number[] = [];
  readonly classes: CharTest[] = [];
  accept = -1;
  /** Working memory of `run`, made on the first match and reused by every later one. */
  scratch: Scratch | undefined;

  node(kind: Kind = Kind.Split, arg = 0): number {
    this.kind.push(kind);
    this.arg.push(arg);
    this.out.push(-1);
    this.head.push(-1);
    return this.kind.length - 1;
  }

  /** A move from split node `from` to `to` that consumes nothing. */
  edge(from: number, to: number): void {
    this.edgeTo.push(to);
    this.edgeNext.push(this.head[from]!);
    this.head[from] = this.edgeTo.length - 1;
  }

  accepts(kind: number, arg: number, code: number): boolean {
    switch (kind) {
      case Kind.Literal:
        return code === arg;
      case Kind.NotSlash:
        return code !== SLASH;
      case Kind.Any:
        return true;
      case Kind.Class:
        return this.classes[arg]!(code);
      default:
        return false;
    }
  }
}

export function compileGlob(pattern: string): Glob {
  let source = pattern;
  let negated = false;
  if (source.startsWith('!') && !source.startsWith('!(')) {
    negated = true;
    source = source.slice(1);
  }
  while (source.startsWith('./')) source = source.slice(2);
  if (source.endsWith('/')) source = `${source}**`;

  if (!/[*?[{\\]/.test(source)) {
    // No special character: a plain comparison.
    const literal = source;
    return { pattern, matches: (path) => (path === literal) !== negated };
  }
  const automaton = build(source);
  return { pattern, matches: (path, meter) => run(automaton, path, meter) !== negated };
}

/** Convenience for one-off checks; compile once with compileGlob when matching many paths. */
export function globMatches(pattern: string, path: string): boolean {
  return compileGlob(pattern).matches(path);
}

// ---------------------------------------------------------------------------------------------
// Compilation

/** Where each structural brace of the pattern is: `{` -> its `}`, and which commas split a group. */
interface BraceMap {
  readonly closeOf: Map<number, number>;
  readonly separators: Set<number>;
}

function build(source: string): Automaton {
  const classes = classSpans(source);
  const braces = braceMap(source, classes);
  const a = new Automaton();
  let tail = a.node();
  /** Adds a node consuming one code point; the new tail follows it. */
  const consume = (kind: Kind, arg = 0): void => {
    const c = a.node(kind, arg);
    const after = a.node();
    a.out[c] = after;
    a.edge(tail, c);
    tail = after;
  };
  /** `*`-like: any number of code points of one kind, looping on one node. */
  const repeat = (kind: Kind.NotSlash | Kind.Any): void => {
    const loop = a.node();
    a.edge(tail, loop);
    const c = a.node(kind);
    a.out[c] = loop;
    a.edge(loop, c);
    tail = loop;
  };
  const groups: { split: number; join: number }[] = [];
  const closes = new Set(braces.closeOf.values());
  // A `**` is a globstar when it fills a whole segment: slashes, the pattern's ends and the
  // edges of an alternative count as segment edges.
  const isBoundaryBefore = (i: number): boolean =>
    i === 0 || source.charCodeAt(i - 1) === SLASH || braces.closeOf.has(i - 1) || braces.separators.has(i - 1);
  const isBoundaryAfter = (i: number): boolean =>
    i === source.length || source.charCodeAt(i) === SLASH || braces.separators.has(i) || closes.has(i);

  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length) {
      const code = source.codePointAt(i + 1)!;
      consume(Kind.Literal, code);
      i += code > 0xffff ? 3 : 2;
    } else if (ch === '*') {
      let end = i;
      while (source[end] === '*') end++;
      const globstar = end - i >= 2 && isBoundaryBefore(i) && isBoundaryAfter(end);
      if (globstar && source.charCodeAt(end) === SLASH) {
        // `**/`: zero or more whole segments, each followed by its slash.
        const loop = a.node();
        a.edge(tail, loop);
        const inSegment = a.node();
        a.edge(loop, inSegment);
        const char = a.node(Kind.NotSlash);
        a.out[char] = inSegment;
        const slash = a.node(Kind.Literal, SLASH);
        a.out[slash] = loop;
        a.edge(inSegment, char);
        a.edge(inSegment, slash);
        tail = loop;
        i = end + 1;
      } else if (globstar || (end - i >= 2 && i === 0)) {
        // `**` filling the rest (after `**/`, or the whole pattern), or a leading `**` followed
        // by more (`**.yaml`): anything, across folders.
        repeat(Kind.Any);
        i = end;
      } else {
        repeat(Kind.NotSlash);
        i = end;
      }
    } else if (ch === '?') {
      consume(Kind.NotSlash);
      i++;
    } else if (ch === '[' && classes.has(i)) {
      const { end, test } = classes.get(i)!;
      a.classes.push(test);
      consume(Kind.Class, a.classes.length - 1);
      i = end + 1;
    } else if (ch === '{' && braces.closeOf.has(i)) {
      const split = a.node();
      const join = a.node();
      a.edge(tail, split);
      groups.push({ split, join });
      const branch = a.node();
      a.edge(split, branch);
      tail = branch;
      i++;
    } else if (ch === ',' && braces.separators.has(i)) {
      const group = groups[groups.length - 1]!;
      a.edge(tail, group.join);
      const branch = a.node();
      a.edge(group.split, branch);
      tail = branch;
      i++;
    } else if (ch === '}' && closes.has(i)) {
      const group = groups.pop()!;
      a.edge(tail, group.join);
      tail = group.join;
      i++;
    } else if (ch === '/' && slashBeforeTrailingGlobstar(source, i, braces, closes)) {
      // `a/**` also matches `a` itself: the slash and what follows are optional together.
      const before = tail;
      const skip = a.node();
      consume(Kind.Literal, SLASH);
      repeat(Kind.Any);
      a.edge(before, skip);
      a.edge(tail, skip);
      tail = skip;
      i += 3;
    } else {
      const code = source.codePointAt(i)!;
      consume(Kind.Literal, code);
      i += code > 0xffff ? 2 : 1;
    }
  }
  a.accept = tail;
  return a;
}

/** Whether the slash at i is followed by `**` that ends the pattern or the current alternative. */
function slashBeforeTrailingGlobstar(source: string, i: number, braces: BraceMap, closes: ReadonlySet<number>): boolean {
  if (source[i + 1] !== '*' || source[i + 2] !== '*') return false;
  const after = i + 3;
  return after === source.length || braces.separators.has(after) || closes.has(after);
}

/**
 * Bracket expressions: `[` -> its closing `]` and a test. Found in one left-to-right pass; once a
 * `[` has no closing `]` after it, no later one has either, so each character is scanned a
 * bounded number of times.
 */
function classSpans(source: string): Map<number, { end: number; test: CharTest }> {
  const spans = new Map<number, { end: number; test: CharTest }>();
  let i = 0;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    if (source[i] !== '[') {
      i++;
      continue;
    }
    const parsed = parseClass(source, i);
    if (!parsed) return spans; // no `]` anywhere after: every later `[` is literal too
    spans.set(i, parsed);
    i = parsed.end + 1;
  }
  return spans;
}

const POSIX: Record<string, CharTest> = {
  alnum: (c) => isDigit(c) || isAlpha(c),
  alpha: (c) => isAlpha(c),
  digit: (c) => isDigit(c),
  lower: (c) => c >= 0x61 && c <= 0x7a,
  upper: (c) => c >= 0x41 && c <= 0x5a,
  space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
  word: (c) => isDigit(c) || isAlpha(c) || c === 0x5f,
  punct: (c) => (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
};

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** The class starting at `open`, or undefined when no `]` closes it. */
function parseClass(source: string, open: number): { end: number; test: CharTest } | undefined {
  let i = open + 1;
  const negated = source[i] === '!' || source[i] === '^';
  if (negated) i++;
  const singles = new Set<number>();
  const ranges: [number, number][] = [];
  const named: CharTest[] = [];
  let first = true;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === ']' && !first) {
      const test: CharTest = (c) => {
        if (c === SLASH) return false;
        const inside = singles.has(c) || ranges.some(([low, high]) => c >= low && c <= high) || named.some((t) => t(c));
        return inside !== negated;
      };
      return { end: i, test };
    }
    first = false;
    if (ch === '[' && source[i + 1] === ':') {
      // POSIX names are at most six letters: look no further, so `[:[:[:…` stays linear.
      const close = source.slice(i + 2, i + 10).indexOf(':]');
      const name = close >= 0 ? source.slice(i + 2, i + 2 + close) : '';
      if (close >= 0 && Object.hasOwn(POSIX, name)) {
        named.push(POSIX[name]!);
        i = i + 2 + close + 2;
        continue;
      }
    }
    let low: number;
    if (ch === '\\' && i + 1 < source.length) {
      low = source.codePointAt(i + 1)!;
      i += low > 0xffff ? 3 : 2;
    } else {
      low = source.codePointAt(i)!;
      i += low > 0xffff ? 2 : 1;
    }
    if (source[i] === '-' && i + 1 < source.length && source[i + 1] !== ']') {
      let j = i + 1;
      if (source[j] === '\\' && j + 1 < source.length) j++;
      const high = source.codePointAt(j)!;
      ranges.push([low, high]);
      i = j + (high > 0xffff ? 2 : 1);
    } else {
      singles.add(low);
    }
  }
  return undefined;
}

/**
 * Which braces are structural: a `{` with a matching `}` and at least one comma at its own level.
 * One pass with a stack of open braces; classes and escapes are skipped as the compiler skips them.
 */
function braceMap(source: string, classes: ReadonlyMap<number, { end: number }>): BraceMap {
  const closeOf = new Map<number, number>();
  const separators = new Set<number>();
  const open: { at: number; commas: number[] }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[' && classes.has(i)) {
      i = classes.get(i)!.end + 1;
      continue;
    }
    if (ch === '{') open.push({ at: i, commas: [] });
    else if (ch === ',' && open.length > 0) open[open.length - 1]!.commas.push(i);
    else if (ch === '}' && open.length > 0) {
      const group = open.pop()!;
      // `{a}` (no comma) is literal, as in picomatch and the shells.
      if (group.commas.length > 0) {
        closeOf.set(group.at, i);
        for (const comma of group.commas) separators.add(comma);
      }
    }
    i++;
  }
  return { closeOf, separators };
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Closures kept for reuse, in total entries; past this a closure is walked again each time. */
const CLOSURE_BUDGET = 1 << 20;

/**
 * What `run` works in, kept with the automaton: a .gitignore's pattern is matched against every
 * path of the walk, and allocating these per match cost more than the matching. Marks compare
 * against generations that only grow, so nothing is cleared between matches; closures depend on
 * the pattern alone, so they stay valid too.
 */
interface Scratch {
  readonly mark: Uint32Array;
  readonly seen: Uint32Array;
  readonly stack: Int32Array;
  current: Int32Array;
  following: Int32Array;
  readonly memo: (Int32Array | undefined)[];
  budget: number;
  generation: number;
  seenGeneration: number;
}

function scratchOf(a: Automaton): Scratch {
  const size = a.kind.length;
  if (!a.scratch || a.scratch.generation > 0xf0000000 || a.scratch.seenGeneration > 0xf0000000) {
    a.scratch = {
      mark: new Uint32Array(size),
      seen: new Uint32Array(size),
      stack: new Int32Array(size + a.edgeTo.length + 1),
      current: new Int32Array(size),
      following: new Int32Array(size),
      memo: a.scratch?.memo ?? new Array(size),
      budget: a.scratch?.budget ?? CLOSURE_BUDGET,
      generation: 0,
      seenGeneration: 0,
    };
  }
  return a.scratch;
}

/**
 * Advances the set of live consuming nodes over the path's code points. A node's closure (the
 * consuming nodes reachable from it without consuming) is computed once and reused while the
 * total stays within a budget, so a pattern such as `{,}{,}{,}…` cannot make it quadratic in
 * memory; each step adds every node at most once (a generation mark per node), so the cost is
 * O(nodes) per character.
 */
function run(a: Automaton, path: string, meter?: Meter): boolean {
  const s = scratchOf(a);
  const { mark, stack, seen, memo } = s;
  /** The consuming nodes (and the accepting node) reachable from `from` without consuming. */
  const closureOf = (from: number): Int32Array => {
    const cached = memo[from];
    if (cached) return cached;
    const seenGeneration = ++s.seenGeneration;
    const found: number[] = [];
    let top = 0;
    stack[top++] = from;
    while (top > 0) {
      const n = stack[--top]!;
      if (seen[n] === seenGeneration) continue;
      seen[n] = seenGeneration;
      if (a.kind[n] !== Kind.Split || n === a.accept) found.push(n);
      if (a.kind[n] !== Kind.Split) continue;
      for (let e = a.head[n]!; e !== -1; e = a.edgeNext[e]!) {
        const to = a.edgeTo[e]!;
        if (seen[to] !== seenGeneration) stack[top++] = to;
      }
    }
    const closure = Int32Array.from(found);
    if (closure.length <= s.budget) {
      s.budget -= closure.length;
      memo[from] = closure;
    }
    return closure;
  };
  let { current, following } = s;
  let generation = ++s.generation;
  let live = 0;
  let accepted = false;
  for (const n of closureOf(0)) {
    mark[n] = generation;
    if (n === a.accept) accepted = true;
    if (a.kind[n] !== Kind.Split) current[live++] = n;
  }
  for (let i = 0; i < path.length; ) {
    const code = path.codePointAt(i)!;
    i += code > 0xffff ? 2 : 1;
    generation = ++s.generation;
    accepted = false;
    if (meter) meter.steps += live + 1;
    let next = 0;
    for (let k = 0; k < live; k++) {
      const n = current[k]!;
      if (!a.accepts(a.kind[n]!, a.arg[n]!, code)) continue;
      const closure = closureOf(a.out[n]!);
      if (meter) meter.steps += closure.length;
      for (const m of closure) {
        if (mark[m] === generation) continue;
        mark[m] = generation;
        if (m === a.accept) accepted = true;
        if (a.kind[m] !== Kind.Split) following[next++] = m;
      }
    }
    if (next === 0) return accepted && i >= path.length;
    [current, following] = [following, current];
    live = next;
  }
  return accepted;
}
