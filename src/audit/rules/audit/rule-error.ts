// Metadata for the finding the engine makes when a rule throws: the audit goes on, and the
// failure is visible instead of a silently missing check.
import { defineRule } from '../../types.js';

export const ruleError = defineRule({
  id: 'audit/rule-error',
  area: 'audit',
  severity: 'high',
  title: 'A rule failed; its checks did not run',
  why:
    'A rule that crashed checked nothing, so a clean report would be a false reassurance. The failure counts as a ' +
    'high finding so a gate fails closed rather than open.',
  detect: 'A rule threw an exception while checking the repository. The message names the rule and the error.',
  fix:
    'Report it with the input that triggers it (CSC_DEBUG=1 shows the stack). Until it is fixed, --skip RULE turns the ' +
    'failing rule off explicitly.',
  refs: [],
  check: () => {}, // reported by the engine, not by a check
});
