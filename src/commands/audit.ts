// `create-secure-container audit [dir|-]`: flags -> audit() -> a report on stdout or in --output,
// and the exit code the gate asks for (0 pass, 1 findings at or above --fail-on, 2 bad input or I/O).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import pkg from '../../package.json' with { type: 'json' };
import { STREAM_FILE, audit, type AuditResult, type AuditTarget } from '../audit/index.js';
import { REPORT_FORMATS, type ReportFormat, type ReportInput } from '../audit/report/index.js';
import { renderJson } from '../audit/report/json.js';
import { renderSarif } from '../audit/report/sarif.js';
import { renderText } from '../audit/report/text.js';
import { FAIL_ON_VALUES, type FailOn, failsGate } from '../audit/severity.js';
import { EXIT, UsageError } from '../cli/errors.js';

const AUDIT_FLAGS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  color: { type: 'boolean' },
} as const;

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
}

export async function auditCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: AUDIT_FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  if (positionals.length > 1) throw new UsageError(`one folder (or - for standard input) expected, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = oneOf('--format', values.format ?? 'text', REPORT_FORMATS);
  const failOn = oneOf('--fail-on', values['fail-on'] ?? 'high', FAIL_ON_VALUES);
  const where = positionals[0] ?? '.';
  const target: AuditTarget = where === '-' ? { stream: await readStandardInput(), name: STREAM_FILE, configFolder: '.' } : { folder: where };
  return runAudit({
    target,
    format,
    failOn,
    only: splitList(values.only),
    skip: splitList(values.skip),
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.color !== undefined ? { color: values.color } : {}),
  });
}

export async function runAudit(options: AuditCommandOptions): Promise<number> {
  const result = await auditReportingBadInput(options);
  const input = reportInput(result, options.failOn);
  const toFile = options.output !== undefined;
  const report = render(options.format, input, options.color ?? (!toFile && pc.isColorSupported));
  if (options.output !== undefined) {
    await writeAtomically(options.output, report);
    process.stderr.write(`Wrote the ${options.format} report (${input.findings.length} finding${input.findings.length === 1 ? '' : 's'}) to ${options.output}\n`);
  } else {
    process.stdout.write(report);
  }
  return failsGate(input.findings, options.failOn) ? EXIT.refused : EXIT.ok;
}

/** Runs the audit; input problems (a missing folder, an unknown rule, a broken config) become usage errors. */
async function auditReportingBadInput(options: AuditCommandOptions): Promise<AuditResult> {
  try {
    return await audit({ target: options.target, only: options.only, skip: options.skip });
  } catch (error) {
    const name = (error as Error | null)?.name;
    if (name === 'DiscoveryError' || name === 'SuppressionConfigError' || name === 'UnknownRuleError') {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

export function reportInput(result: AuditResult, failOn: FailOn): ReportInput {
  return {
    tool: TOOL,
    findings: result.findings,
    rules: result.rules,
    notes: result.notes,
    suppressed: result.suppressed.length,
    filesAudited: result.repo.files.length,
    failOn,
  };
}

function render(format: ReportFormat, input: ReportInput, color: boolean): string {
  switch (format) {
    case 'text':
      return renderText(input, { color });
    case 'json':
      return renderJson(input);
    case 'sarif':
      return renderSarif(input);
  }
}

/** The temp file sits next to the target so the rename is atomic: a reader sees the old report or the new one. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { flag: 'wx', mode: 0o644 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw new UsageError(`--output ${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('audit - reads a manifest stream from standard input; pipe one in, e.g. helm template ./chart | create-secure-container audit -');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_STREAM_BYTES) throw new UsageError(`standard input is larger than ${MAX_STREAM_BYTES / (1024 * 1024)} MiB; audit the files instead`);
    chunks.push(chunk);
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
