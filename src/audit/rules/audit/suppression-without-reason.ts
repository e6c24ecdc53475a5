// Metadata for the finding the suppression pass makes when a suppression gives no reason.
import { defineRule } from '../../types.js';

export const suppressionWithoutReason = defineRule({
  id: 'audit/suppression-without-reason',
  area: 'audit',
  severity: 'medium',
  title: 'Suppression without a reason',
  why:
    'A silenced finding is an accepted risk. Without the reason next to it, a reviewer cannot tell a deliberate ' +
    'decision from a way to make the gate pass, and nobody knows when to revisit it.',
  detect:
    'A `# secure-container-ignore RULE` or `# hadolint ignore=DLxxxx` comment with nothing after the rule ids, or an ' +
    'entry of audit.suppressions in .secure-container.yaml without `reason`. The suppression still applies.',
  fix:
    'Say why the finding is acceptable: `# secure-container-ignore RULE needs root to bind port 80 (ticket 123)`, or ' +
    '`reason:` on the entry, with an `until:` date when the exception is temporary.',
  refs: [],
  check: () => {}, // reported by the suppression pass, not by a check
});
