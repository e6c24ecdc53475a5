// The fix engine shared by `audit --fix` and the terminal browser: findings -> fixes -> plan ->
// safe write. planFixes applies fixes in memory the way ESLint does: per pass, every selected fix
// whose edits do not touch an edit already taken; the files are then re-parsed and the rules of
// the findings still waiting re-run, so a fix computed on the new text replaces one that
// conflicted (two fixes of one container's securityContext compose). applyFixPlan writes the plan
// as one transaction through the safe-write module and returns the plan that undoes it.
import { lstat, open, unlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { diffLines } from 'diff';
import { type FileChange, type FileContent, WriteError, resolveInside, writeChanges } from '../../generate/write.js';
import type { AuditResult } from '../index.js';
import { runRules } from '../engine.js';
import { parseRepo } from '../parse.js';
import type { Finding, Rule, SourceFile, TextEdit } from '../types.js';
import { shareFixBudget } from './check-budget.js';

export interface FixSelection {
  readonly include: 'safe' | 'all';
}

export interface FixPlan {
  /** One change per file touched: `previous` = the text the audit read, `file.content` = after every fix. */
  readonly changes: readonly FileChange[];
  /** Findings whose fix is in the plan. */
  readonly fixed: readonly Finding[];
  /** Findings of the selection left out, each with why: no fix, a caveat not included, a conflict. */
  readonly skipped: readonly { readonly finding: Finding; readonly reason: string }[];
  /**
   * Files the plan deletes, each only if it still has exactly this content (the undo of a fix
   * that created the file). Plans made by planFixes never delete.
   */
  readonly remove?: readonly FileContent[];
}

export interface AppliedFixes {
  readonly written: readonly string[];
  readonly undo: FixPlan;
}

/** At most this many passes: fixes that keep conflicting after that are reported, not looped on. */
export const MAX_PASSES = 10;

export const SKIP_REASON = {
  conflict: 'its fix overlaps another fix of the same lines and did not converge; run the fix again',
  stale: 'its fix does not apply to the file as it was read (an edit outside the file)',
  gone: 'another fix in this plan changed the same lines and it was not found again there (audit again to see whether it is left)',
  empty: 'its fix has no edits: the edit could not be made, or the file has more fixes than one run checks (run the fix again)',
} as const;

/** Why a finding without a fix has none: the rule's own reason, or a generic one. */
export function noFixReason(finding: Finding, rules: readonly Rule[]): string {
  if (finding.noFix) return finding.noFix;
  const rule = rules.find((candidate) => candidate.id === finding.ruleId);
  if (rule?.noFix) return rule.noFix;
  if (finding.ruleId.startsWith('audit/')) return 'a problem of the audit itself (a file that does not parse, a suppression without a reason): fix it by hand';
  if (rule?.fixable) return `needs a human decision in this case (\`explain ${finding.ruleId}\` says how to fix it)`;
  return `needs a human decision (\`explain ${finding.ruleId}\` says how to fix it)`;
}

export function caveatReason(caveat: string): string {
  return `its fix has a caveat (applied with --fix=all or after a preview): ${caveat}`;
}

export function planFixes(result: AuditResult, findings: readonly Finding[], selection: FixSelection): FixPlan {
  const original = new Map(result.repo.files.map((file) => [file.path, file.text] as const));
  const texts = new Map(original);
  const fixed: Finding[] = [];
  const skipped: { finding: Finding; reason: string }[] = [];
  // Findings without a fix (or with a caveat the selection leaves out) may get one once other fixes
  // changed their files: a USER added to the Dockerfile gives runAsNonRoot its UID. They are looked
  // at again whenever the waiting list empties after a pass that changed something.
  let unfixed: Finding[] = [];

  // Each waiting entry is the finding as selected plus its current version (re-found each pass).
  let waiting: { selected: Finding; current: Finding }[] = [];
  for (const finding of findings) {
    const reason = whyNotNow(finding, result.rules, selection);
    if (reason === undefined) waiting.push({ selected: finding, current: finding });
    else {
      skipped.push({ finding, reason });
      unfixed.push(finding);
    }
  }

  let changedSinceRevisit = false;
  for (let pass = 0; pass < MAX_PASSES && waiting.length > 0; pass++) {
    const taken = new Map<string, TextEdit[]>();
    const deferred: typeof waiting = [];
    for (const entry of waiting) {
      const edits = entry.current.fix!.edits;
      if (edits.length === 0) {
        skipped.push({ finding: entry.selected, reason: SKIP_REASON.empty });
      } else if (!edits.every((edit) => fitsText(edit, texts))) {
        skipped.push({ finding: entry.selected, reason: SKIP_REASON.stale });
      } else if (alreadyTaken(edits, taken)) {
        fixed.push(entry.selected); // the same edits as a fix already in this pass (one fix for several findings)
      } else if (edits.some((edit) => (taken.get(edit.file) ?? []).some((other) => touches(edit, other)))) {
        deferred.push(entry);
      } else {
        for (const edit of edits) {
          const list = taken.get(edit.file);
          if (list) list.push(edit);
          else taken.set(edit.file, [edit]);
        }
        fixed.push(entry.selected);
      }
    }
    for (const [file, edits] of taken) texts.set(file, applyEdits(texts.get(file) ?? '', edits));
    if (taken.size > 0) changedSinceRevisit = true;
    waiting = deferred.length === 0 ? [] : refind(result, texts, deferred, skipped, selection);
    if (waiting.length === 0 && changedSinceRevisit && unfixed.length > 0) {
      changedSinceRevisit = false;
      const revisited = revisit(result, texts, unfixed, selection);
      unfixed = revisited.still;
      for (const entry of revisited.now) {
        const at = skipped.findIndex((skip) => skip.finding === entry.selected);
        if (at >= 0) skipped.splice(at, 1);
      }
      waiting = revisited.now;
    }
  }
  // Passes ran out: whatever still waits is reported, never silently dropped.
  for (const { selected } of waiting) skipped.push({ finding: selected, reason: SKIP_REASON.conflict });

  const changes: FileChange[] = [];
  for (const [file, content] of texts) {
    const before = original.get(file);
    if (before === content) continue;
    changes.push(fileChange(file, before, content));
  }
  changes.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  return { changes, fixed, skipped };
}

/** Why a finding's fix can't be taken now (no fix, or a caveat --fix leaves out); undefined when it can. */
function whyNotNow(finding: Finding, rules: readonly Rule[], selection: FixSelection): string | undefined {
  if (!finding.fix) return noFixReason(finding, rules);
  if (finding.fix.caveat !== undefined && selection.include === 'safe') return caveatReason(finding.fix.caveat);
  return undefined;
}

/**
 * Finds findings that had no fix again on the files as they are now; those that have one now
 * wait for the next pass, the others stay as they were (with their first reason).
 */
function revisit(
  result: AuditResult,
  texts: ReadonlyMap<string, string>,
  unfixed: readonly Finding[],
  selection: FixSelection,
): { now: { selected: Finding; current: Finding }[]; still: Finding[] } {
  const pool = freshFindings(result, texts, new Set(unfixed.map((finding) => finding.ruleId)));
  const now: { selected: Finding; current: Finding }[] = [];
  const still: Finding[] = [];
  for (const finding of unfixed) {
    const current = pool.get(identity(finding))?.shift();
    if (current && whyNotNow(current, result.rules, selection) === undefined) now.push({ selected: finding, current });
    else still.push(finding);
  }
  return { now, still };
}

/** The findings of some rules on the files as they are now, by identity, in file order. */
function freshFindings(result: AuditResult, texts: ReadonlyMap<string, string>, ruleIds: ReadonlySet<string>): Map<string, Finding[]> {
  const files: SourceFile[] = [...texts].map(([path, text]) => ({ path, text }));
  const originals = new Map(result.repo.files.map((file) => [file.path, file] as const));
  for (const file of files) {
    const original = originals.get(file.path);
    if (original) shareFixBudget(original, file);
  }
  const { repo } = parseRepo(result.repo.root, files);
  const pool = new Map<string, Finding[]>();
  for (const finding of runRules(repo, result.rules.filter((rule) => ruleIds.has(rule.id)))) {
    const list = pool.get(identity(finding));
    if (list) list.push(finding);
    else pool.set(identity(finding), [finding]);
  }
  return pool;
}

/**
 * Re-parses the files as they are after this pass and finds each deferred finding again (same
 * rule, file and message, in order), now with a fix computed on the new text. A deferred finding
 * that no longer fires was resolved by another fix of the pass.
 */
function refind(
  result: AuditResult,
  texts: ReadonlyMap<string, string>,
  deferred: readonly { selected: Finding; current: Finding }[],
  skipped: { finding: Finding; reason: string }[],
  selection: FixSelection,
): { selected: Finding; current: Finding }[] {
  const pool = freshFindings(result, texts, new Set(deferred.map((entry) => entry.selected.ruleId)));
  const next: { selected: Finding; current: Finding }[] = [];
  for (const entry of deferred) {
    const current = pool.get(identity(entry.selected))?.shift();
    if (!current) skipped.push({ finding: entry.selected, reason: SKIP_REASON.gone });
    else {
      const reason = whyNotNow(current, result.rules, selection);
      if (reason === undefined) next.push({ selected: entry.selected, current });
      else skipped.push({ finding: entry.selected, reason });
    }
  }
  return next;
}

function identity(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.location.file}\u0000${finding.message}`;
}

/** An edit fits the text it was computed on: in bounds, or start = end = 0 on a file to create. */
function fitsText(edit: TextEdit, texts: ReadonlyMap<string, string>): boolean {
  const text = texts.get(edit.file);
  if (!Number.isInteger(edit.start) || !Number.isInteger(edit.end) || edit.start < 0 || edit.end < edit.start) return false;
  if (text === undefined) return edit.start === 0 && edit.end === 0 && isPlainRelative(edit.file);
  return edit.end <= text.length;
}

/** A path a fix may create: relative, / separated, never leaving the root. */
function isPlainRelative(file: string): boolean {
  return file !== '' && !path.posix.isAbsolute(file) && !file.includes('\\') && !file.split('/').some((part) => part === '..' || part === '' || part === '.');
}

/** Edits that overlap or meet (two insertions at one point, one edit ending where the next starts) wait for the next pass. */
function touches(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function alreadyTaken(edits: readonly TextEdit[], taken: ReadonlyMap<string, readonly TextEdit[]>): boolean {
  return (
    edits.length > 0 &&
    edits.every((edit) => (taken.get(edit.file) ?? []).some((other) => other.start === edit.start && other.end === edit.end && other.text === edit.text))
  );
}

/** Non-overlapping edits of one text, applied last-first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function fileChange(file: string, previous: string | undefined, content: string): FileChange {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(previous ?? '', content)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  const body = { path: file, content };
  // No `seen` fingerprint: the write then checks the disk against the status itself (a new file
  // must still be absent, a changed one must still hold `previous`, the text the audit read).
  return previous === undefined ? { file: body, status: 'new', added, removed: 0 } : { file: body, status: 'changed', previous, added, removed };
}

/**
 * Writes the plan as one transaction (no .bak copies: a Dockerfile.bak would itself be audited,
 * and the returned undo restores the files). Refuses with a WriteError, writing nothing, if a
 * file changed on disk since the audit read it or a file to create now exists.
 */
export async function applyFixPlan(root: string, plan: FixPlan): Promise<AppliedFixes> {
  const removals = plan.remove ?? [];
  // Removals are checked before anything is written, so a refusal leaves every file as it was.
  for (const file of removals) await checkRemovable(root, file);
  const result = plan.changes.length > 0 ? await writeChanges(root, plan.changes, { force: true, backup: false }) : { written: [] };
  for (const file of removals) await removeIfUnchanged(root, file);

  const undoChanges: FileChange[] = [];
  const undoRemove: FileContent[] = [];
  for (const change of plan.changes) {
    if (change.status === 'new') undoRemove.push(change.file);
    else if (change.status === 'changed' && change.previous !== undefined) undoChanges.push(fileChange(change.file.path, change.file.content, change.previous));
  }
  for (const file of removals) undoChanges.push(fileChange(file.path, undefined, file.content));
  const undo: FixPlan = { changes: undoChanges, fixed: [], skipped: [], ...(undoRemove.length > 0 ? { remove: undoRemove } : {}) };
  return { written: [...result.written, ...removals.map((file) => file.path)], undo };
}

/** The file exists as a regular file (no link followed) with exactly the expected content. */
async function checkRemovable(root: string, file: FileContent): Promise<void> {
  const target = resolveInside(root, file.path);
  const shown = file.path;
  let stats;
  try {
    stats = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // already gone: nothing to undo
    throw new WriteError(`${shown}: cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const expected = Buffer.from(file.content, 'utf8');
  if (!stats.isFile() || stats.size !== expected.length) throw new WriteError(`${shown} changed on disk since the fix created it; it was left in place`);
  const handle = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const bytes = Buffer.alloc(expected.length);
    const { bytesRead } = await handle.read(bytes, 0, expected.length, 0);
    if (bytesRead !== expected.length || !bytes.equals(expected)) throw new WriteError(`${shown} changed on disk since the fix created it; it was left in place`);
  } finally {
    await handle.close();
  }
}

async function removeIfUnchanged(root: string, file: FileContent): Promise<void> {
  await checkRemovable(root, file);
  try {
    await unlink(resolveInside(root, file.path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new WriteError(`${file.path}: cannot be removed (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
