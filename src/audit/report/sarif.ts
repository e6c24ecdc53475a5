// SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer): every rule that ran with its
// help text, results with levels and locations relative to the repository root, GitHub's
// security-severity per rule, and notes as tool notifications. Findings about the repository as a
// whole (a rule that failed) have no file to point at, and code scanning drops results without a
// location, so they are reported as error notifications instead.
import { gzipSync } from 'node:zlib';
import { REPOSITORY_LOCATION } from '../engine.js';
import { FINGERPRINT_VERSION } from '../baseline.js';
import type { AuditNote, Finding, Fix, Location, RuleMeta, Severity } from '../types.js';
import { type ReportInput, computeFixEditsByFile } from './index.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub maps security-severity to its labels: above 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium,
 * 0.1-3.9 low; 0.0 means none. Each value sits inside its band. Info findings get no score, so
 * code scanning shows them as notes rather than security alerts.
 */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined };

const PROBLEM_SEVERITY: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'recommendation', info: 'recommendation' };

export function sarifReport(input: ReportInput): object {
  if (input.fixEdits) computeFixEditsByFile(input.findings);
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const located = input.findings.filter((finding) => finding.location.file !== REPOSITORY_LOCATION.file);
  const unlocated = input.findings.filter((finding) => finding.location.file === REPOSITORY_LOCATION.file);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: input.rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [...unlocated.map(failureNotification), ...input.notes.map(noteNotification)],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: located.map((finding) => result(finding, ruleIndex.get(finding.ruleId), input.fingerprints?.get(finding), input.fixEdits === true)),
      },
    ],
  };
}

export function renderSarif(input: ReportInput): string {
  return `${JSON.stringify(sarifReport(input), null, 2)}\n`;
}

/**
 * GitHub code scanning's hard limits on one upload (docs.github.com, "SARIF results exceed one or
 * more limits" and "SARIF file is too large"): at most 25,000 results per run, and 10 MB once
 * gzip-compressed (upload-sarif compresses it). Past either the whole upload is rejected.
 */
export const GITHUB_MAX_RESULTS = 25_000;
export const GITHUB_MAX_COMPRESSED_BYTES = 10_000_000;

/** Why GitHub code scanning would reject this SARIF report, if it would; nothing otherwise. */
export function githubUploadProblems(input: ReportInput, report: string): string[] {
  const problems: string[] = [];
  const results = input.findings.filter((finding) => finding.location.file !== REPOSITORY_LOCATION.file).length;
  if (results > GITHUB_MAX_RESULTS) {
    problems.push(`it has ${results.toLocaleString('en-US')} results; GitHub code scanning rejects more than ${GITHUB_MAX_RESULTS.toLocaleString('en-US')} in one run`);
  }
  // Compressed size only matters (and is only worth computing) when the text itself is larger.
  if (Buffer.byteLength(report) > GITHUB_MAX_COMPRESSED_BYTES) {
    const compressed = gzipSync(report).length;
    if (compressed > GITHUB_MAX_COMPRESSED_BYTES) problems.push(`it is ${(compressed / 1_000_000).toFixed(1)} MB gzip-compressed; GitHub code scanning rejects uploads over 10 MB`);
  }
  return problems;
}

function ruleDescriptor(rule: RuleMeta): object {
  const score = SECURITY_SEVERITY[rule.severity];
  const refs = rule.refs.length > 0 ? rule.refs.join(', ') : 'none';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    help: {
      text: `Why: ${rule.why}\n\nDetect: ${rule.detect}\n\nFix: ${rule.fix}\n\nEquivalent checks: ${refs}`,
      markdown:
        `**Why.** ${rule.why}\n\n**Detect.** ${rule.detect}\n\n**Fix.** ${rule.fix}\n\n` +
        `**Equivalent checks:** ${rule.refs.length > 0 ? rule.refs.map((ref) => `\`${ref}\``).join(', ') : 'none'}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [...(score ? ['security'] : []), rule.area],
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(score ? { 'security-severity': score } : {}),
    },
  };
}

function result(finding: Finding, ruleIndex: number | undefined, fingerprint: string | undefined, withFixes: boolean): object {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.location) }],
    // GitHub code scanning tracks an alert across commits by these (SARIF §3.27.17).
    ...(fingerprint !== undefined ? { partialFingerprints: { [`secureContainer/${FINGERPRINT_VERSION}`]: fingerprint } } : {}),
    ...(withFixes && finding.fix && finding.fix.edits.length > 0 ? { fixes: [sarifFix(finding.fix)] } : {}),
    // The finding's own severity and refs, which may differ from the rule's defaults.
    // `scope` marks a test, docs or example path (left out of the gate unless --include-tests).
    properties: { severity: finding.severity, refs: [...finding.refs], ...(finding.scope ? { scope: finding.scope } : {}) },
  };
}

/**
 * SARIF §3.55 fix: one artifactChange per file, each edit a replacement of a character range
 * (charOffset/charLength, the 0-based UTF-16 offsets the edits use; a file to create is an
 * insertion at offset 0). A caveat goes into the description, which is all a viewer shows.
 */
function sarifFix(fix: Fix): object {
  const files = [...new Set(fix.edits.map((edit) => edit.file))];
  return {
    description: { text: fix.caveat !== undefined ? `${fix.description} (check first: ${fix.caveat})` : fix.description },
    artifactChanges: files.map((file) => ({
      artifactLocation: { uri: fileUri(file), uriBaseId: SOURCE_ROOT },
      replacements: fix.edits
        .filter((edit) => edit.file === file)
        .map((edit) => ({ deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start }, insertedContent: { text: edit.text } })),
    })),
  };
}

function physicalLocation(location: Location): object {
  const startColumn = Math.max(1, location.column);
  const endLine = Math.max(location.line, location.endLine);
  // Our end column is the last character; SARIF's is the one after it.
  const endColumn = endLine === location.line ? Math.max(startColumn + 1, location.endColumn + 1) : Math.max(1, location.endColumn + 1);
  return {
    artifactLocation: { uri: fileUri(location.file), uriBaseId: SOURCE_ROOT },
    region: { startLine: Math.max(1, location.line), startColumn, endLine, endColumn },
  };
}

function failureNotification(finding: Finding): object {
  return { level: 'error', message: { text: finding.message }, descriptor: { id: finding.ruleId } };
}

function noteNotification(note: AuditNote): object {
  return {
    level: 'note',
    message: { text: `${note.file}: ${note.message}` },
    ...(note.file !== REPOSITORY_LOCATION.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(note.file), uriBaseId: SOURCE_ROOT } } }] } : {}),
  };
}

/** A relative URI reference: each path segment percent-encoded, / kept. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** dockerfile/root-user -> DockerfileRootUser (SARIF's `name` is an identifier, not a sentence). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
