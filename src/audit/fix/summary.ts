// What `audit --fix` prints before the report of what is left: how many findings were fixed, by
// rule; what remains, grouped by rule and reason, each saying why there is no automatic fix; and
// the unified diff of every file the plan changes (coloured when asked).
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { type FixPlan, caveatReason } from './apply.js';

const CAVEAT_PREFIX = caveatReason('');

export interface FixSummaryOptions {
  readonly color: boolean;
  readonly dryRun: boolean;
  /** Every finding the fix run considered (fixed + skipped). */
  readonly total: number;
}

export function renderFixSummary(plan: FixPlan, options: FixSummaryOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  const verb = options.dryRun ? 'Would fix' : 'Fixed';
  const files = plan.changes.length;
  if (plan.fixed.length === 0) out.push(c.bold(`Nothing to fix automatically (${options.total} finding${options.total === 1 ? '' : 's'} considered).`));
  else out.push(c.bold(`${verb} ${plan.fixed.length} of ${options.total} findings in ${files} file${files === 1 ? '' : 's'}${options.dryRun ? ' (dry run: nothing written)' : ''}:`));
  for (const [rule, count] of countBy(plan.fixed.map((finding) => finding.ruleId))) out.push(`  ${c.green('✔')} ${rule} — ${count}`);
  // Fixes with a caveat (only under --fix=all): what to check, each once.
  const caveats = [...new Set(plan.fixed.flatMap((finding) => (finding.fix?.caveat !== undefined ? [`${finding.ruleId}: ${finding.fix.caveat}`] : [])))];
  if (caveats.length > 0) out.push('', c.bold('Check these (fixes with a caveat):'), ...caveats.map((caveat) => `  ${c.yellow('!')} ${caveat}`));

  if (plan.skipped.length > 0) {
    out.push('', c.bold(`Not fixed automatically: ${plan.skipped.length}`));
    const groups = countBy(plan.skipped.map(({ finding, reason }) => `${finding.ruleId}\u0000${reasonText(reason)}`));
    for (const [key, count] of groups) {
      const [rule, reason] = key.split('\u0000') as [string, string];
      out.push(`  ${rule} — ${count}: ${c.dim(reason)}`);
    }
  }
  if (plan.changes.length > 0) out.push('', ...diffLines(plan, c));
  return `${out.join('\n')}\n`;
}

/**
 * "no fix: …" for a finding without one; a caveat in short (the whole text is long, and the same
 * for every finding of the rule: --fix=all --dry-run prints it); other reasons as they are.
 */
function reasonText(reason: string): string {
  if (reason.startsWith(CAVEAT_PREFIX)) return 'its fix has a caveat: applied by --fix=all (add --dry-run to see it and what to check)';
  return /^(its fix|another fix)/.test(reason) ? reason : `no fix: ${reason}`;
}

function countBy(keys: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/** The unified diff of every change, a/ and b/ paths as git prints them; a new file from /dev/null. */
export function diffLines(plan: FixPlan, c: ReturnType<typeof pc.createColors>): string[] {
  const lines: string[] = [];
  for (const change of plan.changes) {
    const isNew = change.status === 'new';
    const patch = createTwoFilesPatch(isNew ? '/dev/null' : `a/${change.file.path}`, `b/${change.file.path}`, change.previous ?? '', change.file.content, '', '', { context: 3 });
    // The first line of createTwoFilesPatch is a row of '=' ; git's format starts at the --- line.
    for (const line of patch.split('\n').slice(1)) {
      if (line === '') continue;
      if (line.startsWith('+++') || line.startsWith('---')) lines.push(c.bold(line.replace(/\t$/, '')));
      else if (line.startsWith('@@')) lines.push(c.cyan(line));
      else if (line.startsWith('+')) lines.push(c.green(line));
      else if (line.startsWith('-')) lines.push(c.red(line));
      else lines.push(line);
    }
  }
  return lines;
}
