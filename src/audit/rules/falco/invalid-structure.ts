// A Falco rules file Falco would refuse or misread: checked against the strict schema in
// src/falco/schema.ts (shared with the generator's tests). Priority values are left to
// falco/invalid-priority, which knows Falco's case-insensitive parsing.
import { validateFalcoRules } from '../../../falco/schema.js';
import { defineRule } from '../../types.js';

export const invalidStructure = defineRule({
  id: 'falco/invalid-structure',
  area: 'falco',
  severity: 'high',
  title: 'Falco rules file has an invalid structure',
  why:
    'Falco refuses to start with a rules file it cannot load, and silently ignores keys it does not know: a typo such as ' +
    '`priorty:` or `exception:` leaves a rule without what its author wrote, and the detection you rely on is not there.',
  detect:
    'Each item must be exactly one of rule, macro, list, required_engine_version or required_plugin_versions, with only ' +
    'the keys Falco knows. A new rule needs desc, condition, output and priority; a macro needs condition; a list needs ' +
    'items; overrides name only fields the item sets.',
  fix: 'Correct the key or add the missing field at the reported position; `falco -V rules.yaml` validates the file with your Falco version.',
  refs: [],
  check({ repo, report }) {
    for (const document of repo.falcoRules) {
      for (const problem of validateFalcoRules(document.data)) {
        const path = pointerToPath(problem.path);
        if (path.length === 2 && path[1] === 'priority') continue; // falco/invalid-priority
        const onKey = problem.message.startsWith('unknown key');
        report({ location: document.locate(path, onKey ? 'key' : 'value'), message: problem.message });
      }
    }
  },
});

/** "/3/exceptions/0" -> [3, 'exceptions', 0] */
function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}
