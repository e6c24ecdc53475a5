// The wizard: detect, interview, review, write, then offer the optional checks. It reuses the
// generator's steps as they are (plan, compareWithDisk, writeChanges, planNotes, nextSteps); this
// module only sequences them and decides what each way out means.
//
// Exit codes: 0 written (and every optional check run passed), 1 cancelled at the summary or
// review (nothing written) or an optional check failed (the files stay written), 2 a language
// the generator does not build, 130 Ctrl-C. Ctrl-C before writing leaves the directory as it was.
import { checkbox } from '@inquirer/prompts';
import { styleText } from 'node:util';
import pkg from '../../../package.json' with { type: 'json' };
import { EXIT } from '../../cli/errors.js';
import { displayDir } from '../../commands/generate.js';
import { nextSteps, planNotes } from '../../generate/notes.js';
import { PlacementError, placedChanges } from '../../generate/placement.js';
import { keptKustomizationProblem, keptWorkloadProblem } from '../../generate/kept-workload.js';
import { buildView } from '../../generate/view.js';
import { PROFILE_FILE, type PlannedFile } from '../../generate/plan.js';
import { type FileChange, interruptWrites, writeChanges } from '../../generate/write.js';
import { type Detection, detect } from '../../profile/detect.js';
import { unsupportedLanguageMessage } from '../../profile/detect/for-run.js';
import { ProfileError, type ProfileInput, validateProfile, withDefaults } from '../../profile/resolve.js';
import type { Profile } from '../../profile/schema.js';
import { shellQuote } from '../../profile/to-flags.js';
import { type Check, type CheckResult, checksFor, commandText, dockerDaemonAnswers, runCheck } from '../../tools/checks.js';
import { findTools } from '../../tools/tools.js';
import { showScreen } from '../ink.js';
import { type ReviewChoices, type ReviewOutcome, ReviewScreen } from '../review/ReviewScreen.js';
import { ToolRun } from '../tools/ToolRun.js';
import { type AnswerLayer, Answers } from './answers.js';
import { interview, summary } from './interview.js';
import { inquirerPrompter } from './prompter.js';
import { existingFindings } from './existing-findings.js';
import { detectionReport, doneReport } from './report.js';
import { type WriteOutcome, WriteProgress } from './WriteProgress.js';

export interface WizardRequest {
  readonly dir: string;
  /** Saved profile, --profile file, flags, public key: lowest precedence first. Detection goes below them all. */
  readonly layers: readonly AnswerLayer[];
  /** A saved profile holds every answer: go straight to the summary. */
  readonly hasSavedProfile: boolean;
  /** The saved profile's answers: the files they generate are the tool's earlier output. */
  readonly savedInput?: ProfileInput;
  /** --force: changed files start selected in the review. */
  readonly replaceChanged: boolean;
}

type Phase = 'asking' | 'writing' | 'written';

export async function runWizard(request: WizardRequest): Promise<number> {
  const session = new Session();
  try {
    return await wizard(request, session);
  } catch (error) {
    // inquirer rejects with ExitPromptError when Ctrl-C is pressed at a prompt.
    if ((error as Error | undefined)?.name === 'ExitPromptError') {
      session.say(`\n${session.interruptedMessage()}`);
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    session.close();
  }
}

async function wizard(request: WizardRequest, session: Session): Promise<number> {
  const { dir } = request;
  const shownDir = displayDir(dir);
  session.say(`${styleText('bold', 'create-secure-container')} ${pkg.version} · hardening ${shownDir}\n`);
  const detection = await detect(dir);
  session.say(detectionReport(detection, shownDir));
  // A C# or PHP project gets no Node.js Dockerfile by default: unless a flag or profile names a
  // language, the wizard says what it found and stops.
  const languageGiven = request.layers.some((layer) => layer.input.language !== undefined);
  if (!languageGiven && (detection.languages ?? []).length === 0 && detection.input.language === undefined && detection.unsupported?.length) {
    session.say(unsupportedLanguageMessage(detection.unsupported));
    return EXIT.usage;
  }
  const weaknesses = await existingFindings(dir, shownDir, process.stdout.columns || 80);
  if (weaknesses.length > 0) session.say(`${weaknesses.join('\n')}\n`);

  const answers = new Answers(dir, [detectionLayer(detection), ...request.layers]);
  const prompter = inquirerPrompter({ rows: () => process.stdout.rows || 24 });
  // Accepting the recommended setup goes straight to the review; the summary comes when the
  // answers were customised, loaded from a saved profile, or on the way back from the review.
  let showSummary = true;
  if (request.hasSavedProfile) session.say(`Answers loaded from ${PROFILE_FILE}; change any of them below.\n`);
  else {
    const outcome = await interview(answers, prompter);
    if (outcome === 'cancel') {
      session.say('Cancelled; nothing was written.');
      return EXIT.refused;
    }
    showSummary = outcome === 'customised';
  }

  // What the person chose in the review, kept when they go back to the answers and return.
  let choices: ReviewChoices | undefined;
  const earlier = await earlierOutput(dir, request.savedInput);
  for (;;) {
    if (showSummary && (await summary(answers, prompter)) === 'cancel') {
      session.say('Cancelled; nothing was written.');
      return EXIT.refused;
    }
    showSummary = true;
    const profile = answers.profile();
    let placed;
    try {
      placed = await placedChanges(dir, profile);
    } catch (error) {
      if (!(error instanceof PlacementError)) throw error;
      session.say(error.message);
      return EXIT.usage;
    }
    const { changes, root, servicePrefix } = placed;
    const review = await showScreen<ReviewOutcome>((finish) => (
      <ReviewScreen
        changes={changes}
        heading={`${profile.name} into ${shownDir}`}
        replaceChanged={request.replaceChanged}
        ourEarlierOutput={earlier}
        checkSelection={(selected) =>
          keptWorkloadProblem(changes, selected, { workload: `${servicePrefix}k8s/deployment.yaml`, selector: buildView(profile).selector }) ??
          keptKustomizationProblem(changes, selected, `${servicePrefix}k8s/kustomization.yaml`)
        }
        {...(choices ? { previous: choices } : {})}
        onDone={finish}
      />
    ));
    if (review.action === 'back') {
      choices = review.choices;
      continue;
    }
    if (review.action === 'cancel') {
      session.say('Cancelled; nothing was written.');
      return EXIT.refused;
    }
    if (review.action === 'interrupt') {
      session.say(session.interruptedMessage());
      return EXIT.interrupted;
    }
    return writeAndFinish({ dir, root, shownDir, profile, changes, selected: new Set(review.paths), answers, session });
  }
}

interface Finish {
  readonly dir: string;
  /** Where the files are written from: dir, or the repository root for a service of a monorepo. */
  readonly root: string;
  readonly shownDir: string;
  readonly profile: Profile;
  readonly changes: readonly FileChange<PlannedFile>[];
  readonly selected: ReadonlySet<string>;
  readonly answers: Answers;
  readonly session: Session;
}

async function writeAndFinish({ dir, root, shownDir, profile, changes, selected, answers, session }: Finish): Promise<number> {
  // Unselected files are left out entirely; selecting a changed file was the consent to replace it.
  const chosen = changes.filter((change) => change.status === 'unchanged' || selected.has(change.file.path));
  const skipped = changes.filter((change) => change.status !== 'unchanged' && !selected.has(change.file.path)).map((c) => c.file.path);
  const toWrite = chosen.filter((change) => change.status !== 'unchanged').map((change) => change.file.path);

  session.phase = 'writing';
  const outcome = await showScreen<WriteOutcome>((finish) => (
    <WriteProgress
      paths={toWrite}
      write={({ onWritten, signal }) => writeChanges(root, chosen, { force: true, signal, onWritten: (change) => onWritten(change.file.path) })}
      onDone={finish}
    />
  ));
  if (outcome.kind === 'stopped') {
    session.phase = 'asking';
    return EXIT.interrupted;
  }
  if (outcome.kind === 'failed') throw outcome.error;
  session.phase = 'written';

  session.say(
    `\n${doneReport({
      shownDir,
      result: outcome.result,
      skipped,
      notes: planNotes(profile),
      steps: nextSteps(profile, { kept: skipped }),
      command: shellQuote(['npx', 'create-secure-container', shownDir, ...answers.commandArguments()]),
    })}`,
  );
  if (outcome.interrupted) {
    session.say(session.interruptedMessage());
    return EXIT.interrupted;
  }
  return offerChecks(profile, dir, session);
}

/**
 * Offers the checks whose tools are installed (the image build only when the Docker daemon
 * answers); the others get a hint. A check that fails is printed in full after its window.
 * Returns the wizard's exit code: interrupted on Ctrl-C, refused if a check failed, else ok.
 */
async function offerChecks(profile: Profile, dir: string, session: Session): Promise<number> {
  const tools = await findTools();
  const installed = new Set(tools.filter((t) => t.installed).map((t) => t.tool.name));
  const checks = checksFor(profile);
  const missing = tools.filter((t) => !t.installed && checks.some((c) => c.tool === t.tool.name));
  const hints = missing.map((t) => `${t.tool.name} (${t.tool.install})`);
  if (installed.has('docker') && !(await dockerDaemonAnswers())) {
    installed.delete('docker');
    hints.push('the image build (the Docker daemon does not answer `docker version`)');
  }
  if (hints.length > 0) session.say(styleText('dim', `Not offered: ${hints.join(', ')}.`));
  const available = checks.filter((check) => installed.has(check.tool));
  if (available.length === 0) return EXIT.ok;
  const picked = await checkbox<Check>({
    message: 'Run checks on the generated files now? (space selects, enter runs; none skips)',
    choices: available.map((check) => ({ value: check, name: `${check.title}: ${commandText(check)}` })),
  });
  const failed: string[] = [];
  for (const check of picked) {
    const { result, interrupted, output } = await showScreen<{ result: CheckResult; interrupted: boolean; output: readonly string[] }>((finish) => (
      <ToolRun title={check.title} command={commandText(check)} run={(hooks) => runCheck(check, dir, hooks)} onDone={finish} />
    ));
    if (interrupted) return EXIT.interrupted;
    if (!result.ok) {
      failed.push(commandText(check));
      // The window above cut long lines and kept the last rows; the failure is printed whole.
      session.say(`\n${styleText('red', `✘ ${commandText(check)}`)}: ${result.problem ?? `exit code ${result.exitCode}`}\n${output.join('\n')}`);
    }
  }
  if (failed.length > 0) {
    session.say(styleText('red', `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}. The files stay written; fix them and run the check again.`));
    return EXIT.refused;
  }
  return EXIT.ok;
}

/**
 * Files on disk that are exactly what the saved profile generates: the tool's own earlier output,
 * unchanged by the person since. When new answers change them, the review preselects them.
 */
async function earlierOutput(dir: string, saved: ProfileInput | undefined): Promise<ReadonlySet<string>> {
  if (!saved) return new Set();
  let profile: Profile;
  try {
    profile = validateProfile(withDefaults(saved, dir).value);
  } catch (error) {
    // A saved profile that no longer validates generated nothing we can recognise.
    if (error instanceof ProfileError) return new Set();
    throw error;
  }
  let changes;
  try {
    ({ changes } = await placedChanges(dir, profile));
  } catch (error) {
    if (error instanceof PlacementError) return new Set();
    throw error;
  }
  return new Set(changes.filter((change) => change.status === 'unchanged').map((change) => change.file.path));
}

function detectionLayer(detection: Detection): AnswerLayer {
  return {
    input: detection.input,
    source: (field) => `detected from ${detection.sources[field] ?? 'the project'}`,
    detected: true,
    open: (detection.ambiguous ?? []).map((a) => a.field),
  };
}

/** Terminal state the wizard owns: the cursor, and what Ctrl-C means outside a prompt. */
class Session {
  phase: Phase = 'asking';
  private readonly onSigint = () => {
    // Outside a prompt (raw mode off) Ctrl-C arrives as a signal.
    const exit = () => {
      this.say(`\n${this.interruptedMessage()}`);
      this.close();
      process.exit(EXIT.interrupted);
    };
    if (this.phase !== 'writing') return exit();
    // A write before its commit point stops (nothing replaced); one past it finishes first.
    void interruptWrites().then((outcome) => {
      if (outcome === 'stopped') this.phase = 'asking';
      if (outcome === 'finished') this.phase = 'written';
      if (outcome === 'failed') this.say('\nThe write could not be finished; the next write into this folder completes it.');
      exit();
    });
  };

  constructor() {
    process.on('SIGINT', this.onSigint);
  }

  say(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  interruptedMessage(): string {
    if (this.phase === 'written') return 'Interrupted. The files were already written, each complete.';
    if (this.phase === 'writing') return 'Interrupted while writing; no file was left half-written.';
    return 'Interrupted; nothing was written.';
  }

  close(): void {
    process.off('SIGINT', this.onSigint);
    if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
    // The hand-over between inquirer and Ink left stdin referenced; let the process end.
    process.stdin.pause();
    process.stdin.unref();
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h');
  }
}
