// How much parsing the fixes of one file may do. Every YamlEditor step parses the document it
// changes again, to check the edit; that is the fix's safety, and its cost is the document's size.
// One document of 1 MiB with thousands of findings (20,000 GitLab scan jobs, a pod of 16,000
// containers) made the fixes alone run for minutes. Past the budget a file's remaining fixes yield
// no edits: their findings stay reported, and `--fix` says the fix had no edits this run (the next
// run, on the fixed file, checks the next ones). The re-audits `--fix` makes between its passes
// share the budget of the file they re-read (shareFixBudget). In a multi-document file only the
// edited document is parsed, so a large install manifest of small documents is far from the bound.
import type { SourceFile, YamlDocument } from '../types.js';
import { YamlEditor } from './yaml-edit.js';

/** Characters of YAML parsed to check one file's fixes, at most. */
export const FIX_CHECK_BUDGET = 2 * 1024 * 1024;

const budgets = new WeakMap<SourceFile, { used: number }>();

function budgetOf(file: SourceFile): { used: number } {
  let budget = budgets.get(file);
  if (!budget) {
    budget = { used: 0 };
    budgets.set(file, budget);
  }
  return budget;
}

/** Why a finding of a fixable rule has no fix when its file's budget ran out first. */
export const FIX_NOT_CHECKED = 'not computed: this file has more fixes than one run checks; apply these and run the fix again';

/** Whether the file's fixes have used up the budget. */
export function fixBudgetSpent(file: SourceFile): boolean {
  return (budgets.get(file)?.used ?? 0) >= FIX_CHECK_BUDGET;
}

/** Makes `to` (the same file re-read after fixes) spend from `from`'s budget. */
export function shareFixBudget(from: SourceFile, to: SourceFile): void {
  budgets.set(to, budgetOf(from));
}

/**
 * Runs `edit` on an editor of the document's file and returns the editor, or undefined when the
 * file's budget is spent. The parsing the edit did is charged to the file even when `edit` throws
 * (the throw is the caller's to handle).
 */
export function editWithinBudget(document: YamlDocument, edit: (editor: YamlEditor) => void): YamlEditor | undefined {
  const budget = budgetOf(document.file);
  if (budget.used >= FIX_CHECK_BUDGET) return undefined;
  const editor = new YamlEditor(document.file.text, document.index);
  try {
    edit(editor);
  } finally {
    budget.used += editor.parsedChars;
  }
  return editor;
}
