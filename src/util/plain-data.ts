// Data parsed from an untrusted YAML or JSON file, checked before any code merges or reads it.
// Both parsers (yaml's toJS and JSON.parse) create a key named `__proto__` as an own property; a
// later `target[key]` read or write with that key reaches Object.prototype instead, and one merge
// of `{__proto__: {polluted: 1}}` changes every object in the process. `constructor` and
// `prototype` are refused with it: no profile or config field has those names, and code that
// looks them up on a plain object finds functions, not data.

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Profiles and configs are a few levels deep; anything far deeper is an attack on recursive code. */
export const MAX_DATA_DEPTH = 64;

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

export interface DataProblem {
  readonly kind: 'forbidden-key' | 'too-deep';
  /** Where: keys and list indexes from the top, ending with the forbidden key itself. */
  readonly path: readonly (string | number)[];
}

/**
 * The first forbidden key or over-deep nesting in parsed data, or undefined when it is plain data.
 * Iterative, and each object is visited once, so data built with YAML aliases (shared nodes)
 * costs its size in nodes, not its expanded size.
 */
export function findDataProblem(value: unknown, maxDepth: number = MAX_DATA_DEPTH): DataProblem | undefined {
  const seen = new Set<object>();
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (path.length > maxDepth) return { kind: 'too-deep', path };
    if (Array.isArray(node)) {
      node.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
      continue;
    }
    if (node instanceof Date) continue;
    for (const key of Object.keys(node)) {
      if (isForbiddenKey(key)) return { kind: 'forbidden-key', path: [...path, key] };
      stack.push({ node: (node as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}

/** The problem in words, e.g. `profile.__proto__: the key "__proto__" is not allowed (...)`. */
export function describeDataProblem(problem: DataProblem): string {
  // Where nesting goes too deep, the first few steps are enough to find it.
  const where = problem.kind === 'too-deep' ? `${formatDataPath(problem.path.slice(0, 4))}...` : formatDataPath(problem.path);
  return `${where}: ${dataProblemReason(problem)}`;
}

/** What is wrong, without where. */
export function dataProblemReason(problem: DataProblem): string {
  if (problem.kind === 'too-deep') return `nested more than ${MAX_DATA_DEPTH} levels deep`;
  const key = String(problem.path[problem.path.length - 1]);
  return `the key "${key}" is not allowed (it could change the behaviour of every object in the program)`;
}

/**
 * ['audit', 'suppressions', 0, 'rule'] -> audit.suppressions[0].rule. A key that is not a short
 * name is described, not shown: keys come from the file, and the file may be anything.
 */
export function formatDataPath(path: readonly (string | number)[]): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const name = /^[A-Za-z0-9_.-]{1,40}$/.test(part) ? part : `<a ${part.length}-character key>`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
