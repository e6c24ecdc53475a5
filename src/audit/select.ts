// --only / --skip: which rules run, by rule id (dockerfile/root-user), area (dockerfile,
// kubernetes) or id prefix (k8s). A name that matches nothing is an error with suggestions, so a
// typo never silently turns a check off.
import type { Rule } from './types.js';
import { editDistance } from '../util/edit-distance.js';

export interface Selection {
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
}

export class UnknownRuleError extends Error {
  constructor(
    readonly input: string,
    readonly suggestions: readonly string[],
  ) {
    super(`unknown rule or area "${input}"${suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : ''}`);
    this.name = 'UnknownRuleError';
  }
}

/** Whether a --only/--skip name designates this rule. */
export function nameMatches(name: string, rule: { readonly id: string; readonly area: string }): boolean {
  return rule.id === name || rule.area === name || rule.id.startsWith(`${name}/`);
}

/**
 * The rules to run, in catalogue order. The audit's own rules (parse errors, rule failures,
 * suppressions without a reason) are kept by --only, because they say what the other rules could
 * not see; --skip can still remove them.
 */
export function selectRules(catalogue: readonly Rule[], selection: Selection): Rule[] {
  const only = selection.only ?? [];
  const skip = selection.skip ?? [];
  for (const name of [...only, ...skip]) assertKnown(name, catalogue);
  return catalogue.filter(
    (rule) =>
      (only.length === 0 || rule.area === 'audit' || only.some((name) => nameMatches(name, rule))) &&
      !skip.some((name) => nameMatches(name, rule)),
  );
}

function assertKnown(name: string, catalogue: readonly Rule[]): void {
  if (catalogue.some((rule) => nameMatches(name, rule))) return;
  throw new UnknownRuleError(name, closeMatches(name, selectableNames(catalogue)));
}

/** Every name --only/--skip accepts: ids, areas and id prefixes. */
export function selectableNames(catalogue: readonly Rule[]): string[] {
  const names = new Set<string>();
  for (const rule of catalogue) {
    names.add(rule.id);
    names.add(rule.area);
    names.add(rule.id.slice(0, rule.id.indexOf('/')));
  }
  return [...names];
}

/** Up to `limit` candidates close to input: same text in another case, a shared substring, or a few edits away. */
export function closeMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const tail = lower.slice(lower.indexOf('/') + 1);
      const distance = Math.min(editDistance(needle, lower), editDistance(needle, tail));
      const contains = needle.length >= 3 && lower.includes(needle); // a fragment, e.g. privileged
      return { candidate, score: contains ? Math.min(distance, 1) : distance };
    })
    .filter(({ candidate, score }) => score <= Math.max(2, Math.floor(Math.min(needle.length, candidate.length) / 3)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

