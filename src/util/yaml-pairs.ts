// A mapping's pair by key, looked up in a table instead of a scan of its items.
//
// Locating a finding walks its path through the document, and each step looked for the key among
// every pair of the mapping. A GitLab pipeline of 20,000 jobs is one mapping of 20,000 keys, so
// locating one finding per job took 20,000 × 20,000 comparisons (4 s). Mappings larger than a few
// pairs get a table the first time they are asked, kept per mapping and rebuilt if its items
// change; the answer is the first pair with the key, as Array#find gives it.
import { isScalar, type Pair, type YAMLMap } from 'yaml';

/** Below this many pairs a scan is as fast as a table. */
const SCAN_LIMIT = 16;

type KeyOf = (pair: Pair) => unknown;

interface Table {
  readonly items: readonly unknown[];
  readonly length: number;
  readonly pairs: ReadonlyMap<unknown, Pair>;
}

function lookup(tables: WeakMap<YAMLMap, Table>, keyOf: KeyOf): (map: YAMLMap, key: unknown) => Pair | undefined {
  return (map, key) => {
    if (key !== key) return undefined; // NaN: no key is === to it, though a Map would match one
    const items = map.items as Pair[];
    if (items.length <= SCAN_LIMIT) return items.find((pair) => keyOf(pair) === key);
    let table = tables.get(map);
    if (!table || table.items !== items || table.length !== items.length) {
      const pairs = new Map<unknown, Pair>();
      for (const pair of items) {
        const k = keyOf(pair);
        if (!pairs.has(k)) pairs.set(k, pair);
      }
      table = { items, length: items.length, pairs };
      tables.set(map, table);
    }
    return table.pairs.get(key);
  };
}

/** The first pair whose key is `key`: a scalar key's value, or the key node itself (`===`). */
export const pairWithKey = lookup(new WeakMap(), (pair) => (isScalar(pair.key) ? pair.key.value : pair.key));

/** The first pair whose key is a scalar that reads `name` as a string (`1` for "1"). */
export const pairNamed: (map: YAMLMap, name: string) => Pair | undefined = lookup(new WeakMap(), (pair) =>
  isScalar(pair.key) ? String(pair.key.value) : undefined,
);
