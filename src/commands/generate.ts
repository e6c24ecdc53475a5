// `create-secure-container [dir]`: answers (saved profile < --profile < flags, then defaults) ->
// profile -> plan -> compare with disk -> print, or write safely. At a terminal (and not in CI,
// without --yes or --dry-run) the wizard in src/ui/wizard asks for the answers instead, starting
// from the same sources.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { type Colors, colors } from '../cli/colors.js';
import { EXIT, UsageError } from '../cli/errors.js';
import { interactivity } from '../cli/interactive.js';
import { PlacementError, placedChanges } from '../generate/placement.js';
import { PROFILE_FILE, type PlannedFile, plan } from '../generate/plan.js';
import { nextSteps, planNotes } from '../generate/notes.js';
import { type FileChange, type InterruptOutcome, interruptWrites, writeChanges } from '../generate/write.js';
import { detect } from '../profile/detect.js';
import { detectionForRun } from '../profile/detect/for-run.js';
import { entrypointProblem } from '../profile/entrypoint-exists.js';
import { readProfileFile } from '../profile/file.js';
import { type FlagValues, PROFILE_FLAGS, profileInputFromFlags } from '../profile/flags.js';
import { REQUIRED_WITHOUT_YES, type ProfileInput, flagFor, mergeInputs, validateProfile, withDefaults } from '../profile/resolve.js';
import { PEM_PRIVATE_KEY, PRIVATE_KEY_MESSAGE, type Profile } from '../profile/schema.js';
import { printablePath } from '../util/printable.js';
import { UnreadableFileError, readRegularFile } from '../util/safe-read.js';
import type { AnswerLayer } from '../ui/wizard/answers.js';

const RUN_FLAGS = {
  yes: { type: 'boolean', short: 'y' },
  profile: { type: 'string' },
  'public-key': { type: 'string' },
  'dry-run': { type: 'boolean' },
  diff: { type: 'boolean' },
  force: { type: 'boolean' },
  color: { type: 'boolean' },
} as const;

export interface GenerateOptions {
  readonly dir: string;
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly diff: boolean;
  readonly force: boolean;
  /** Colours in the output: --no-color gives false; unset, picocolors decides (a TTY, FORCE_COLOR, CI; NO_COLOR wins). */
  readonly color?: boolean;
}

export async function generateCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...PROFILE_FLAGS, ...RUN_FLAGS },
    allowPositionals: true,
    allowNegative: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`one target directory expected, got ${positionals.length}: ${positionals.join(' ')}`);
  const options: GenerateOptions = {
    dir: positionals[0] ?? '.',
    yes: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    diff: values.diff ?? false,
    force: values.force ?? false,
    ...(values.color === false ? { color: false } : {}),
  };
  const gathered = await gatherInput(options, values);
  const mode = interactivity(options);
  if (mode.interactive) return openWizard(options, gathered, values.color === false);
  const profile = await resolveProfile(gathered, options, mode.reason);
  return generate(profile.profile, options, profile.assumptions, profile.detected);
}

interface GatheredInput {
  readonly input: ProfileInput;
  readonly saved: boolean;
  /** The saved profile's answers, as read. */
  readonly savedInput?: ProfileInput;
  /** The sources, lowest precedence first, each able to say where its values came from. */
  readonly layers: readonly AnswerLayer[];
}

async function gatherInput(options: GenerateOptions, values: FlagValues & { profile?: string; 'public-key'?: string }): Promise<GatheredInput> {
  // The saved profile comes with the target (a cloned repository, say): a link there is refused, never followed.
  const saved = await readProfileFile(path.join(options.dir, PROFILE_FILE), { optional: true, followLinks: false });
  const fromFile = values.profile ? await readProfileFile(values.profile) : undefined;
  const fromFlags = profileInputFromFlags(values);
  const publicKeyFile = values['public-key'];
  const publicKey = publicKeyFile ? await readPublicKey(publicKeyFile) : undefined;
  const layers: AnswerLayer[] = [];
  if (saved) layers.push({ input: saved, source: () => `saved in ${PROFILE_FILE}` });
  if (fromFile) layers.push({ input: fromFile, source: () => `from ${values.profile}` });
  layers.push({ input: fromFlags, source: (_field, flag) => `from --${flag}` });
  if (publicKey && publicKeyFile) layers.push({ input: { publicKey }, source: () => `from --public-key ${publicKeyFile}`, publicKeyFile });
  return { input: mergeInputs(...layers.map((layer) => layer.input)), saved: saved !== undefined, ...(saved ? { savedInput: saved } : {}), layers };
}

/** The interview. Loaded only here, so runs without a terminal never load React or Ink. */
async function openWizard(options: GenerateOptions, gathered: GatheredInput, noColorFlag: boolean): Promise<number> {
  // Ink's colours (chalk) ignore NO_COLOR; FORCE_COLOR=0 turns them off before Ink is loaded.
  if (noColorFlag || (process.env.NO_COLOR ?? '') !== '') process.env.FORCE_COLOR = '0';
  const { runWizard } = await import('../ui/wizard/index.js');
  return runWizard({
    dir: options.dir,
    layers: gathered.layers,
    hasSavedProfile: gathered.saved,
    ...(gathered.savedInput ? { savedInput: gathered.savedInput } : {}),
    replaceChanged: options.force,
  });
}

/**
 * The PEM text of a cosign public key file (a regular file of at most 16 KiB, line endings
 * normalised). A private key is refused here, before it can reach any message or file, and
 * nothing of the file's content is ever part of the error.
 */
export async function readPublicKey(file: string): Promise<string> {
  let text: string;
  try {
    text = await readRegularFile(file, { maxBytes: MAX_PUBLIC_KEY_BYTES, followLinks: true });
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    const why = error.reason === 'too-large' ? `${error.detail}; too large to be a public key` : error.detail;
    throw new UsageError(`--public-key ${printablePath(file)}: ${why}`);
  }
  if (PEM_PRIVATE_KEY.test(text)) throw new UsageError(`--public-key ${printablePath(file)}: ${PRIVATE_KEY_MESSAGE}`);
  return text.replace(/\r\n/g, '\n');
}

const MAX_PUBLIC_KEY_BYTES = 16 * 1024;

async function resolveProfile({ input, saved }: GatheredInput, options: GenerateOptions, whyNoQuestions: string) {
  if (!options.yes && !saved) {
    const missing = REQUIRED_WITHOUT_YES.filter((field) => input[field] === undefined);
    if (missing.length > 0) {
      throw new UsageError(
        `missing ${missing.map((field) => flagFor(field)).join(', ')}.\n` +
          `No questions are asked because ${whyNoQuestions}. Give them as flags or in --profile FILE,\n` +
          'or pass --yes to accept the defaults for everything not given.',
      );
    }
  }
  // The project's own files fill what no flag or profile sets, as in the wizard. A saved profile is
  // the complete record of an earlier run, so it is regenerated as it is, without re-detecting.
  const found = saved ? undefined : detectionForRun(await detect(options.dir), input);
  if (found?.stop) throw new UsageError(found.stop);
  const { value, assumptions } = withDefaults(mergeInputs(found?.input ?? {}, input), options.dir);
  const profile = validateProfile(value);
  // An entry point someone gave (flag, --profile, saved profile) must be one the project has;
  // detected ones are by construction, and a default is only a default.
  if (input.entrypoint !== undefined) {
    const problem = await entrypointProblem(options.dir, profile.language, profile.entrypoint);
    if (problem) throw new UsageError(problem);
  }
  return { profile, assumptions, detected: found?.lines ?? [] };
}

export async function generate(
  profile: Profile,
  options: GenerateOptions,
  assumptions: readonly { field: string; value: string; hint: string }[] = [],
  detected: readonly string[] = [],
): Promise<number> {
  let placement;
  try {
    placement = await placedChanges(options.dir, profile);
  } catch (error) {
    if (error instanceof PlacementError) throw new UsageError(error.message);
    throw error;
  }
  // A service of a monorepo is written from the repository root: its workflow goes there.
  const writeRoot = placement.root;
  const { changes } = placement;
  const out = process.stdout;
  const c = colors(options.color);
  if (detected.length > 0) out.write(`${c.bold('Detected')} (a flag overrides any of them)\n${detected.map((line) => `  ${line}\n`).join('')}\n`);
  out.write(`${c.bold(options.dryRun ? 'Plan' : 'Generating')} for ${c.cyan(profile.name)} into ${displayDir(writeRoot)}${placement.servicePrefix ? ` (the service folder ${placement.servicePrefix} and the repository root)` : ''}\n\n`);
  for (const change of changes) out.write(`${formatChange(change, c)}\n`);
  const notes = [...assumptions.map((a) => `${a.field} assumed ${a.value}: ${a.hint}.`), ...planNotes(profile), ...placement.notes];
  if (notes.length > 0) out.write(`\n${notes.map((note) => `${c.yellow('note')} ${note}`).join('\n')}\n`);

  const conflicts = changes.filter((change) => change.status === 'changed');
  if (options.dryRun) {
    if (options.diff) for (const change of conflicts) out.write(`\n${unifiedDiff(change)}`);
    out.write(`\n${c.dim('Dry run: nothing was written.')}\n`);
    return EXIT.ok;
  }
  if (conflicts.length > 0 && !options.force) {
    process.stderr.write(
      `\n${c.red(`${conflicts.length} existing file${conflicts.length > 1 ? 's differ' : ' differs'}`)} from what would be generated; nothing was written.\n` +
        conflicts.map((conflict) => `  ${conflict.file.path}  ${c.green(`+${conflict.added}`)} ${c.red(`-${conflict.removed}`)}${conflict.note ? ` (${conflict.note})` : ''}\n`).join('') +
        'See the differences with --dry-run --diff; replace them with --force (each keeps a .bak copy).\n',
    );
    return EXIT.refused;
  }

  // Ctrl-C stops a write that has not reached its commit point (every file stays as it was) and
  // lets one past it finish; a second Ctrl-C exits at once (the next write finishes or discards it).
  let interruption: Promise<InterruptOutcome> | undefined;
  const interrupted = () => {
    if (interruption) process.exit(EXIT.interrupted);
    interruption = interruptWrites().then((outcome) => {
      process.stderr.write(`\n${INTERRUPTED[outcome]}\n`);
      return outcome;
    });
  };
  process.on('SIGINT', interrupted);
  let result;
  try {
    result = await writeChanges(writeRoot, changes, { force: options.force });
  } catch (error) {
    if (interruption && (await interruption) !== 'failed') return EXIT.interrupted;
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupted);
  }
  out.write(`\n${c.green('Done.')} ${result.written.length} written, ${result.unchanged.length} unchanged.\n`);
  if (result.backups.length > 0) out.write(`Previous versions kept as ${result.backups.join(', ')}\n`);
  if (interruption) return (await interruption, EXIT.interrupted);
  out.write(`\n${c.bold('Next steps')}\n`);
  for (const step of nextSteps(profile)) out.write(`  ${step.title}:\n    ${c.cyan(step.command)}\n`);
  return EXIT.ok;
}

const INTERRUPTED: Record<InterruptOutcome, string> = {
  idle: 'Interrupted.',
  stopped: 'Interrupted before any file was replaced; nothing was written.',
  finished: 'Interrupted while files were being replaced; the write was finished first, so the files agree with each other.',
  failed: 'Interrupted, and the write could not be finished; the next run into this folder finishes it first.',
};

const MARK: Record<string, (text: string, c: Colors) => string> = {
  new: (t, c) => c.green(t),
  changed: (t, c) => c.yellow(t),
  unchanged: (t, c) => c.dim(t),
};

function formatChange(change: FileChange<PlannedFile>, c: Colors): string {
  const counts = change.status === 'changed' ? ` ${c.green(`+${change.added}`)} ${c.red(`-${change.removed}`)}` : '';
  const status = MARK[change.status]!(change.status.padEnd(9), c);
  return `  ${status} ${change.file.path.padEnd(38)} ${c.dim(change.file.purpose)}${counts}`;
}

function unifiedDiff(change: FileChange): string {
  return createTwoFilesPatch(`a/${change.file.path}`, `b/${change.file.path}`, change.previous ?? '', change.file.content, '', '', { context: 3 });
}

/** The target as the user would type it from here. */
export function displayDir(dir: string): string {
  const relative = path.relative(process.cwd(), path.resolve(dir));
  return relative === '' ? '.' : relative;
}
