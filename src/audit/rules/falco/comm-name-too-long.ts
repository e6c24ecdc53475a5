// proc.name, proc.pname and proc.aname are the kernel's comm: the executable's name cut to 15
// characters (TASK_COMM_LEN is 16 with the terminating NUL). A longer name in `in (...)`, written
// as a literal or an item of a list, can never equal it, so `not proc.pname in (…)` excludes
// nothing and an allow-list entry silently does not allow. A name Falco cannot resolve as a list
// is read as such a literal, which makes a misspelt 20-character list name the usual way in.
import { defineRule } from '../../types.js';
import { FindingBudget, MAX_FINDINGS_PER_FILE, falcoItems, isSyscallSource, readCondition, shownName } from './_support.js';
import { UPSTREAM_LISTS } from './upstream-names.js';

/** The most characters a process name (comm) holds. */
const COMM_MAX = 15;
const COMM_FIELD = /^proc\.(?:name|pname|aname(?:\[\d+\])?)$/;
const COMPARISONS = new Set(['=', '==', 'in', 'intersects']);

export const commNameTooLong = defineRule({
  id: 'falco/comm-name-too-long',
  area: 'falco',
  severity: 'medium',
  title: 'Process name longer than the kernel keeps',
  why:
    'proc.name, proc.pname and proc.aname hold the kernel\'s comm, at most 15 characters. A longer name compared with them ' +
    'never matches: an exception such as `not proc.pname in (...)` excludes nothing (the rule floods) and an allow-list ' +
    'entry allows nothing. An undefined list name inside `in (...)` is read as such a literal.',
  detect:
    'A condition comparing proc.name, proc.pname or proc.aname (=, in, intersects) with a literal, or with the items of a list it ' +
    'names, longer than 15 characters. Names Falco resolves as lists are checked item by item.',
  fix: 'Compare with the first 15 characters of the name, or use proc.exepath / proc.pexepath for the full path; define the list if it was meant to be one.',
  refs: [],
  noFix: 'Whether the name was meant as a list, a shorter comm or an executable path is for the rule author to say.',
  check({ repo, report }) {
    const items = falcoItems(repo);
    const lists = new Map<string, readonly unknown[]>();
    for (const item of items) if (item.kind === 'list' && Array.isArray(item.fields.items)) lists.set(item.name, item.fields.items);
    const budget = new FindingBudget(report);
    for (const item of items) {
      if (!isSyscallSource(item) || item.kind === 'list') continue;
      const condition = item.fields.condition;
      if (typeof condition !== 'string') continue;
      for (const test of readCondition(condition).tests) {
        if (!COMM_FIELD.test(test.field) || !COMPARISONS.has(test.operator)) continue;
        for (const value of test.values) {
          const names = lists.has(value) ? lists.get(value)!.filter((entry): entry is string => typeof entry === 'string') : UPSTREAM_LISTS.has(value) ? [] : [value];
          const long = names.find((name) => name.length > COMM_MAX);
          if (long === undefined) continue;
          const via = long === value ? `"${shownName(long)}"` : `"${shownName(long)}" (in list ${shownName(value)})`;
          budget.add(item.document.file.path, () => ({
            location: item.document.locate([item.index, 'condition']),
            message:
              `${item.kind} "${shownName(item.name)}" compares ${test.field} with ${via}, ${long.length} characters; the kernel keeps at most ` +
              `${COMM_MAX}, so it never matches${test.negated ? ' and the exception excludes nothing' : ''}.`,
          }));
        }
      }
    }
    budget.finish((more) => `… and ${more.toLocaleString('en-US')} more such names in this file; the first ${MAX_FINDINGS_PER_FILE} are reported above.`);
  },
});
