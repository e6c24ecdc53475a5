// An audit that read no file checked nothing; reporting "no findings" for it would let a CI gate
// pass on a repository whose .gitignore says `*`, on a folder of unreadable files, or on an empty
// `helm template` stream. The audit entry (src/audit/index.ts) makes this finding; the message
// says what happened to the files, from discovery's counts.
import type { DiscoveryCounts } from '../../discover.js';
import { type Finding, defineRule } from '../../types.js';

export const nothingAudited = defineRule({
  id: 'audit/nothing-audited',
  area: 'audit',
  severity: 'high',
  title: 'No file was audited',
  why:
    'An audit that read nothing checked nothing. Passing it would let a gate go green on a repository it never ' +
    'saw: everything excluded by .gitignore, every file unreadable, binary or too large, or an empty manifest stream.',
  detect:
    'The audited folder yielded no file the audit reads (Dockerfiles, YAML, and files scanned for secrets), or the ' +
    'stream given as `-` held no YAML document. The message counts what was ignored, skipped, or of other kinds.',
  fix:
    'Point the audit at the folder that holds the Dockerfiles and manifests; check the .gitignore (a committed `*` ' +
    'excludes everything) and the notes for skipped files; for `audit -`, check that the command feeding it printed manifests.',
  refs: [],
  check: () => {}, // reported by the audit entry, which knows what discovery saw
});

const at = (file: string) => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1 });

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** The finding for a folder from which no file was read, saying what became of its contents. */
export function nothingAuditedInFolder(counts: DiscoveryCounts): Finding {
  const parts: string[] = [];
  if (counts.ignored > 0) parts.push(`${plural(counts.ignored, 'path', 'paths')} excluded by .gitignore`);
  if (counts.skipped > 0) parts.push(`${plural(counts.skipped, 'file', 'files')} skipped (binary, too large, unreadable or not a regular file; see the notes)`);
  if (counts.excludedFolders > 0) parts.push(`${plural(counts.excludedFolders, 'folder', 'folders')} never audited (node_modules, vendor, .git, Helm templates)`);
  if (counts.otherFiles > 0) parts.push(`${plural(counts.otherFiles, 'file', 'files')} of kinds the audit does not read`);
  const what = parts.length > 0 ? parts.join(', ') : 'the folder is empty';
  return {
    ruleId: nothingAudited.id,
    severity: nothingAudited.severity,
    location: at('.'),
    message: `no file was audited: ${what}. An audit of nothing is not a pass.`,
    refs: [],
  };
}

/** The finding for a manifest stream (`audit -`) that held no YAML document. */
export function nothingAuditedInStream(name: string): Finding {
  return {
    ruleId: nothingAudited.id,
    severity: nothingAudited.severity,
    location: at(name),
    message: 'no file was audited: the stream held no YAML document. An audit of nothing is not a pass.',
    refs: [],
  };
}
