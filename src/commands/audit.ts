// `create-secure-container audit [dir|-]`: flags -> audit() -> a report on stdout or in --output,
// and the exit code the gate asks for (0 pass, 1 findings at or above --fail-on, 2 bad input or I/O).
import { randomBytes } from 'node:crypto';
import { type Stats, fstatSync } from 'node:fs';
import { lstat, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import pkg from '../../package.json' with { type: 'json' };
import { STREAM_FILE, audit, type AuditResult, type AuditTarget } from '../audit/index.js';
import { BaselineError, fingerprintFindings, matchBaseline, parseBaseline } from '../audit/baseline.js';
import { applyFixPlan, planFixes } from '../audit/fix/apply.js';
import { renderFixSummary } from '../audit/fix/summary.js';
import { REPORT_FORMATS, type ReportFormat, type ReportInput, gateFindings } from '../audit/report/index.js';
import { renderJson } from '../audit/report/json.js';
import { githubUploadProblems, renderSarif } from '../audit/report/sarif.js';
import { renderText, reportWidth } from '../audit/report/text.js';
import { FAIL_ON_VALUES, type FailOn, failsGate, isAtOrAbove } from '../audit/severity.js';
import { SEVERITY_ORDER, type Severity } from '../audit/types.js';
import { UnreadableFileError, readRegularFile } from '../util/safe-read.js';
import { EXIT, UsageError } from '../cli/errors.js';
import type { AuditBrowserOptions } from '../ui/audit/index.js';
import { describeFsError } from '../util/fs-errors.js';
import { printablePath } from '../util/printable.js';

const AUDIT_FLAGS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  color: { type: 'boolean' },
  fix: { type: 'string' },
  'dry-run': { type: 'boolean' },
  baseline: { type: 'string' },
  'min-severity': { type: 'string' },
  interactive: { type: 'boolean' },
  'include-tests': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'fix-edits': { type: 'boolean' },
} as const;

/** A --baseline report larger than this is refused (a JSON report of 14,000 findings is a few MiB). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/** A manifest stream larger than this is refused (helm output of a large umbrella chart is a few MiB). */
const MAX_STREAM_BYTES = 32 * 1024 * 1024;

export const TOOL = {
  name: pkg.name,
  version: pkg.version,
  informationUri: `https://www.npmjs.com/package/${pkg.name}`,
} as const;

export interface AuditCommandOptions {
  readonly target: AuditTarget;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly failOn: FailOn;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly color?: boolean;
  /** --fix (safe fixes) or --fix=all (fixes with a caveat too). */
  readonly fix?: 'safe' | 'all';
  /** With fix: print what would change, write nothing. */
  readonly dryRun?: boolean;
  /** A previous JSON report: findings it has are left out and do not count for the gate. */
  readonly baseline?: string;
  /** Findings below it are left out of the report; the gate still counts them. */
  readonly minSeverity?: Severity;
  /** Columns the text report wraps to (default: the terminal's, or 100). */
  readonly width?: number;
  /** Findings in test, docs and example paths count for the gate too. */
  readonly includeTests?: boolean;
  /** Globs of files not to audit (--exclude), on top of the config's audit.exclude. */
  readonly exclude?: readonly string[];
  /** JSON and SARIF carry each fix's text edits (computed for the report: a parse per edit step). */
  readonly fixEdits?: boolean;
}

export async function auditCommand(argv: readonly string[]): Promise<number> {
  // `--fix` alone means the safe fixes; parseArgs wants a value for a string flag.
  const args = argv.map((arg) => (arg === '--fix' ? '--fix=safe' : arg));
  const { values, positionals } = parseArgs({ args, options: AUDIT_FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  if (positionals.length > 1) throw new UsageError(`one folder or file (or - for standard input) expected, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = oneOf('--format', values.format ?? 'text', REPORT_FORMATS);
  const failOn = oneOf('--fail-on', values['fail-on'] ?? 'high', FAIL_ON_VALUES);
  const fix = values.fix === undefined ? undefined : oneOf('--fix', values.fix, ['safe', 'all'] as const);
  const minSeverity = values['min-severity'] === undefined ? undefined : oneOf('--min-severity', values['min-severity'], SEVERITY_ORDER);
  if (values['dry-run'] && !fix) throw new UsageError('--dry-run goes with --fix: it prints the fixes without writing them');
  if (values['fix-edits'] && format === 'text') throw new UsageError('--fix-edits goes with --format json or sarif: the text report shows no edits');
  const where = positionals[0] ?? '.';
  if (where === '-' && fix) throw new UsageError('--fix needs files to write: it cannot fix standard input; audit a folder or a file instead');
  const only = splitList(values.only);
  const skip = splitList(values.skip);

  const target: AuditTarget = where === '-' ? { stream: await readStandardInput(), name: STREAM_FILE, configFolder: '.' } : await folderOrFile(where);
  // The browser is for a folder (it re-audits and writes suppressions there), at a terminal.
  const browse = fix === undefined && values.format === undefined && values.output === undefined && values.interactive !== false && 'folder' in target;
  if (browse && values.baseline === undefined && isInteractiveTerminal()) {
    return openBrowser({
      root: where,
      failOn,
      only,
      skip,
      ...(minSeverity ? { minSeverity } : {}),
      ...(values['include-tests'] ? { includeTests: true } : {}),
      // Not split on commas: a glob may hold {a,b}.
      ...(values.exclude ? { exclude: values.exclude } : {}),
    });
  }

  return runAudit({
    target,
    format,
    failOn,
    only,
    skip,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.color !== undefined ? { color: values.color } : {}),
    ...(fix ? { fix } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    ...(minSeverity ? { minSeverity } : {}),
    ...(values['include-tests'] ? { includeTests: true } : {}),
    ...(values['fix-edits'] ? { fixEdits: true } : {}),
    // Not split on commas: a glob may hold {a,b}.
    ...(values.exclude ? { exclude: values.exclude } : {}),
  });
}

/** The browser opens only for a person at a terminal: both ends a TTY, and not in CI. */
function isInteractiveTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;
}

/** Opens the terminal browser, loaded only here: Ink and React are not needed for a report. */
async function openBrowser(options: AuditBrowserOptions): Promise<number> {
  const { runAuditBrowser } = await import('../ui/audit/index.js');
  return runAuditBrowser(options);
}

/** A folder is audited whole; a regular file (a Dockerfile, a manifest, a workflow) on its own. */
async function folderOrFile(where: string): Promise<AuditTarget> {
  const stats = await stat(where).catch(() => undefined);
  return stats?.isFile() ? { file: where } : { folder: where };
}

export async function runAudit(options: AuditCommandOptions): Promise<number> {
  const baseline = options.baseline !== undefined ? await readBaseline(options.baseline) : undefined;
  const toFile = options.output !== undefined;
  const color = options.color ?? (!toFile && pc.isColorSupported);
  let result = await auditReportingBadInput(options);
  if (options.fix) result = await fixFindings(result, options, color);
  let input: ReportInput = { ...reportInput(result, options.failOn, options.includeTests === true), fixEdits: options.fixEdits === true };
  if (baseline) {
    const { fresh, matched } = matchBaseline(input.findings, input.fingerprints!, parseOrExplain(baseline, options.baseline!));
    input = { ...input, findings: fresh, gate: fresh, baselineMatched: matched.length };
  }
  if (options.minSeverity) input = hideBelow(input, options.minSeverity);
  const width = options.width ?? (toFile ? reportWidth({}) : reportWidth(process.stdout));
  const report = render(options.format, input, color, width);
  if (options.format === 'sarif') {
    for (const problem of githubUploadProblems(input, report)) {
      process.stderr.write(`Warning: this SARIF report would not upload to GitHub code scanning: ${problem}. Narrow it with --only, --skip, --min-severity, --exclude or --baseline.\n`);
    }
  }
  if (options.output !== undefined) {
    await writeAtomically(options.output, report);
    process.stderr.write(`Wrote the ${options.format} report (${input.findings.length} finding${input.findings.length === 1 ? '' : 's'}) to ${printablePath(options.output)}\n`);
  } else {
    process.stdout.write(report);
  }
  return failsGate(gateFindings(input), options.failOn) ? EXIT.refused : EXIT.ok;
}

/**
 * --fix: plans every selected fix, prints the summary and the diffs, writes the plan (unless
 * --dry-run) and audits again, so the report that follows is what is left. In a dry run, what is
 * left is the findings whose fix is not in the plan.
 */
async function fixFindings(result: AuditResult, options: AuditCommandOptions, color: boolean): Promise<AuditResult> {
  const plan = planFixes(result, result.findings, { include: options.fix! });
  const dryRun = options.dryRun === true;
  const summary = renderFixSummary(plan, { color, dryRun, total: result.findings.length });
  // The fix summary goes with a text report on stdout; next to a machine-readable report, to stderr.
  // It is printed once the write succeeded: a refused write prints only why.
  const say = () => (options.format === 'text' && options.output === undefined ? process.stdout : process.stderr).write(`${summary}\n`);
  if (dryRun) {
    say();
    const fixed = new Set(plan.fixed);
    return { ...result, findings: result.findings.filter((finding) => !fixed.has(finding)) };
  }
  if (plan.changes.length > 0) await applyFixPlan(result.repo.root, plan);
  say();
  return plan.changes.length > 0 ? auditReportingBadInput(options) : result;
}

/** --min-severity: findings below it leave the report; the gate still counts every finding. */
function hideBelow(input: ReportInput, minSeverity: Severity): ReportInput {
  const shown = input.findings.filter((finding) => isAtOrAbove(finding.severity, minSeverity));
  return { ...input, findings: shown, gate: gateFindings(input), hidden: { minSeverity, count: input.findings.length - shown.length } };
}

async function readBaseline(file: string): Promise<string> {
  try {
    return await readRegularFile(file, { maxBytes: MAX_BASELINE_BYTES, followLinks: true });
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UsageError(`--baseline ${printablePath(file)}: ${error.detail}`);
    throw error;
  }
}

function parseOrExplain(text: string, file: string): ReturnType<typeof parseBaseline> {
  try {
    return parseBaseline(text);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`--baseline ${printablePath(file)}: ${error.message}`);
    throw error;
  }
}

/** Runs the audit; input problems (a missing folder, an unknown rule, a broken config) become usage errors. */
async function auditReportingBadInput(options: AuditCommandOptions): Promise<AuditResult> {
  try {
    return await audit({ target: options.target, only: options.only, skip: options.skip, ...(options.exclude ? { exclude: options.exclude } : {}) });
  } catch (error) {
    const name = (error as Error | null)?.name;
    if (name === 'DiscoveryError' || name === 'SuppressionConfigError' || name === 'UnknownRuleError') {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

export function reportInput(result: AuditResult, failOn: FailOn, includeTests = false): ReportInput {
  return {
    includeTests,
    tool: TOOL,
    findings: result.findings,
    rules: result.rules,
    notes: result.notes,
    suppressed: result.suppressed.length,
    filesAudited: result.repo.files.length,
    failOn,
    fingerprints: fingerprintFindings(result.findings, result.repo),
  };
}

function render(format: ReportFormat, input: ReportInput, color: boolean, width: number): string {
  switch (format) {
    case 'text':
      return renderText(input, { color, width });
    case 'json':
      return renderJson(input);
    case 'sarif':
      return renderSarif(input);
  }
}

/**
 * Writes the report where the user pointed. The path is followed through links (the user named
 * it). A target that exists and is not a regular file (/dev/null, a FIFO, /dev/stdout's pipe or
 * terminal) is written into in place: renaming a file over it would replace /dev/null with a
 * regular file, or write to a new file nobody reads. A regular file is replaced atomically, from
 * a temp file next to its real path, so a reader sees the old report or the new one and a link
 * to it stays a link.
 */
async function writeAtomically(file: string, content: string): Promise<void> {
  try {
    const target = await outputTarget(file);
    if (target.inPlace) await writeInPlace(file, content, target.stats);
    else await replaceFile(target.path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--output ${printablePath(file)}: cannot write: ${code ? describeFsError(code) : String(error)}`);
  }
}

/** Where the report goes: in place into a special file, or by rename onto this regular file's real path. */
async function outputTarget(file: string): Promise<{ inPlace: boolean; path: string; stats?: Stats }> {
  let stats;
  try {
    stats = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Nothing there yet. A dangling link is written through (there is no old report to keep);
    // otherwise a new file appears by rename.
    const dangling = await lstat(file).then((link) => link.isSymbolicLink(), () => false);
    return { inPlace: dangling, path: file };
  }
  if (!stats.isFile()) return { inPlace: true, path: file, stats };
  return { inPlace: false, path: await realpath(file) };
}

/**
 * Into a special file as it is. When it is this process's own stdout or stderr (/dev/stdout,
 * /dev/fd/1), the open descriptor is used: a socket behind /dev/stdout (what a parent process
 * often passes) cannot be opened again by path.
 */
async function writeInPlace(file: string, content: string, stats: Stats | undefined): Promise<void> {
  const own = stats ? ownStream(stats) : undefined;
  if (!own) return writeFile(file, content);
  return new Promise((resolve, reject) => own.write(content, (error) => (error ? reject(error) : resolve())));
}

function ownStream(stats: Stats): NodeJS.WriteStream | undefined {
  const streams: [number, NodeJS.WriteStream][] = [
    [1, process.stdout],
    [2, process.stderr],
  ];
  for (const [fd, stream] of streams) {
    try {
      const own = fstatSync(fd);
      if (own.dev === stats.dev && own.ino === stats.ino) return stream;
    } catch {
      // that descriptor is closed: it is not where the report goes
    }
  }
  return undefined;
}

async function replaceFile(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx', mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * `audit -`: the manifest stream on standard input, read in chunks and refused as soon as it
 * passes MAX_STREAM_BYTES, so an endless or huge stream is never held in memory whole.
 */
async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('audit - reads a manifest stream from standard input; pipe one in, e.g. helm template ./chart | create-secure-container audit -');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_STREAM_BYTES) {
      // Leaving the loop destroys the stream: nothing more is read, and the writer gets EPIPE.
      throw new UsageError(
        `standard input is larger than ${MAX_STREAM_BYTES / (1024 * 1024)} MiB, the most audit - reads; ` +
          'write the manifests to a folder and audit that instead (helm template ./chart --output-dir out && create-secure-container audit out)',
      );
    }
    chunks.push(bytes);
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.includes(0)) throw new UsageError('standard input is binary, not a YAML manifest stream');
  return bytes.toString('utf8');
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} ${JSON.stringify(value)} is not allowed: use one of ${allowed.join(', ')}`);
}

/** --only a,b --only c -> [a, b, c] */
function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
}
