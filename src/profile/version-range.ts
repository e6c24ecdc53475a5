// Which of the runtime versions we support does a project's declared range allow? Ranges come in
// npm's form (engines.node: "^22.12 || >=24", "20.x") and PEP 440's (requires-python: ">=3.11,<4",
// "~=3.12"). We support whole families ("22" is every 22.x.y), so a family satisfies a comparator
// when some version in it does. This is deliberately approximate: it answers "which default should
// the wizard offer", never "is this build valid".

type Version = readonly number[];
type Operator = '>=' | '>' | '<=' | '<' | '=' | '!=';
interface Comparator {
  readonly op: Operator;
  readonly version: Version;
}

/** The newest of `supported` (e.g. ["22", "24"]) allowed by `range`; undefined if none or unreadable. */
export function newestSatisfying(range: string, supported: readonly string[]): string | undefined {
  const alternatives = parseRange(range);
  if (!alternatives) return undefined;
  const allowed = supported.filter((family) => {
    const version = parseVersion(family);
    return version !== undefined && alternatives.some((all) => all.every((c) => familySatisfies(version, c)));
  });
  return allowed.sort((a, b) => compare(parseVersion(b)!, parseVersion(a)!))[0];
}

/** "1.25.3" -> [1, 25, 3]; undefined unless it is dot-separated numbers. */
export function parseVersion(text: string): Version | undefined {
  return /^\d+(?:\.\d+)*$/.test(text) ? text.split('.').map(Number) : undefined;
}

/** Alternatives (||) of comparator sets that must all hold; undefined when the text is not a range. */
function parseRange(range: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    const text = alternative
      .trim()
      .replace(/^(\S+)\s+-\s+(\S+)$/, '>=$1 <=$2') // npm hyphen range
      .replace(/(\^|~=|~|>=|<=|>|<|===|==|!=|=)\s+/g, '$1') // ">= 3.11" -> ">=3.11"
      .replace(/,/g, ' ');
    const comparators: Comparator[] = [];
    for (const token of text.split(/\s+/).filter(Boolean)) {
      const expanded = expand(token);
      if (!expanded) return undefined;
      comparators.push(...expanded);
    }
    if (comparators.length === 0) return undefined;
    alternatives.push(comparators);
  }
  return alternatives;
}

function expand(token: string): Comparator[] | undefined {
  if (token === '*' || token === 'x' || token === 'X') return [{ op: '>=', version: [0] }];
  const match = /^(\^|~=|~|>=|<=|>|<|===|==|!=|=)?v?(\d+(?:\.(?:\d+|[xX*]))*)$/.exec(token);
  if (!match) return undefined;
  const op = match[1] ?? '';
  const parts = match[2]!.split('.');
  const wildcardAt = parts.findIndex((part) => !/^\d+$/.test(part));
  const version = (wildcardAt < 0 ? parts : parts.slice(0, wildcardAt)).map(Number);
  if (version.length === 0) return [{ op: '>=', version: [0] }];
  const between = (upper: Version): Comparator[] => [
    { op: '>=', version },
    { op: '<', version: upper },
  ];
  switch (op) {
    case '':
    case '=':
    case '==':
    case '===':
      return between(bump(version, version.length - 1));
    case '^': {
      const firstNonZero = version.findIndex((n) => n !== 0);
      return between(bump(version, firstNonZero < 0 ? version.length - 1 : firstNonZero));
    }
    case '~':
      return between(bump(version, Math.min(1, version.length - 1)));
    case '~=':
      return version.length < 2 ? undefined : between(bump(version, version.length - 2));
    case '!=':
      return [{ op: '!=', version }];
    default:
      return [{ op: op as Operator, version }];
  }
}

/** [22, 12] bumped at 0 -> [23]; at 1 -> [22, 13]. */
function bump(version: Version, at: number): Version {
  return [...version.slice(0, at), version[at]! + 1];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Does some version in the family (e.g. 22 = 22.x.y) satisfy the comparator? */
function familySatisfies(family: Version, { op, version }: Comparator): boolean {
  const order = compare(family, version.slice(0, family.length));
  // The bound is more precise than the family and inside it: the family holds versions on both sides.
  if (order === 0 && version.length > family.length) return true;
  switch (op) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
  }
}
