// Macros are expanded by substitution; a macro that reaches itself again never finishes expanding,
// and Falco refuses to load the file.
//
// Linear in the size of the rules: each macro's condition is read once, loops are the strongly
// connected components of the macro graph (one walk with an explicit stack), and each loop is
// reported once with its shortest path back to the macro defined first, its names cut to a few.
import { defineRule } from '../../types.js';
import { type FalcoItem, FindingBudget, MAX_FINDINGS_PER_FILE, chain, falcoItems, readCondition, shownName, stronglyConnected } from './_support.js';

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
    const macros: FalcoItem[] = [];
    const indexOf = new Map<string, number>();
    for (const item of falcoItems(repo)) {
      if (item.kind !== 'macro' || indexOf.has(item.name)) continue;
      indexOf.set(item.name, macros.length);
      macros.push(item);
    }
    const uses = macros.map((item) => {
      const condition = item.fields.condition;
      if (typeof condition !== 'string') return [];
      const targets = new Set<number>();
      for (const reference of readCondition(condition).macros) {
        const target = indexOf.get(reference.name);
        if (target !== undefined) targets.add(target);
      }
      return [...targets];
    });
    const component = stronglyConnected(macros.length, uses);
    const size = new Map<number, number>();
    for (const c of component) size.set(c, (size.get(c) ?? 0) + 1);

    const budget = new FindingBudget(report);
    const reported = new Set<number>();
    macros.forEach((item, start) => {
      const c = component[start]!;
      if (reported.has(c)) return;
      const loops = size.get(c)! > 1 || uses[start]!.includes(start);
      if (!loops) return;
      reported.add(c); // the first macro of each loop, in file order, is where it is reported
      budget.add(item.document.file.path, () => {
        const location = item.locate('condition');
        const path = shortestLoop(start, uses, component).map((i) => macros[i]!.name);
        const through = path.length > 2 ? ` through ${(path.length - 1).toLocaleString('en-US')} macros` : '';
        return {
          location,
          message: `macro "${shownName(item.name)}" leads back to itself${through}: ${chain(path)}; Falco will refuse to load this file.`,
        };
      });
    });
    budget.finish((more) => `… and ${more.toLocaleString('en-US')} more macro loop${more === 1 ? '' : 's'} in this file (each makes Falco refuse it); the first ${MAX_FINDINGS_PER_FILE} are reported above.`);
  },
});

/**
 * The macros on a shortest path from start back to itself, start at both ends
 * (breadth-first inside start's component, so each macro is visited once).
 */
function shortestLoop(start: number, uses: readonly (readonly number[])[], component: Int32Array): number[] {
  const c = component[start]!;
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of uses[node]!) {
      if (next === start) {
        const back: number[] = [];
        for (let at = node; at !== start; at = parent.get(at)!) back.push(at);
        return [start, ...back.reverse(), start];
      }
      if (component[next] !== c || parent.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}
