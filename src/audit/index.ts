// The audit as one call: discover -> parse -> rules -> suppressions -> sorted findings. The CLI's
// `audit` command and the terminal browser both call this and only differ in how they show the
// result. Nothing here prints or exits.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LIMITS, type Discovery, type DiscoveryCounts, type DiscoveryLimits, discover, limitFor } from './discover.js';
import { runRules, sortFindings } from './engine.js';
import { parseRepo } from './parse.js';
import { fileNotAuditedFinding } from './rules/audit/file-not-audited.js';
import { nothingAuditedInFolder, nothingAuditedInStream } from './rules/audit/nothing-audited.js';
import { RULES } from './rules/index.js';
import { scopeOf } from './scope.js';
import { type Selection, selectRules } from './select.js';
import {
  CONFIG_FILE,
  type SuppressedFinding,
  applySuppressions,
  excludeMatcher,
  localDay,
  parseExcludeConfig,
  parseSuppressionConfig,
} from './suppress.js';
import type { AuditNote, Finding, Repo, Rule, SourceFile } from './types.js';
import { describeFsError } from '../util/fs-errors.js';
import { printablePath } from '../util/printable.js';
import { UnreadableFileError, readRegularFile } from '../util/safe-read.js';

/** The name a manifest stream (`audit -`) is reported under. */
export const STREAM_FILE = 'stdin.yaml';

export type AuditTarget =
  /** A folder: every relevant file below it (see discover.ts). */
  | { readonly folder: string }
  /** One file (a Dockerfile, a manifest, a workflow), like hadolint and kube-linter: its folder is the root for suppressions. */
  | { readonly file: string }
  /** One multi-document manifest stream, e.g. the output of `helm template`; suppressions are read from configFolder. */
  | { readonly stream: string; readonly name?: string; readonly configFolder?: string };

export interface AuditOptions extends Selection {
  readonly target: AuditTarget;
  /** Today as YYYY-MM-DD, for suppressions with `until` (default: the local date). */
  readonly today?: string;
  readonly limits?: DiscoveryLimits;
  /** The rules to choose from (default: the whole catalogue). */
  readonly catalogue?: readonly Rule[];
  /** Globs of files not to audit at all (--exclude), added to the config's `audit.exclude`. */
  readonly exclude?: readonly string[];
}

export interface AuditResult {
  /** Findings that count, sorted by file, line, column and rule. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** What was not audited and why; suppressions that expired. */
  readonly notes: readonly AuditNote[];
  /** The rules that ran, in catalogue order. */
  readonly rules: readonly Rule[];
  readonly repo: Repo;
}

export async function audit(options: AuditOptions): Promise<AuditResult> {
  const catalogue = options.catalogue ?? RULES;
  const rules = selectRules(catalogue, options);
  const loaded = await load(options.target, options.limits ?? DEFAULT_LIMITS);
  const input = withoutExcluded(loaded, [...(options.exclude ?? []), ...(loaded.config ? parseExcludeConfig(loaded.config) : [])]);
  const { repo, parseErrors, notes: parseNotes } = parseRepo(input.root, input.files);
  const config = input.config ? parseSuppressionConfig(input.config, catalogue) : [];

  // Zero files audited is never a pass: a finding that fails the gate says why nothing was read.
  const nothingRead =
    'stream' in options.target
      ? parseErrors.length === 0 && repo.yaml.length === 0 && [nothingAuditedInStream(input.files[0]?.path ?? STREAM_FILE)]
      : input.counts !== undefined && input.files.length === 0 && [nothingAuditedInFolder(input.counts)];
  // A file the audit reads but could not is a finding (it fails the gate), not only a note.
  const unread = (input.unread ?? []).map(({ file, reason }) => fileNotAuditedFinding(file, reason));
  const raw = [...parseErrors, ...(nothingRead || []), ...unread, ...runRules(repo, rules)];
  const result = applySuppressions(raw, { repo, catalogue, config, today: options.today ?? localDay() });

  // The audit's own findings (parse errors, suppressions without a reason) are made outside the
  // rules; drop them here when --skip turned their rule off.
  const unreadFiles = new Set((input.unread ?? []).map(({ file }) => file));
  const known = new Set(catalogue.map((rule) => rule.id));
  const selected = new Set(rules.map((rule) => rule.id));
  const counts = (finding: Finding) => !known.has(finding.ruleId) || selected.has(finding.ruleId);
  // Stream input has no paths to judge; a folder's or file's findings are marked by where they sit.
  const scoped = 'stream' in options.target ? (finding: Finding) => finding : withScope;
  return {
    findings: sortFindings(result.findings.filter(counts).map(scoped)),
    suppressed: result.suppressed.filter(({ finding }) => counts(finding)),
    notes: [...input.notes.filter((note) => !unreadFiles.has(note.file)), ...parseNotes, ...result.notes],
    rules,
    repo,
  };
}

/**
 * The input without the files --exclude or `audit.exclude` name, and a note counting them. The
 * configuration itself is still read (it holds the suppressions).
 */
function withoutExcluded(input: LoadedInput, globs: readonly string[]): LoadedInput {
  if (globs.length === 0) return input;
  const excluded = excludeMatcher(globs);
  const files = input.files.filter((file) => !excluded(file.path));
  const left = input.files.length - files.length;
  const unread = input.unread?.filter((entry) => !excluded(entry.file));
  const note = { file: '.', message: `${left} file${left === 1 ? '' : 's'} excluded by --exclude or audit.exclude; not audited` };
  return { ...input, files, ...(unread ? { unread } : {}), notes: left > 0 ? [...input.notes, note] : input.notes };
}

/** The finding marked with its file's scope (test, docs, example), if it has one. */
function withScope(finding: Finding): Finding {
  const scope = scopeOf(finding.location.file);
  return scope ? { ...finding, scope } : finding;
}

interface LoadedInput {
  readonly root: string;
  readonly files: readonly SourceFile[];
  readonly notes: readonly AuditNote[];
  readonly config?: SourceFile;
  /** What discovery left out (folder targets only). */
  readonly counts?: DiscoveryCounts;
  /** Files of kinds the audit reads that it could not read (folder targets only). */
  readonly unread?: Discovery['unread'];
}

async function load(target: AuditTarget, limits: DiscoveryLimits): Promise<LoadedInput> {
  if ('folder' in target) {
    const { files, notes, counts, unread } = await discover(target.folder, limits);
    const config = await readConfig(target.folder);
    return {
      root: path.resolve(target.folder),
      files,
      counts,
      unread: config.unread ? [...unread, config.unread] : unread,
      notes: [...notes, ...config.notes],
      ...(config.file ? { config: config.file } : {}),
    };
  }
  if ('file' in target) return loadSingleFile(target.file, limits);
  const root = path.resolve(target.configFolder ?? '.');
  const config: Awaited<ReturnType<typeof readConfig>> = target.configFolder === undefined ? { notes: [] } : await readConfig(target.configFolder);
  return {
    root,
    files: [{ path: target.name ?? STREAM_FILE, text: target.stream }],
    notes: config.notes,
    ...(config.unread ? { unread: [config.unread] } : {}),
    ...(config.file ? { config: config.file } : {}),
  };
}

/**
 * `audit FILE`: only that file is parsed, named by its base name under its folder, which is the
 * root for suppressions. A workflow (.github/workflows/ci.yml) keeps that path under its
 * repository, so it is still recognised as a workflow. The .dockerignore next to the file is read
 * too (not parsed): without it every Dockerfile would look like it had none.
 */
async function loadSingleFile(file: string, limits: DiscoveryLimits): Promise<LoadedInput> {
  const workflow = /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+$/.test(path.resolve(file));
  const folder = workflow ? path.resolve(path.dirname(file), '..', '..') : path.dirname(file);
  const name = workflow ? `.github/workflows/${path.basename(file)}` : path.basename(file);
  const read = async (at: string): Promise<string> => readRegularFile(at, { maxBytes: limitFor(at, limits), followLinks: true });
  let text: string;
  try {
    text = await read(file);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new SingleFileError(`${printablePath(file)}: ${error.detail}`);
    throw error;
  }
  const files: SourceFile[] = [{ path: name, text }];
  for (const ignore of ['.dockerignore', `${name}.dockerignore`]) {
    if (workflow || ignore === name) continue;
    const text = await read(path.join(folder, ignore)).catch(() => undefined);
    if (text !== undefined) files.push({ path: ignore, text });
  }
  const config = await readConfig(folder);
  return { root: path.resolve(folder), files, notes: config.notes, ...(config.unread ? { unread: [config.unread] } : {}), ...(config.file ? { config: config.file } : {}) };
}

/** `audit FILE` on a file that cannot be read (reported as a usage error, like a missing folder). */
export class SingleFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/**
 * The folder's .secure-container.yaml, read on its own (discovery may have left it out through
 * .gitignore). A link is followed only inside the folder. A file that exists but cannot be read
 * is an audit/file-not-audited finding: the audit goes on without its suppressions (reporting more,
 * never less) and the gate fails; one that reads but is malformed is an error naming the line.
 */
async function readConfig(folder: string): Promise<{ file?: SourceFile; notes: AuditNote[]; unread?: { file: string; reason: string } }> {
  const file = path.join(folder, CONFIG_FILE);
  const unreadable = (why: string) => ({ notes: [], unread: { file: CONFIG_FILE, reason: `${why}; its suppressions and exclusions were not applied` } });
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { notes: [] };
    return unreadable(`cannot read: ${describeFsError((error as NodeJS.ErrnoException).code ?? 'EIO')}`);
  }
  const folderReal = await realpath(folder);
  const stats = await stat(real);
  if (!real.startsWith(folderReal + path.sep) || !stats.isFile() || stats.size > DEFAULT_LIMITS.maxFileBytes) {
    return { notes: [{ file: CONFIG_FILE, message: 'not a regular file inside the audited folder (or too large); its suppressions were not applied' }] };
  }
  try {
    // Through the same guarded reader as profiles: the file checked above may be swapped for a FIFO or a link meanwhile.
    return { file: { path: CONFIG_FILE, text: await readRegularFile(real, { maxBytes: DEFAULT_LIMITS.maxFileBytes, followLinks: false }) }, notes: [] };
  } catch (error) {
    if (error instanceof UnreadableFileError) return unreadable(error.detail);
    throw error;
  }
}

export type { SuppressedFinding } from './suppress.js';
