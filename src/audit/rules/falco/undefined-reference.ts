// A condition that names a macro Falco cannot find makes Falco refuse the whole file. A list name
// with a typo is worse: Falco reads an unknown name inside in (...) as a literal string, so the
// rule loads and quietly never matches what it was meant to.
import { closeMatches } from '../../select.js';
import { editDistance } from '../../../util/edit-distance.js';
import { defineRule } from '../../types.js';
import { type FalcoItem, falcoItems, isSyscallSource, locateInCondition, readCondition } from './_support.js';
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
  check({ repo, report }) {
    const items = falcoItems(repo);
    const macros = new Set([...UPSTREAM_MACROS, ...items.filter((item) => item.kind === 'macro').map((item) => item.name)]);
    const lists = new Set([...UPSTREAM_LISTS, ...items.filter((item) => item.kind === 'list').map((item) => item.name)]);
    const knownLists = [...lists];
    const isListTypo = (name: string) => !lists.has(name) && !macros.has(name) && nearestList(name, knownLists) !== undefined;

    for (const item of items) {
      if (!isSyscallSource(item)) continue; // plugin sources (k8saudit, cloudtrail) have their own default rules
      if (item.kind === 'list') {
        checkListItems(item, isListTypo, knownLists, report);
        continue;
      }
      const condition = item.fields.condition;
      if (typeof condition !== 'string') continue;
      const facts = readCondition(condition);
      for (const reference of facts.macros) {
        if (macros.has(reference.name)) continue;
        const hint = closeMatches(reference.name, [...macros], 1);
        report({
          location: locateInCondition(item, 'condition', condition, reference),
          message:
            `${item.kind} ${JSON.stringify(item.name)} references macro "${reference.name}", which is not defined here nor in ` +
            `Falco's default rules${hint.length > 0 ? ` (did you mean ${hint[0]}?)` : ''}; Falco will refuse to load this file.`,
        });
      }
      for (const reference of facts.listItems) {
        if (!isListTypo(reference.name)) continue;
        report({
          location: locateInCondition(item, 'condition', condition, reference),
          severity: 'medium',
          message: listTypoMessage(item, reference.name, knownLists),
        });
      }
    }
  },
});

function checkListItems(item: FalcoItem, isListTypo: (name: string) => boolean, knownLists: readonly string[], report: Parameters<typeof undefinedReference.check>[0]['report']): void {
  const values = item.fields.items;
  if (!Array.isArray(values)) return;
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'string' || !isListTypo(value)) return;
    report({
      location: item.document.locate([item.index, 'items', index]),
      severity: 'medium',
      message: listTypoMessage(item, value, knownLists),
    });
  });
}

/**
 * The list a name is a likely misspelling of: names with an underscore (list names have them,
 * process names rarely do) one edit away, or two for long names. Anything further is taken to be
 * the literal it looks like.
 */
function nearestList(name: string, lists: readonly string[]): string | undefined {
  if (!name.includes('_')) return undefined;
  const allowed = name.length >= 10 ? 2 : 1;
  let best: { list: string; distance: number } | undefined;
  for (const list of lists) {
    const distance = editDistance(name, list);
    if (distance <= allowed && distance < (best?.distance ?? Infinity)) best = { list, distance };
  }
  return best?.list;
}

function listTypoMessage(item: FalcoItem, name: string, knownLists: readonly string[]): string {
  const hint = nearestList(name, knownLists);
  return (
    `${item.kind} ${JSON.stringify(item.name)} uses "${name}" where a list is expected, but no list has that name ` +
    `(did you mean ${hint}?); Falco reads it as the literal string "${name}", so the rule will not match as intended.`
  );
}
