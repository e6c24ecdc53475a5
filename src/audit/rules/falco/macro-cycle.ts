// Macros are expanded by substitution; a macro that reaches itself again never finishes expanding,
// and Falco refuses to load the file.
import { defineRule } from '../../types.js';
import { type FalcoItem, falcoItems, readCondition } from './_support.js';

export const macroCycle = defineRule({
  id: 'falco/macro-cycle',
  area: 'falco',
  severity: 'high',
  title: 'Falco macros reference each other in a loop',
  why: 'Falco expands a macro by substituting its condition; a macro that leads back to itself cannot be expanded, so Falco refuses to load the file and none of its rules run.',
  detect: 'A macro defined in the repository whose condition, followed through the other macros defined in the repository, references the macro itself.',
  fix: 'Break the loop: move the shared part into a third macro that references neither, or inline one side.',
  refs: [],
  check({ repo, report }) {
    const macros = new Map<string, FalcoItem>();
    for (const item of falcoItems(repo)) if (item.kind === 'macro' && !macros.has(item.name)) macros.set(item.name, item);
    const uses = new Map<string, string[]>();
    for (const [name, item] of macros) {
      const condition = item.fields.condition;
      uses.set(name, typeof condition === 'string' ? readCondition(condition).macros.map((r) => r.name).filter((n) => macros.has(n)) : []);
    }
    const reported = new Set<string>();
    for (const start of macros.keys()) {
      const loop = findLoop(start, uses);
      if (!loop || loop.some((name) => reported.has(name))) continue;
      for (const name of loop) reported.add(name);
      report({
        location: macros.get(start)!.locate('condition'),
        message: `macro "${start}" leads back to itself: ${[...loop, start].join(' -> ')}; Falco will refuse to load this file.`,
      });
    }
  },
});

/** The macros on a path from start back to start, or undefined when there is none. */
function findLoop(start: string, uses: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const visited = new Set<string>();
  const walk = (name: string, path: string[]): string[] | undefined => {
    for (const next of uses.get(name) ?? []) {
      if (next === start) return path;
      if (visited.has(next)) continue;
      visited.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}
