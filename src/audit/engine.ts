// Runs rules over a parsed repository. A rule that throws does not stop the audit: its failure
// becomes an `audit/rule-error` finding naming the rule, and the other rules still run.
//
// Rules run in two groups. The Dockerfile models (stages, shell words, package commands) are the
// largest thing rules compute, about 30 times the Dockerfiles' text, and only the Dockerfile rules
// and the coherence rules (through the images containers run) read them. Those rules run first;
// then the models are let go and, when they were large, collected at once, so the other rules and
// the report reuse that memory instead of growing the heap (issue 9: the bench's peak memory
// 45 MB lower). Findings are sorted afterwards, so the order rules run in does not show.
import { FIX_NOT_CHECKED, fixBudgetSpent } from './fix/check-budget.js';
import { releaseDockerfileModels } from './rules/dockerfile/_support.js';
import type { Area, Finding, Location, Report, Repo, Rule, SourceFile } from './types.js';
import { collectGarbage } from '../util/collect-garbage.js';

/** Where findings about the repository as a whole are placed (a rule failure has no file). */
export const REPOSITORY_LOCATION: Location = { file: '.', line: 1, column: 1, endLine: 1, endColumn: 1 };

export function runRules(repo: Repo, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  let files: Map<string, SourceFile> | undefined;
  /** A fixable rule's finding left without a fix because its file's fix budget ran out says so. */
  const budgetReason = (rule: Rule, reported: Report): Report => {
    if (!rule.fixable || reported.fix || reported.noFix) return reported;
    files ??= new Map(repo.files.map((file) => [file.path, file]));
    const file = files.get(reported.location.file);
    return file && fixBudgetSpent(file) ? { ...reported, noFix: FIX_NOT_CHECKED } : reported;
  };
  const run = (rule: Rule) => {
    // The same message at the same place twice (two objects of one name that meet) is one finding.
    const seen = new ReportsSeen();
    const report = (reported: Report) => {
      if (seen.add(reported)) findings.push(toFinding(rule, budgetReason(rule, reported)));
    };
    try {
      rule.check({ repo, report });
    } catch (error) {
      // Findings the rule reported before it threw are kept: each was complete when reported.
      findings.push(ruleError(rule, error));
    }
  };
  const readModels = rules.filter((rule) => READS_DOCKERFILE_MODELS.has(rule.area));
  readModels.forEach(run);
  releaseDockerfileModels(repo);
  if (readModels.length > 0 && dockerfileText(repo) >= COLLECT_AFTER_MODELS_OF) collectGarbage();
  rules.filter((rule) => !READS_DOCKERFILE_MODELS.has(rule.area)).forEach(run);
  return findings;
}

/** The areas whose rules read Dockerfile models (test/audit/engine.test.ts checks no other builds one). */
const READS_DOCKERFILE_MODELS: ReadonlySet<Area> = new Set(['dockerfile', 'coherence']);

/**
 * Characters of Dockerfile text from which the models are worth a collection of their own (about
 * 8 MB of models); below it the collection's pause would buy little.
 */
const COLLECT_AFTER_MODELS_OF = 256 * 1024;

function dockerfileText(repo: Repo): number {
  let length = 0;
  for (const source of repo.dockerfiles) length += source.file.text.length;
  return length;
}

/**
 * One rule's reports by file and place, to drop a report that repeats a message at the same
 * place. Messages are compared only between reports at one place: a key joining file, place and
 * message would copy and hash every message (tens of thousands on a large repository).
 */
class ReportsSeen {
  private readonly byFile = new Map<string, Map<string, string[]>>();

  /** Whether the report is new; it is remembered. */
  add({ location, message }: Report): boolean {
    let places = this.byFile.get(location.file);
    if (!places) this.byFile.set(location.file, (places = new Map()));
    const place = `${location.line}:${location.column}-${location.endLine}:${location.endColumn}`;
    const messages = places.get(place);
    if (!messages) {
      places.set(place, [message]);
      return true;
    }
    if (messages.includes(message)) return false;
    messages.push(message);
    return true;
  }
}

function toFinding(rule: Rule, reported: Report): Finding {
  const ruleId = rule.id;
  const severity = reported.severity ?? rule.severity;
  const { location, message, fix, noFix } = reported;
  const refs = reported.refs ?? rule.refs;
  // Three literals rather than conditional spreads: a large repository reports tens of thousands.
  if (fix) return { ruleId, severity, location, message, refs, fix };
  if (noFix) return { ruleId, severity, location, message, refs, noFix };
  return { ruleId, severity, location, message, refs };
}

function ruleError(rule: Rule, error: unknown): Finding {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    ruleId: 'audit/rule-error',
    severity: 'high',
    location: REPOSITORY_LOCATION,
    message: `rule ${rule.id} failed and checked nothing (${reason.split('\n')[0]})`,
    refs: [],
  };
}

/** Report order: by file, then position, then rule id; stable for equal keys. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compare(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      compare(a.ruleId, b.ruleId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
