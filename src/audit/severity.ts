// Severity arithmetic shared by the gate (--fail-on), the reports and the browser.
import { type Finding, SEVERITY_ORDER, type Severity } from './types.js';

/** A --fail-on threshold: a severity, or `none` to never fail. */
export type FailOn = Severity | 'none';

export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITY_ORDER, 'none'];

export function isSeverity(value: string): value is Severity {
  return (SEVERITY_ORDER as readonly string[]).includes(value);
}

/** Whether severity is at or above threshold (critical is the highest). */
export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(threshold);
}

/** Whether these findings fail a gate set at failOn. */
export function failsGate(findings: readonly Finding[], failOn: FailOn): boolean {
  return failOn !== 'none' && findings.some((finding) => isAtOrAbove(finding.severity, failOn));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
