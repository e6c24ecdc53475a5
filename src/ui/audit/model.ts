// What the audit browser shows, as pure functions of the finding list: the score, counts, the
// filters and search, and the grouping by rule or by file. The components memoise these on their
// inputs, so a keypress that only moves the cursor never recomputes them.
import { REPOSITORY_LOCATION } from '../../audit/engine.js';
import { isAtOrAbove } from '../../audit/severity.js';
import { type Area, type Finding, type RuleMeta, SEVERITY_ORDER, type Severity } from '../../audit/types.js';

/**
 * The score: 100 for a repository with nothing to report, falling as findings weigh in and never
 * reaching 0, so every fix moves it however much is left: round(100 × 100 / (100 + W)), where W
 * sums a weight per finding (critical 10, high 5, medium 2, low 1, info 0). W = 100 (ten critical
 * findings, or fifty medium ones) halves it.
 */
export const SCORE_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 5, medium: 2, low: 1, info: 0 };

export function score(findings: readonly Finding[]): number {
  let weight = 0;
  for (const finding of findings) weight += SCORE_WEIGHTS[finding.severity];
  return Math.round((100 * 100) / (100 + weight));
}

export type GroupBy = 'rule' | 'file';

export interface Filters {
  /** Show findings at or above this severity (undefined: all). */
  readonly minSeverity?: Severity;
  /** Show one area only (undefined: all). */
  readonly area?: Area;
  /** Case-insensitive text matched against rule id, file and message. */
  readonly query: string;
}

export interface FindingGroup {
  /** Stable across re-audits: the rule id or the file path. */
  readonly key: string;
  readonly by: GroupBy;
  /** Most severe finding of the group. */
  readonly severity: Severity;
  /** Most severe first, then by file and line. */
  readonly findings: readonly Finding[];
  /** How many of them carry an automatic fix. */
  readonly fixable: number;
}

/** A finding's area, from its rule (the audit's own findings, parse errors and the like, are `audit`). */
export function areaLookup(rules: readonly RuleMeta[]): (finding: Finding) => Area {
  const areas = new Map<string, Area>(rules.map((rule) => [rule.id, rule.area]));
  return (finding) => areas.get(finding.ruleId) ?? 'audit';
}

export function applyFilters(findings: readonly Finding[], filters: Filters, areaOf: (finding: Finding) => Area): readonly Finding[] {
  const query = filters.query.trim().toLowerCase();
  if (!filters.minSeverity && !filters.area && query === '') return findings;
  return findings.filter(
    (finding) =>
      (!filters.minSeverity || isAtOrAbove(finding.severity, filters.minSeverity)) &&
      (!filters.area || areaOf(finding) === filters.area) &&
      (query === '' ||
        finding.ruleId.toLowerCase().includes(query) ||
        finding.location.file.toLowerCase().includes(query) ||
        finding.message.toLowerCase().includes(query)),
  );
}

const rank = (severity: Severity) => SEVERITY_ORDER.indexOf(severity);

function byPlace(a: Finding, b: Finding): number {
  return a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.line - b.location.line || a.location.column - b.location.column;
}

/** Groups most severe first, then the larger group, then by name; within a group, most severe first. */
export function groupFindings(findings: readonly Finding[], by: GroupBy): readonly FindingGroup[] {
  const buckets = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = by === 'rule' ? finding.ruleId : finding.location.file;
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    bucket.push(finding);
  }
  const groups: FindingGroup[] = [];
  for (const [key, bucket] of buckets) {
    bucket.sort((a, b) => rank(a.severity) - rank(b.severity) || byPlace(a, b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    groups.push({ key, by, severity: bucket[0]!.severity, findings: bucket, fixable: bucket.filter((finding) => finding.fix).length });
  }
  return groups.sort((a, b) => rank(a.severity) - rank(b.severity) || b.findings.length - a.findings.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** "k8s/seccomp — 38 findings in 12 files" or "k8s/deployment.yaml — 9 findings". */
export function groupLabel(group: FindingGroup): string {
  const count = plural(group.findings.length, 'finding');
  if (group.by === 'file') return `${fileName(group.key)} — ${count}`;
  const files = new Set(group.findings.map((finding) => finding.location.file)).size;
  return files > 1 ? `${group.key} — ${count} in ${files} files` : `${group.key} — ${count}`;
}

/** Repository-wide findings carry the location '.'. */
export function fileName(file: string): string {
  return file === REPOSITORY_LOCATION.file ? '(repository)' : file;
}

export function countBy<K extends string>(findings: readonly Finding[], keyOf: (finding: Finding) => K): ReadonlyMap<K, number> {
  const counts = new Map<K, number>();
  for (const finding of findings) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
  return counts;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Next value of a cycle (undefined = "all" sits first): all → a → b → … → all. */
export function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const index = values.indexOf(current);
  return index < 0 || index === values.length - 1 ? undefined : values[index + 1];
}

/** A finding's identity across re-audits, to keep the cursor on it (lines move when a fix adds some). */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}\u0000${finding.location.file}\u0000${finding.location.line}\u0000${finding.location.column}\u0000${finding.message}`;
}

/**
 * Text from the repository (a message quoting a file, a path, a line of source) made safe to draw:
 * control characters, escape sequences included, would move the cursor or recolour the terminal.
 * Tabs become spaces so the layout's width arithmetic holds.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\t/g, '    ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '·');
}

/** No terminal row is wider than this; a one-line text is cut to it before it is drawn. */
const MAX_ROW = 512;

/**
 * visible() for a one-line text that the screen cuts at its right edge (a finding's message in a
 * list row, a title). Ink measures the whole string before cutting it, and measuring is slow for
 * long strings: one message quoting a 100 kB image name kept the first screen from appearing for
 * minutes. So the text is cut here first, to more than any terminal shows.
 */
export function visibleLine(text: string): string {
  return visible(head(text, MAX_ROW));
}

/** The first `keep` characters, `…` at the end when cut. */
export function head(text: string, keep: number): string {
  return text.length > keep ? `${text.slice(0, keep)}…` : text;
}
