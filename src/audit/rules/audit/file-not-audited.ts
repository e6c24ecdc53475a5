// A file of a kind the audit reads (a Dockerfile, a manifest, a workflow) that it could not read:
// larger than the limit, unreadable, or not a regular file. Whatever it holds passed unchecked, so
// it is a finding that counts for the gate, not a note that scrolls past: argo-cd's 1.9 MB
// install.yaml was once skipped while the run said "No findings". The audit entry
// (src/audit/index.ts) makes these from what discovery could not read.
import { type Finding, defineRule } from '../../types.js';

export const fileNotAudited = defineRule({
  id: 'audit/file-not-audited',
  area: 'audit',
  severity: 'high',
  title: 'A file the audit reads was not audited',
  why:
    'A Dockerfile, manifest or workflow the audit could not read is one no rule checked: a privileged pod in it would ' +
    'pass. Reported as a note only, a gate would go green on a repository whose riskiest file was never opened.',
  detect:
    'A Dockerfile or a YAML or JSON file could not be read: larger than the limit (16 MiB for YAML and JSON, 1 MiB for ' +
    'Dockerfiles), a read error, or not a regular file (a FIFO or device). Other text the secrets scan reads, and binary ' +
    'files, stay notes.',
  fix:
    'Split a huge file, or make it readable. If it is generated output that others audit, suppress this finding for it in ' +
    '.secure-container.yaml with the reason.',
  refs: [],
  check: () => {}, // reported by the audit entry, which knows what discovery could not read
});

/** The finding for one file discovery could not read, with the reason in words. */
export function fileNotAuditedFinding(file: string, reason: string): Finding {
  return {
    ruleId: fileNotAudited.id,
    severity: fileNotAudited.severity,
    location: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
    message: `not audited (${reason}): nothing in this file was checked.`,
    refs: [],
  };
}
