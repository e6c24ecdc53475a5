// Recording a suppression from the browser: validating what the person typed, and the new text of
// the file that records it, inline (a comment above the finding, in the file's comment syntax,
// read back by src/audit/suppress.ts) or as an entry of `.secure-container.yaml`
// `audit.suppressions` (edited with YamlEditor, so the rest of the file stays as it was).
import { stringify, visit } from 'yaml';
import { YamlEditor } from '../../audit/fix/yaml-edit.js';
import { REPOSITORY_LOCATION } from '../../audit/engine.js';
import { CONFIG_FILE } from '../../audit/suppress.js';
import type { Finding, Repo } from '../../audit/types.js';

export type SuppressionPlace = 'inline' | 'config';

export interface SuppressionInput {
  readonly reason: string;
  /** YYYY-MM-DD or empty. */
  readonly until: string;
}

export interface SuppressionProblems {
  readonly reason?: string;
  readonly until?: string;
}

const MAX_REASON = 200;

/** What is wrong with the typed reason and date; an empty object when they can be recorded. */
export function checkSuppression(input: SuppressionInput, today: string): SuppressionProblems {
  const problems: { reason?: string; until?: string } = {};
  const reason = input.reason.trim();
  // The audit reads a reason only if it has a letter or digit (see reasonOf in suppress.ts).
  if (!/[\p{L}\p{N}]/u.test(reason)) problems.reason = 'a reason is required: say why this finding is acceptable';
  else if (reason.length > MAX_REASON) problems.reason = `keep the reason under ${MAX_REASON} characters`;
  const until = input.until.trim();
  if (until !== '') {
    if (!isDay(until)) problems.until = 'use YYYY-MM-DD, a real date (or leave it empty)';
    else if (until < today) problems.until = `${until} is in the past; the suppression would never apply`;
  }
  return problems;
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** One line of plain text: a reason is written into a comment or a YAML scalar. */
export function cleanReason(reason: string): string {
  // eslint-disable-next-line no-control-regex
  return reason.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Why an inline suppression cannot be written for this finding (undefined when it can). */
export function inlineRefusal(repo: Repo, finding: Finding): string | undefined {
  const file = finding.location.file;
  if (file === REPOSITORY_LOCATION.file) return 'this finding is about the whole repository, not a line; record it in .secure-container.yaml';
  if (/\.json$/i.test(file)) return 'JSON has no comments; record it in .secure-container.yaml';
  const source = repo.files.find((candidate) => candidate.path === file);
  if (!source) return 'the file was not read as text; record it in .secure-container.yaml';
  if (insideMultilineScalar(repo, source.text, file, finding.location.line)) {
    return 'the line is inside a multi-line YAML value (a script), where a comment would become part of the value; record it in .secure-container.yaml';
  }
  return undefined;
}

/** Whether `line` continues a YAML scalar that started on an earlier line (a `run: |` script, a folded string). */
function insideMultilineScalar(repo: Repo, text: string, file: string, line: number): boolean {
  const start = lineOffset(text, line);
  let inside = false;
  for (const document of repo.yaml) {
    if (document.file.path !== file || inside) continue;
    visit(document.document, {
      Scalar(_key, node) {
        if (node.range && node.range[0] < start && start < node.range[1]) inside = true;
        return inside ? visit.BREAK : undefined;
      },
    });
  }
  return inside;
}

export interface SuppressionEdit {
  /** Relative to the audited root. */
  readonly file: string;
  /** The text the audit read (undefined: the file does not exist yet). */
  readonly previous?: string;
  readonly content: string;
}

/**
 * `# secure-container-ignore RULE reason` on its own line right above the finding, at that line's
 * indentation. In a Dockerfile it goes above the whole instruction (a comment covers the next
 * instruction, so one inside a continuation would cover the wrong one).
 */
export function inlineSuppression(repo: Repo, finding: Finding, reason: string): SuppressionEdit {
  const refusal = inlineRefusal(repo, finding);
  if (refusal) throw new Error(refusal);
  const source = repo.files.find((file) => file.path === finding.location.file)!;
  const text = source.text;
  let line = finding.location.line;
  const dockerfile = repo.dockerfiles.find((candidate) => candidate.file.path === source.path);
  if (dockerfile) {
    const instruction = dockerfile.dockerfile
      .getInstructions()
      .find((candidate) => candidate.getRange().start.line + 1 <= line && line <= candidate.getRange().end.line + 1);
    if (instruction) line = instruction.getRange().start.line + 1;
  }
  const start = lineOffset(text, line);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const leader = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|go|java|kt|cs|rs)$/i.test(source.path) ? '//' : '#';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = `${indent}${leader} secure-container-ignore ${finding.ruleId} ${cleanReason(reason)}${newline}`;
  return { file: source.path, previous: text, content: text.slice(0, start) + comment + text.slice(start) };
}

/** Offset where 1-based `line` starts (the end of the text for a line past it). */
function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** A glob that matches exactly this path (src/util/glob.ts takes `\x` as a literal x). */
export function literalGlob(file: string): string {
  return file.replace(/[*?[\]{}\\!]/g, '\\$&');
}

export interface ConfigEntry {
  readonly rule: string;
  /** A glob over root-relative paths; the browser writes the finding's own file. */
  readonly path: string;
  readonly reason: string;
  readonly until?: string;
}

/** `.secure-container.yaml` with the entry appended to audit.suppressions; created when missing. */
export function configSuppression(previous: string | undefined, entry: ConfigEntry): SuppressionEdit {
  const value = { rule: entry.rule, path: entry.path, reason: cleanReason(entry.reason), ...(entry.until ? { until: entry.until } : {}) };
  const existing = previous ?? '';
  const hasContent = existing.split('\n').some((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const content = hasContent
    ? new YamlEditor(existing).append(['audit', 'suppressions'], value).text
    : `${existing}${existing !== '' && !existing.endsWith('\n') ? '\n' : ''}${stringify({ audit: { suppressions: [value] } }, { lineWidth: 0 })}`;
  return { file: CONFIG_FILE, ...(previous !== undefined ? { previous } : {}), content };
}
