// Metadata for the findings the parser makes (see parseError in ../../parse.ts): listed in the
// catalogue so `rules` shows it and `explain audit/parse-error` works. It has nothing to check.
import { defineRule } from '../../types.js';

export const parseError = defineRule({
  id: 'audit/parse-error',
  area: 'audit',
  severity: 'medium',
  title: 'File does not parse',
  why:
    'No other rule can check a file that does not parse, and the tool that reads it (kubectl, Falco, the CI runner) ' +
    'rejects it or, worse, reads something other than what the author meant.',
  detect:
    "The YAML parser reports a syntax error, or expanding the document's aliases goes past the limit (a " +
    '"billion laughs" file). The finding carries the parser\'s message and position. It is high for a file that ' +
    'looks like a Kubernetes manifest (apiVersion and kind), whose workloads no rule could check, so it fails the default gate.',
  fix: 'Correct the syntax at the reported position, then check the file with the tool that consumes it (for example kubectl apply --dry-run=client -f FILE).',
  refs: [],
  check: () => {}, // reported while parsing, not by a check
});
