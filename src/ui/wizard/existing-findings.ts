// Before the questions: what weakens the Dockerfile and manifests the project already has, so the
// person sees why the generated files differ from theirs. The audit's own engine, limited to the
// container, Kubernetes and network rules and to a bounded walk (the wizard must start quickly in
// a large repository); loaded only here.
import type { Finding } from '../../audit/types.js';
import { escapeControl, printablePath } from '../../util/printable.js';

/** How many findings the wizard lists; the rest are counted. */
export const SHOWN = 5;

const LIMITS = { maxFileBytes: 1024 * 1024, maxTotalBytes: 16 * 1024 * 1024, maxEntries: 20_000 };

/** The lines to print before the questions, or none when the project has nothing to audit or nothing wrong. */
export async function existingFindings(dir: string, shownDir: string, width: number): Promise<string[]> {
  const [{ audit }, { SEVERITY_ORDER }] = await Promise.all([import('../../audit/index.js'), import('../../audit/types.js')]);
  let findings: readonly Finding[];
  try {
    ({ findings } = await audit({ target: { folder: dir }, only: ['dockerfile', 'k8s', 'network'], limits: LIMITS }));
  } catch {
    // The audit is a courtesy here: a folder it cannot read is the questions' business, not an error.
    return [];
  }
  // Nothing audited is a finding of its own in an audit run; here it only means there is nothing yet.
  const relevant = findings.filter((finding) => !finding.ruleId.startsWith('audit/'));
  if (relevant.length === 0) return [];
  const rank = (finding: Finding) => SEVERITY_ORDER.indexOf(finding.severity);
  const top = [...relevant].sort((a, b) => rank(a) - rank(b)).slice(0, SHOWN);
  const counts = SEVERITY_ORDER.map((severity) => [severity, relevant.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const lines = [`What weakens the existing setup: ${relevant.length} finding${relevant.length === 1 ? '' : 's'} (${counts.join(', ')}); the generated files avoid them.`];
  for (const finding of top) {
    const where = `${printablePath(finding.location.file)}:${finding.location.line}`;
    lines.push(clip(`  ${finding.severity.padEnd(8)} ${where}  ${escapeControl(finding.message)}`, width));
  }
  if (relevant.length > top.length) lines.push(clip(`  … and ${relevant.length - top.length} more: npx create-secure-container audit ${printablePath(shownDir)}`, width));
  return lines;
}

function clip(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(10, width - 1))}…`;
}
