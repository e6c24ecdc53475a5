// Audit in-memory files with one rule (or all), for rule tests: failing and passing inputs side
// by side, no file system.
import { parseRepo } from '../../src/audit/parse.js';
import type { Finding, Report, Rule } from '../../src/audit/types.js';

export function runRule(rule: Rule, files: Readonly<Record<string, string>>): Finding[] {
  const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  const findings: Finding[] = [];
  rule.check({
    repo,
    report: (r: Report) =>
      findings.push({ ruleId: rule.id, severity: r.severity ?? rule.severity, location: r.location, message: r.message, refs: r.refs ?? rule.refs, ...(r.fix ? { fix: r.fix } : {}), ...(r.noFix && !r.fix ? { noFix: r.noFix } : {}) }),
  });
  return findings;
}

/** A privileged pod in its own namespace: one k8s/privileged finding, for tests of what counts and where. */
export const PRIVILEGED_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: x\nspec:\n  containers:\n    - name: c\n      image: c:1\n      securityContext:\n        privileged: true\n';
