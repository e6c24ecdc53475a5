// A condition that names a macro Falco cannot find makes Falco refuse the whole file. A list name
// with a typo is worse: Falco reads an unknown name inside in (...) as a literal string, so the
// rule loads and quietly never matches what it was meant to.
import { defineMacroFix } from '../../fix/falco.js';
import { closeMatches } from '../../select.js';
import { editDistance } from '../../../util/edit-distance.js';
import { defineRule } from '../../types.js';
import { type FalcoItem, FindingBudget, MAX_FINDINGS_PER_FILE, falcoItems, isSyscallSource, locateInCondition, readCondition, shownName } from './_support.js';
import { UPSTREAM_LISTS, UPSTREAM_MACROS } from './upstream-names.js';

export const undefinedReference = defineRule({
  id: 'falco/undefined-reference',
  area: 'falco',
  severity: 'high',
  title: 'Falco condition references an undefined macro or list',
  why:
    'Falco refuses to load a rules file whose condition names a macro that does not exist, so none of its rules run. ' +
    'An unknown name inside `in (...)` is not an error but a literal string: a misspelt list silently turns a rule off.',
  detect:
    'A bare name in a rule or macro condition that is not a macro defined in the repository\'s Falco files or in ' +
    "Falco's default ruleset (falco_rules.yaml); and a name inside in / intersects / pmatch (...) or a list's items " +
    'that is not a defined list but is one or two letters away from one.',
  fix:
    'Define the macro or list (in this file or one Falco loads before it), correct the spelling, or, if it comes from ' +
    'the incubating or sandbox rules, load that file before yours.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const items = falcoItems(repo);
    const defined = new Set<string>(); // one definition per missing macro, above its first use
    const macros = new Set([...UPSTREAM_MACROS, ...items.filter((item) => item.kind === 'macro').map((item) => item.name)]);
    const lists = new Set([...UPSTREAM_LISTS, ...items.filter((item) => item.kind === 'list').map((item) => item.name)]);
    const macroNames = [...macros];
    const typos = new ListTypos(lists, macros);
    const budget = new FindingBudget(report);

    for (const item of items) {
      if (!isSyscallSource(item)) continue; // plugin sources (k8saudit, cloudtrail) have their own default rules
      if (item.kind === 'list') {
        checkListItems(item, typos, budget);
        continue;
      }
      const condition = item.fields.condition;
      if (typeof condition !== 'string') continue;
      const facts = readCondition(condition);
      for (const reference of facts.macros) {
        if (macros.has(reference.name)) continue;
        budget.add(item.document.file.path, () => {
          // Suggestions are searched for only among short names: a long name is no typo of a macro.
          const hint = reference.name.length <= MAX_TYPO_NAME ? closeMatches(reference.name, macroNames, 1) : [];
          // A near name is probably what was meant (a person picks); a name near nothing is a macro to write.
          const fix = hint.length === 0 && !defined.has(reference.name) ? defineMacroFix(item, reference.name, reference.negated) : undefined;
          if (fix) defined.add(reference.name);
          return {
            ...(fix
              ? { fix }
              : { noFix: hint.length > 0 ? `Whether ${shownName(hint[0]!)} was meant is for a person to say: correct the name or define the macro.` : 'The macro is defined by the fix of its first use in this file.' }),
            location: locateInCondition(item, 'condition', condition, reference),
            message:
              `${item.kind} "${shownName(item.name)}" references macro "${shownName(reference.name)}", which is not defined here nor in ` +
              `Falco's default rules${hint.length > 0 ? ` (did you mean ${shownName(hint[0]!)}?)` : ''}; Falco will refuse to load this file.`,
          };
        });
      }
      for (const reference of facts.listItems) {
        const hint = typos.nearest(reference.name);
        if (hint === undefined) continue;
        budget.add(item.document.file.path, () => ({
          location: locateInCondition(item, 'condition', condition, reference),
          severity: 'medium',
          message: listTypoMessage(item, reference.name, hint),
        }));
      }
    }
    budget.finish(
      (more) =>
        `… and ${more.toLocaleString('en-US')} more undefined macro${more === 1 ? '' : 's'} or misspelt list${more === 1 ? '' : 's'} in this file; ` +
        `the first ${MAX_FINDINGS_PER_FILE} are reported above.`,
    );
  },
});

function checkListItems(item: FalcoItem, typos: ListTypos, budget: FindingBudget): void {
  const values = item.fields.items;
  if (!Array.isArray(values)) return;
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'string') return;
    const hint = typos.nearest(value);
    if (hint === undefined) return;
    budget.add(item.document.file.path, () => ({ location: item.document.locate([item.index, 'items', index]), severity: 'medium', message: listTypoMessage(item, value, hint) }));
  });
}

/** Names longer than this are not compared with list and macro names for a "did you mean". */
const MAX_TYPO_NAME = 64;
/** Edit-distance comparisons one audit spends on list typos; past it, the remaining names are not compared. */
const TYPO_COMPARISON_BUDGET = 2_000_000;

/**
 * Which unknown names are likely misspellings of a list. Each distinct name is judged once, and
 * only against lists whose length is within the allowed distance of it; the total number of
 * comparisons is bounded, so a file naming 60,000 lists cannot make this quadratic.
 */
class ListTypos {
  private readonly verdicts = new Map<string, string | undefined>();
  private readonly byLength = new Map<number, string[]>();
  private comparisons = 0;

  constructor(
    private readonly lists: ReadonlySet<string>,
    private readonly macros: ReadonlySet<string>,
  ) {
    for (const list of lists) {
      if (list.length > MAX_TYPO_NAME + 2) continue;
      const group = this.byLength.get(list.length) ?? [];
      group.push(list);
      this.byLength.set(list.length, group);
    }
  }

  /** The list `name` is probably a misspelling of, or undefined when it is a list, a macro, or no near miss. */
  nearest(name: string): string | undefined {
    if (this.lists.has(name) || this.macros.has(name)) return undefined;
    if (this.verdicts.has(name)) return this.verdicts.get(name);
    const verdict = this.search(name);
    this.verdicts.set(name, verdict);
    return verdict;
  }

  /**
   * Names with an underscore (list names have them, process names rarely do) one edit away, or
   * two for long names. Anything further is taken to be the literal it looks like.
   */
  private search(name: string): string | undefined {
    if (!name.includes('_') || name.length > MAX_TYPO_NAME) return undefined;
    const allowed = name.length >= 10 ? 2 : 1;
    let best: { list: string; distance: number } | undefined;
    for (let length = name.length - allowed; length <= name.length + allowed; length++) {
      for (const list of this.byLength.get(length) ?? []) {
        if (++this.comparisons > TYPO_COMPARISON_BUDGET) return best?.list;
        const distance = editDistance(name, list);
        if (distance <= allowed && distance < (best?.distance ?? Infinity)) best = { list, distance };
      }
    }
    return best?.list;
  }
}

function listTypoMessage(item: FalcoItem, name: string, hint: string): string {
  return (
    `${item.kind} "${shownName(item.name)}" uses "${shownName(name)}" where a list is expected, but no list has that name ` +
    `(did you mean ${shownName(hint)}?); Falco reads it as the literal string "${shownName(name)}", so the rule will not match as intended.`
  );
}
