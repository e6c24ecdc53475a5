// The browser's side effects, apart from the screens: auditing, applying and undoing fixes,
// recording suppressions, and the exit code. Every write goes through the safe-write module
// (temp file + rename, refused when the file on disk is no longer the one the audit read), so
// Ctrl-C or a crash leaves each file as it was or complete, never half-written.
import { type AuditResult, audit } from '../../audit/index.js';
import { type FixPlan, applyFixPlan, planFixes } from '../../audit/fix/apply.js';
import { type FailOn, failsGate } from '../../audit/severity.js';
import { localDay } from '../../audit/suppress.js';
import type { Finding } from '../../audit/types.js';
import { EXIT } from '../../cli/errors.js';
import { type ResourceValues, withResourceValues } from './resource-fix.js';
import { readConfigText, writeEdit } from './write-edit.js';
import { type SuppressionInput, type SuppressionPlace, configSuppression, inlineSuppression, literalGlob } from './suppression.js';

export interface BrowserOptions {
  readonly root: string;
  readonly failOn: FailOn;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** Findings in test, docs and example paths count for the exit code too. */
  readonly includeTests?: boolean;
  /** Globs of files not to audit (--exclude). */
  readonly exclude?: readonly string[];
}

/** What the screens ask of the session; a test can hand them its own. */
export interface BrowserActions {
  /**
   * Every finding's fix that can be applied together, caveats included: the person sees them
   * before confirming. `resources`: the values k8s/missing-resources' fix uses instead of its defaults.
   */
  preview(findings: readonly Finding[], resources?: ResourceValues): FixPlan;
  /** Writes the plan, re-audits and returns the new result; the plan's undo is remembered. */
  apply(plan: FixPlan): Promise<AuditResult>;
  /** Undoes the last applied fix; undefined when there is nothing to undo. */
  undo(): Promise<AuditResult | undefined>;
  canUndo(): boolean;
  suppress(finding: Finding, place: SuppressionPlace, input: SuppressionInput): Promise<AuditResult>;
  /** Re-reads the repository (after a refusal because a file changed on disk). */
  reload(): Promise<AuditResult>;
  today(): string;
}

export class AuditSession implements BrowserActions {
  private current: AuditResult | undefined;
  private readonly undoStack: FixPlan[] = [];
  /** One write at a time: a key pressed during a write waits for it rather than racing it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: BrowserOptions) {}

  get result(): AuditResult {
    if (!this.current) throw new Error('the repository has not been audited yet');
    return this.current;
  }

  async reload(): Promise<AuditResult> {
    this.current = await audit({
      target: { folder: this.options.root },
      only: this.options.only,
      skip: this.options.skip,
      ...(this.options.exclude ? { exclude: this.options.exclude } : {}),
    });
    return this.current;
  }

  preview(findings: readonly Finding[], resources?: ResourceValues): FixPlan {
    // A finding shown before the last re-audit carries edits at offsets of the old text: take the
    // current finding with the same identity (and its fix, computed on the text as it is now).
    // Identity without the line, which a fix or a comment above moves; the nearest line wins.
    const result = this.result;
    const current = new Set(result.findings);
    const identity = (finding: Finding) => `${finding.ruleId}\u0000${finding.location.file}\u0000${finding.message}`;
    const byIdentity = new Map<string, Finding[]>();
    for (const finding of result.findings) byIdentity.set(identity(finding), [...(byIdentity.get(identity(finding)) ?? []), finding]);
    const nearest = (finding: Finding) =>
      (byIdentity.get(identity(finding)) ?? []).reduce<Finding | undefined>(
        (best, candidate) => (!best || Math.abs(candidate.location.line - finding.location.line) < Math.abs(best.location.line - finding.location.line) ? candidate : best),
        undefined,
      );
    const selected: Finding[] = [];
    const gone: { finding: Finding; reason: string }[] = [];
    for (const finding of findings) {
      const now = current.has(finding) ? finding : nearest(finding);
      if (now) selected.push(now);
      else gone.push({ finding, reason: 'the repository changed since it was shown, and it is no longer there as it was' });
    }
    const plan = planFixes(result, resources ? withResourceValues(result, selected, resources) : selected, { include: 'all' });
    return gone.length === 0 ? plan : { ...plan, skipped: [...plan.skipped, ...gone] };
  }

  apply(plan: FixPlan): Promise<AuditResult> {
    return this.serial(async () => {
      const applied = await applyFixPlan(this.options.root, plan);
      this.undoStack.push(applied.undo);
      return this.reload();
    });
  }

  undo(): Promise<AuditResult | undefined> {
    return this.serial(async () => {
      const plan = this.undoStack.at(-1);
      if (!plan) return undefined;
      await applyFixPlan(this.options.root, plan);
      this.undoStack.pop();
      return this.reload();
    });
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  suppress(finding: Finding, place: SuppressionPlace, input: SuppressionInput): Promise<AuditResult> {
    return this.serial(async () => {
      const reason = input.reason;
      const until = input.until.trim();
      const edit =
        place === 'inline'
          ? inlineSuppression(this.result.repo, finding, reason)
          : configSuppression(await readConfigText(this.options.root), { rule: finding.ruleId, path: literalGlob(finding.location.file), reason, ...(until ? { until } : {}) });
      await writeEdit(this.options.root, edit);
      return this.reload();
    });
  }

  today(): string {
    return localDay();
  }

  /** The code the non-interactive run would exit with for what is left. */
  exitCode(): number {
    const gate = this.options.includeTests ? this.result.findings : this.result.findings.filter((finding) => finding.scope === undefined);
    return failsGate(gate, this.options.failOn) ? EXIT.refused : EXIT.ok;
  }

  /** Resolves when no write is under way (the browser waits for it before exiting). */
  async settled(): Promise<void> {
    await this.queue;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
