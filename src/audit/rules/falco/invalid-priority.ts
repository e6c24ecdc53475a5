// A rule priority Falco does not know stops Falco from loading the file ("Unknown priority value").
import { closeMatches } from '../../select.js';
import { defineRule } from '../../types.js';
import { priorityFix } from '../../fix/falco.js';
import { falcoItems } from './_support.js';

/** What Falco's parser accepts, compared without case; `info` is a legacy spelling of informational. */
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'];
const SHOWN = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'];

export const invalidPriority = defineRule({
  id: 'falco/invalid-priority',
  area: 'falco',
  severity: 'high',
  title: 'Falco rule priority is not valid',
  why: 'Falco refuses to load a rules file with an unknown priority, so none of its rules run; outputs and alert routing are also keyed on the priority.',
  detect: `A rule's priority is not one of ${SHOWN.join(', ')} (any case; INFO is accepted for INFORMATIONAL).`,
  fix: 'Use one of the priorities above, matching how urgently someone must react: CRITICAL for a likely compromise, WARNING for suspicious activity, NOTICE for noteworthy events.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    for (const item of falcoItems(repo)) {
      if (item.kind !== 'rule' || !('priority' in item.fields)) continue;
      const priority = item.fields.priority;
      if (typeof priority === 'string' && PRIORITIES.includes(priority.toLowerCase())) continue;
      const hint = typeof priority === 'string' ? closeMatches(priority.toUpperCase(), SHOWN, 2) : [];
      // One near spelling is a typo to correct; none or several is a choice of urgency only a person makes.
      const fix = hint.length === 1 ? priorityFix(item, hint[0]!) : undefined;
      report({
        ...(fix ? { fix } : { noFix: 'No single priority is close to this value: how urgently someone must react is the team\'s choice.' }),
        location: item.locate('priority'),
        message:
          `rule ${JSON.stringify(item.name)} has priority ${JSON.stringify(priority)}, which Falco does not know` +
          `${hint.length > 0 ? ` (did you mean ${hint.join(' or ')}?)` : ''}; use one of ${SHOWN.join(', ')}.`,
      });
    }
  },
});
