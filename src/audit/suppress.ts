// Suppressions: accepted risks, written down where reviewers see them.
//
// - Inline: `# secure-container-ignore RULE[,RULE] reason` (`//` in C-like languages), as
//   a trailing comment on the finding's line or a comment line right above it. In a Dockerfile the
//   comment covers the whole next instruction, continuation lines included.
// - hadolint's `# hadolint ignore=DL3008[,DL3015] # reason` (and `# hadolint global ignore=...`) in
//   Dockerfiles, for every rule whose refs include `hadolint:DL3008`. As in hadolint, the reason
//   must follow a second `#`: a pragma with other text after its codes is one hadolint ignores, so
//   it silences nothing here either, and a note says how to write it.
// - zizmor's `# zizmor: ignore[unpinned-uses] reason` in GitHub workflows, for every rule whose
//   refs include `zizmor:unpinned-uses`, on the finding's line (trailing) or the line above it.
// - `.secure-container.yaml`: `audit: { suppressions: [{ rule, path, reason, until }] }`, where rule
//   is an id or area, path a glob, and until the last day (YYYY-MM-DD) the entry applies.
//
// A suppression without a reason still applies, but is itself an
// `audit/suppression-without-reason` finding, so silencing a check is never silent.
import { dataProblemReason, findDataProblem, formatDataPath } from '../util/plain-data.js';
import { describeValue } from '../util/printable.js';
import { isDockerfilePath, parseYamlFile } from './parse.js';
import { closeMatches, nameMatches, selectableNames } from './select.js';
import { compileGlob } from '../util/glob.js';
import type { AuditNote, Finding, Location, Repo, Rule, SourceFile } from './types.js';

export const CONFIG_FILE = '.secure-container.yaml';
const WITHOUT_REASON = 'audit/suppression-without-reason';

export type SuppressionKind = 'inline' | 'hadolint' | 'zizmor' | 'config';

/** A suppression as reports show it: what kind, which rules, why, and where it is written. */
export interface Suppression {
  readonly kind: SuppressionKind;
  /** Rule ids or areas (hadolint codes are already mapped to our rule ids). */
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly location: Location;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly by: Suppression;
}

/** One entry of audit.suppressions in .secure-container.yaml. */
export interface ConfigSuppression extends Suppression {
  readonly kind: 'config';
  readonly rule: string;
  /** Glob over paths relative to the root ('**' when not given). */
  readonly path: string;
  /** Last day the entry applies, YYYY-MM-DD. */
  readonly until?: string;
}

export class SuppressionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionConfigError';
  }
}

export interface SuppressOptions {
  readonly repo: Repo;
  /** The whole rule catalogue (hadolint codes map through it; areas are looked up in it). */
  readonly catalogue: readonly Rule[];
  readonly config?: readonly ConfigSuppression[];
  /** Today as YYYY-MM-DD: a config entry whose `until` is before it no longer applies. */
  readonly today: string;
}

export interface SuppressResult {
  /** Findings that still count, including one per suppression without a reason. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Expired entries and directives naming unknown rules. */
  readonly notes: readonly AuditNote[];
}

export function applySuppressions(findings: readonly Finding[], options: SuppressOptions): SuppressResult {
  const areaOf = areaLookup(options.catalogue);
  const inline = findInlineSuppressions(options.repo, options.catalogue);
  const notes: AuditNote[] = [...inline.notes];
  const activeConfig: { entry: ConfigSuppression; matchesPath: (file: string) => boolean }[] = [];
  for (const entry of options.config ?? []) {
    if (entry.until !== undefined && entry.until < options.today) {
      notes.push({ file: entry.location.file, message: `line ${entry.location.line}: the suppression of ${entry.rule} for ${entry.path} expired on ${entry.until}; its findings count again` });
    } else {
      activeConfig.push({ entry, matchesPath: pathMatcher(entry.path) });
    }
  }
  const withoutReason = [...inline.suppressions, ...(options.config ?? [])].filter((s) => s.reason === undefined).map(withoutReasonFinding);

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of [...findings, ...withoutReason]) {
    // `rule: "*"` in the config names every rule (a folder of fixtures, say), reason still required.
    const named = (name: string) => name === EVERY_RULE || nameMatches(name, { id: finding.ruleId, area: areaOf(finding.ruleId) });
    const byInline =
      finding.ruleId === WITHOUT_REASON
        ? undefined // a directive cannot excuse itself; the config file can, with a reason
        : inline.suppressions.find((s) => s.location.file === finding.location.file && s.covers(finding.location.line) && s.rules.some(named));
    const by = byInline ?? activeConfig.find(({ entry, matchesPath }) => named(entry.rule) && matchesPath(finding.location.file))?.entry;
    if (by) suppressed.push({ finding, by: publicView(by) });
    else kept.push(finding);
  }
  return { findings: kept, suppressed, notes };
}

// ---------------------------------------------------------------------------------------------
// Inline directives

interface InlineSuppression extends Suppression {
  readonly kind: 'inline' | 'hadolint' | 'zizmor';
  /** Whether a finding starting on this line is covered. */
  covers(line: number): boolean;
}

/**
 * The directive after a comment leader at the start of a line or after whitespace (a trailing
 * comment). The rest of the line is `[^]*`, never `(.*)$`: `.` stops at U+2028 and `\r`, and a
 * `$` that then fails makes the engine retry every earlier start (quadratic on a long line).
 */
const INLINE = {
  hash: /(?:^|(?<=\s))#\s*secure-container-ignore\b([^]*)/,
  slash: /(?:^|(?<=\s))\/\/\s*secure-container-ignore\b([^]*)/,
  both: /(?:^|(?<=\s))(?:#|\/\/)\s*secure-container-ignore\b([^]*)/,
};
/**
 * hadolint's pragma (its Hadolint/Pragma.hs): `hadolint`, optional `global`, `ignore`, `=`, codes
 * separated by commas, then only an optional `# comment`. A Dockerfile comment is a whole line.
 */
const HADOLINT = /^\s*#[ \t]*hadolint[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([A-Za-z0-9]+(?:[ \t]*,[ \t]*[A-Za-z0-9]+)*)([^]*)/;
/** zizmor's ignore comment in a GitHub workflow: `# zizmor: ignore[unpinned-uses,excessive-permissions] reason`. */
const ZIZMOR = /(?:^|(?<=\s))#\s*zizmor:\s*ignore\[([A-Za-z0-9, -]{1,200})\]([^]*)/;
const WORKFLOW_FILE = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const SLASH_COMMENTS = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|go|java|kt|cs|rs)$/i;
const BOTH_COMMENTS = /\.(?:tf|tfvars|hcl|php)$/i;

/** Which comment leader a file's language uses; JSON has no comments at all. */
function inlinePattern(file: string): RegExp | undefined {
  if (/\.json$/i.test(file)) return undefined;
  if (SLASH_COMMENTS.test(file)) return INLINE.slash;
  return BOTH_COMMENTS.test(file) ? INLINE.both : INLINE.hash;
}

function findInlineSuppressions(repo: Repo, catalogue: readonly Rule[]): { suppressions: InlineSuppression[]; notes: AuditNote[] } {
  const suppressions: InlineSuppression[] = [];
  const notes: AuditNote[] = [];
  const known = new Set(selectableNames(catalogue));
  for (const file of repo.files) {
    const dockerfile = isDockerfilePath(file.path);
    const workflow = WORKFLOW_FILE.test(file.path);
    if (!file.text.includes('secure-container-ignore') && !(dockerfile && file.text.includes('hadolint')) && !(workflow && file.text.includes('zizmor'))) continue;
    const lines = file.text.split(/\r?\n/);
    const statements = dockerfile ? dockerfileStatements(repo, file) : undefined;
    const pattern = inlinePattern(file.path);
    lines.forEach((line, index) => {
      const lineNumber = index + 1;
      const at = (column: number): Location => ({ file: file.path, line: lineNumber, column, endLine: lineNumber, endColumn: Math.max(column, line.length) });
      const hadolint = dockerfile ? HADOLINT.exec(line) : null;
      if (hadolint) {
        const codes = hadolint[2]!.split(',').map((code) => code.trim()).filter(Boolean);
        const rules = catalogue.filter((rule) => codes.some((code) => rule.refs.includes(`hadolint:${code}`))).map((rule) => rule.id);
        if (rules.length === 0) return; // codes we have no rule for (shellcheck, unmapped checks)
        const rest = hadolint[3]!.trim();
        if (rest !== '' && !rest.startsWith('#')) {
          notes.push({ file: file.path, message: `line ${lineNumber}: hadolint ignores this pragma (text after the rule codes must follow a #), so it silences nothing; write \`# hadolint ignore=${codes.length > 4 ? `${codes.slice(0, 4).join(',')},…` : codes.join(',')} # reason\`` });
          return;
        }
        const covers = hadolint[1] ? () => true : coverage(lines, index, false, statements);
        suppressions.push({ kind: 'hadolint', rules, ...reasonOf(rest), location: at(line.indexOf('#') + 1), covers });
        return;
      }
      const zizmor = workflow ? ZIZMOR.exec(line) : null;
      if (zizmor) {
        const ids = zizmor[1]!.split(',').map((id) => id.trim()).filter(Boolean);
        const rules = catalogue.filter((rule) => ids.some((id) => rule.refs.includes(`zizmor:${id}`))).map((rule) => rule.id);
        if (rules.length === 0) return; // audits we have no rule for
        const trailing = line.slice(0, zizmor.index).trim() !== '';
        suppressions.push({ kind: 'zizmor', rules, ...reasonOf(zizmor[2]), location: at(zizmor.index + 1), covers: coverage(lines, index, trailing, undefined) });
        return;
      }
      const match = pattern?.exec(line);
      if (!match) return;
      const [list = '', ...rest] = match[1]!.replace(/^\s*:/, '').trim().split(/\s+/);
      const rules = list.split(',').filter(Boolean);
      for (const rule of rules) {
        if (!known.has(rule)) {
          const hint = closeMatches(rule, [...known]);
          notes.push({ file: file.path, message: `line ${lineNumber}: secure-container-ignore names unknown rule "${rule}"${hint.length > 0 ? ` (did you mean ${hint.join(', ')}?)` : ''}; it suppresses nothing` });
        }
      }
      const trailing = line.slice(0, match.index).trim() !== '';
      suppressions.push({ kind: 'inline', rules, ...reasonOf(rest.join(' ')), location: at(match.index + 1), covers: coverage(lines, index, trailing, statements) });
    });
  }
  return { suppressions, notes };
}

/** Line ranges (1-based, inclusive) of a Dockerfile's instructions, continuation lines included. */
function dockerfileStatements(repo: Repo, file: SourceFile): [number, number][] | undefined {
  const source = repo.dockerfiles.find((candidate) => candidate.file.path === file.path);
  return source?.dockerfile.getInstructions().map((instruction) => {
    const range = instruction.getRange();
    return [range.start.line + 1, range.end.line + 1];
  });
}

/**
 * The lines a directive on line `index` (0-based) covers: its own line (or, in a Dockerfile, its
 * whole instruction) when it trails code; otherwise the next line that is not a comment (in a
 * Dockerfile, the next instruction), so stacked directives all apply to the same code.
 */
function coverage(lines: readonly string[], index: number, trailing: boolean, statements: [number, number][] | undefined): (line: number) => boolean {
  const lineNumber = index + 1;
  if (statements) {
    const statement = trailing
      ? statements.find(([start, end]) => start <= lineNumber && lineNumber <= end)
      : statements.find(([start]) => start > lineNumber);
    const [start, end] = statement ?? [lineNumber, lineNumber];
    return (line) => start <= line && line <= end;
  }
  if (trailing) return (line) => line === lineNumber;
  let next = index + 1;
  while (next < lines.length && /^\s*(?:#|\/\/)/.test(lines[next]!)) next++;
  return (line) => line === next + 1;
}

/** The reason is whatever follows the rule ids, minus separators such as `--`, `:` or a second `#`. */
function reasonOf(text: string | undefined): { reason?: string } {
  const reason = (text ?? '').replace(/^[\s#:;,\-–—]+/, '').trim();
  return /[\p{L}\p{N}]/u.test(reason) ? { reason } : {};
}

function withoutReasonFinding(suppression: Suppression): Finding {
  const rules = suppression.rules.join(', ');
  const message =
    suppression.kind === 'config'
      ? `the suppression of ${rules} has no reason; add \`reason:\` saying why the finding is acceptable`
      : suppression.rules.length === 0
        ? 'secure-container-ignore names no rule and has no reason; write `# secure-container-ignore RULE reason`'
        : suppression.kind === 'hadolint'
          ? `this hadolint ignore comment silences ${rules} without a reason; add one after the rule codes, behind a # (\`# hadolint ignore=DL3008 # reason\`)`
          : `this ${suppression.kind === 'zizmor' ? 'zizmor ignore' : 'secure-container-ignore'} comment silences ${rules} without a reason; add one after the rule ids`;
  return { ruleId: WITHOUT_REASON, severity: 'medium', location: suppression.location, message, refs: [] };
}

function publicView(suppression: Suppression): Suppression {
  const { kind, rules, reason, location } = suppression;
  return { kind, rules, location, ...(reason !== undefined ? { reason } : {}) };
}

function areaLookup(catalogue: readonly Rule[]): (ruleId: string) => string {
  const areas = new Map(catalogue.map((rule) => [rule.id, rule.area]));
  return (ruleId) => areas.get(ruleId) ?? ruleId.slice(0, ruleId.indexOf('/'));
}

/**
 * A glob over root-relative paths; a pattern ending in / means everything below that folder. The
 * pattern comes from the repository, so it is matched in linear time (src/util/glob.ts), never
 * through a backtracking RegExp.
 */
function pathMatcher(glob: string): (file: string) => boolean {
  const compiled = compileGlob(glob);
  return (file) => compiled.matches(file);
}

// ---------------------------------------------------------------------------------------------
// .secure-container.yaml

const ENTRY_KEYS = new Set(['rule', 'path', 'reason', 'until']);
/** The config's name for every rule. */
const EVERY_RULE = '*';

/**
 * The audit.exclude globs of a .secure-container.yaml: files that are not audited at all (vendored
 * or generated trees). Malformed entries are errors naming the line, like suppressions.
 */
export function parseExcludeConfig(file: SourceFile): string[] {
  const { documents, errors } = parseYamlFile(file);
  if (errors[0]) throw new SuppressionConfigError(`${file.path}:${errors[0].location.line}: ${errors[0].message}`);
  const document = documents[0];
  if (!document || !isRecord(document.data) || !isRecord(document.data.audit)) return [];
  const list = document.data.audit.exclude;
  if (list === undefined || list === null) return [];
  const fail = (path: readonly (string | number)[], message: string): never => {
    const at = document.locate(path);
    throw new SuppressionConfigError(`${file.path}:${at.line}:${at.column}: ${formatDataPath(path)}: ${message}`);
  };
  if (!Array.isArray(list)) return fail(['audit', 'exclude'], 'expected a list of globs such as vendor/** or test/fixtures/');
  return list.map((glob: unknown, index) => (typeof glob === 'string' && glob !== '' ? glob : fail(['audit', 'exclude', index], 'expected a glob such as vendor/**')));
}

/** A test for paths matching any of the globs (same syntax as suppression paths). */
export function excludeMatcher(globs: readonly string[]): (file: string) => boolean {
  const matchers = globs.map(pathMatcher);
  return (file) => matchers.some((matches) => matches(file));
}

/**
 * The audit.suppressions of a .secure-container.yaml. Anything malformed (a typo in a key, an
 * unknown rule, a date that is not a date) is an error naming the line, because a suppression
 * that silently does nothing, or silently does too much, is worse than a failed run.
 */
export function parseSuppressionConfig(file: SourceFile, catalogue: readonly Rule[]): ConfigSuppression[] {
  const { documents, errors } = parseYamlFile(file);
  if (errors[0]) throw new SuppressionConfigError(`${file.path}:${errors[0].location.line}: ${errors[0].message}`);
  const document = documents[0];
  if (!document) return [];
  const fail = (path: readonly (string | number)[], message: string, part: 'key' | 'value' = 'value'): never => {
    const at = document.locate(path, part);
    throw new SuppressionConfigError(`${file.path}:${at.line}:${at.column}: ${formatDataPath(path)}: ${message}`);
  };
  // The whole file, not only audit: the generator reads its profile section from the same file.
  const problem = findDataProblem(document.data);
  if (problem) fail(problem.path, dataProblemReason(problem), 'key');
  if (!isRecord(document.data) || document.data.audit === undefined || document.data.audit === null) return [];
  const audit = document.data.audit;
  if (!isRecord(audit)) return fail(['audit'], 'expected a mapping with `suppressions`');
  for (const key of Object.keys(audit)) if (key !== 'suppressions' && key !== 'exclude') fail(['audit', key], 'unknown key (expected `suppressions` or `exclude`)', 'key');
  const list = audit.suppressions;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return fail(['audit', 'suppressions'], 'expected a list of {rule, path, reason, until}');
  const names = selectableNames(catalogue);

  return list.map((entry: unknown, index): ConfigSuppression => {
    const at = ['audit', 'suppressions', index];
    if (!isRecord(entry)) return fail(at, 'expected a mapping with rule, path, reason and until');
    for (const key of Object.keys(entry)) if (!ENTRY_KEYS.has(key)) fail([...at, key], 'unknown key (expected rule, path, reason, until)', 'key');
    const { rule, path = '**', reason, until } = entry;
    if (typeof rule !== 'string' || rule === '') return fail([...at, 'rule'], 'a rule id or area (or "*" for every rule) is required');
    if (rule !== EVERY_RULE && !catalogue.some((candidate) => nameMatches(rule, candidate))) {
      const hint = closeMatches(rule, names);
      fail([...at, 'rule'], `unknown rule or area ${describeValue(rule)}${hint.length > 0 ? `; did you mean ${hint.join(', ')}?` : ''}`);
    }
    if (typeof path !== 'string' || path === '') return fail([...at, 'path'], 'expected a glob such as k8s/** or Dockerfile');
    if (reason !== undefined && reason !== null && typeof reason !== 'string') fail([...at, 'reason'], 'expected text');
    const day = until === undefined || until === null ? undefined : parseDay(until);
    if (day === null) fail([...at, 'until'], `${describeValue(until)} is not a date; use YYYY-MM-DD`);
    return {
      kind: 'config',
      rule,
      rules: [rule],
      path,
      ...reasonOf(typeof reason === 'string' ? reason : undefined),
      ...(day ? { until: day } : {}),
      location: document.locate(at),
    };
  });
}

/** YYYY-MM-DD (a string, or a Date if a YAML 1.1 reader made one) -> the same string; null if invalid. */
function parseDay(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

/** Today in the local time zone, YYYY-MM-DD: what a person writing `until:` means by a day. */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
