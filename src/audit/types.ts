// The audit's data model. Files flow one way: discovered files -> parsed Repo -> rules ->
// findings -> reports. A rule sees the parsed Repo (never the file system) and reports findings
// with positions; everything here is plain data so text, JSON, SARIF and the terminal browser
// are views of the same list.
import type { Dockerfile } from 'dockerfile-ast';
import type { Document } from 'yaml';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITY_ORDER)[number];

export type Area = 'dockerfile' | 'kubernetes' | 'network' | 'workflow' | 'falco' | 'secrets' | 'coherence' | 'audit';

/** 1-based lines and columns; endLine/endColumn is the region's last character (inclusive). */
export interface Location {
  /** Relative to the audited root, with / separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * A replacement of [start, end) (0-based UTF-16 offsets) in one file's text, as the audit read it.
 * An edit of a file the repository does not have (start = end = 0) creates that file.
 */
export interface TextEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * An automatic fix: data, computed by the rule from the parsed file, shared by every front end
 * (the terminal browser, `audit --fix`, the JSON and SARIF reports). Edits of one fix never
 * overlap; they change only what they fix, so comments, key order and quoting stay as they were.
 */
export interface Fix {
  /** What the fix does, in a line ("Add USER 65532:65532 to the final stage"). */
  readonly description: string;
  readonly edits: readonly TextEdit[];
  /**
   * Set when the fix can change behaviour the rule cannot see (readOnlyRootFilesystem on an app
   * that writes elsewhere, a pinned SHA that must be trusted): what to check before applying it.
   * `audit --fix` applies only fixes without a caveat; `--fix=all` and a confirmed preview apply them too.
   */
  readonly caveat?: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly location: Location;
  readonly message: string;
  readonly refs: readonly string[];
  readonly fix?: Fix;
  /** Why a rule that can fix findings offers no fix for this one (an alias, no UID the repo states, …). */
  readonly noFix?: string;
  /**
   * Where the file sits when it is not the project's own configuration: a test fixture, docs or an
   * example (src/audit/scope.ts). Such findings are reported apart and leave the gate alone
   * unless --include-tests is given.
   */
  readonly scope?: 'test' | 'docs' | 'example';
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** Something the audit did not look at, or a change in what counts, with the reason: a skipped
 *  binary or oversized file, a symbolic link not followed, an expired suppression. */
export interface AuditNote {
  /** Relative to the audited root, with / separators ('.' for the root itself). */
  readonly file: string;
  readonly message: string;
}

/** One YAML document of a file (files may hold several, separated by ---). */
export interface YamlDocument {
  readonly file: SourceFile;
  /** 0-based index of the document in its file. */
  readonly index: number;
  readonly document: Document.Parsed;
  /** The document as plain data (aliases expanded, bounded). */
  readonly data: unknown;
  /** Where the node at this path is; falls back to the nearest ancestor that exists. */
  locate(path: readonly (string | number)[], part?: 'key' | 'value'): Location;
}

export interface DockerfileSource {
  readonly file: SourceFile;
  readonly dockerfile: Dockerfile;
  /** Location of a dockerfile-ast range (0-based lines and characters). */
  locate(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Location;
}

export interface Repo {
  readonly root: string;
  /** Every text file that was read (Dockerfiles, YAML, and any other text scanned for secrets). */
  readonly files: readonly SourceFile[];
  readonly dockerfiles: readonly DockerfileSource[];
  /** Every YAML document of every YAML file that parsed. */
  readonly yaml: readonly YamlDocument[];
  /** YAML documents with apiVersion and kind. */
  readonly kubernetes: readonly YamlDocument[];
  /** GitHub Actions workflows (.github/workflows/*.yml|yaml). */
  readonly githubWorkflows: readonly YamlDocument[];
  /** GitLab CI pipelines: .gitlab-ci.yml, .gitlab/ci/*.yml, and the local files they include. */
  readonly gitlabPipelines: readonly YamlDocument[];
  /** Falco rules files (a YAML list with rule/macro/list items). */
  readonly falcoRules: readonly YamlDocument[];
}

export interface RuleMeta {
  /** ESLint-style, area/concept: dockerfile/root-user, k8s/privileged, workflow/unpinned-action. */
  readonly id: string;
  readonly area: Area;
  readonly severity: Severity;
  readonly title: string;
  /** Why it matters, one or two sentences. */
  readonly why: string;
  /** What the rule looks for, precisely. */
  readonly detect: string;
  /** How to fix it by hand. */
  readonly fix: string;
  /** Equivalent checks of other tools: hadolint:DL3002, trivy:DS-0002, trivy:KSV-0012, kube-linter:<check>,
   *  zizmor:<audit>, pss:baseline:<control>, pss:restricted:<control>. */
  readonly refs: readonly string[];
  /** Whether the rule can offer an automatic fix for (some of) its findings. */
  readonly fixable?: boolean;
  /**
   * Why the rule has no automatic fix at all (a rule without `fixable`): what only a person can
   * decide ("which secret store", "the checksum must come from the publisher"). Shown wherever a
   * finding of the rule has no fix; a fixable rule explains a missing fix per finding (`Report.noFix`).
   */
  readonly noFix?: string;
}

export interface Report {
  readonly location: Location;
  readonly message: string;
  /** Overrides the rule's severity for this finding (e.g. a worse variant of the same problem). */
  readonly severity?: Severity;
  /** Overrides the rule's refs for this finding (e.g. a pss: ref only for the variant that violates it). */
  readonly refs?: readonly string[];
  readonly fix?: Fix;
  /** Why there is no fix for this finding, from a rule that has fixes for others. */
  readonly noFix?: string;
}

export interface RuleContext {
  readonly repo: Repo;
  report(finding: Report): void;
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
