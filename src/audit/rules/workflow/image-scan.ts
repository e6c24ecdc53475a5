// Whether CI scans the images it builds, and whether that scan can actually stop a build.
import { FIX_NOT_CHECKED, fixBudgetSpent } from '../../fix/check-budget.js';
import { addTrivyFlag, deferredYamlFix, gateTrivyLine, type LineChange, removeSwallow, rewriteScript, yamlFix } from '../../fix/workflow.js';
import { sarifUploadFix } from '../../fix/sarif-upload.js';
import type { YamlEditor } from '../../fix/yaml-edit.js';
import { mappingOf, stringOf } from '../../support/data.js';
import { type Fix, type Location, type Repo, type YamlDocument, defineRule } from '../../types.js';
import type { ScriptCommand } from '../../support/shell.js';
import { startsWord, trivySubcommandEnd } from '../../support/trivy-command.js';
import {
  GITLAB_SHELL, gatingValue, stepEnv, type GithubJob, type GithubStep, type GitlabJob, type TrivyScan, type YamlPath, githubShell, githubSteps, gitlabJobs, isImageBuildCommand, isImageBuildStep,
  isImageScanCommand, isImageScanStep, isTrivyScanCommand, isTrivyScanStep, trivyScans,
} from './_support.js';

/** Every place in CI that builds an image, and whether any place scans one. */
function buildsAndScans(repo: Repo): { builds: Location[]; scans: boolean } {
  const builds: Location[] = [];
  let scans = false;
  for (const step of githubSteps(repo)) {
    if (isImageBuildStep(step)) builds.push(step.document.locate([...step.path, step.run !== undefined ? 'run' : 'uses']));
    if (isImageScanStep(step)) scans = true;
  }
  for (const job of gitlabJobs(repo)) {
    for (const line of job.lines) {
      if (isImageBuildCommand(line.text)) builds.push(job.document.locate(line.path));
      if (isImageScanCommand(line.text)) scans = true;
    }
    if (mappingOf(job.job).trivy !== undefined || /container_scanning/i.test(job.id)) scans = true;
  }
  for (const document of repo.gitlabPipelines) {
    const includes = JSON.stringify(mappingOf(document.data).include ?? '');
    if (/Container-Scanning|Jobs\/Container-Scanning/i.test(includes)) scans = true;
  }
  return { builds, scans };
}

export const noImageScan = defineRule({
  id: 'workflow/no-image-scan',
  area: 'workflow',
  severity: 'medium',
  title: 'Images are built but never scanned',
  why: 'An image carries every CVE of its base image and dependencies; without a scan in CI, a known-vulnerable image ships and nobody is told.',
  detect: 'A GitHub workflow step or GitLab job builds an image (docker/build-push-action, docker build, buildah, kaniko, podman) and no workflow or pipeline in the repository scans one (trivy image, trivy-action, grype, docker scout, snyk container, GitLab container scanning).',
  fix: 'Add a Trivy image scan after the build that fails on HIGH and CRITICAL: aquasecurity/trivy-action pinned by SHA with `exit-code: "1"`, or `trivy image --exit-code 1 --severity HIGH,CRITICAL --ignore-unfixed IMAGE`.',
  refs: [],
  noFix: 'Where the scan goes depends on how the pipeline builds and pushes the image (a local image, a registry, a tarball): add the step by hand; the Fix above shows one.',
  check({ repo, report }) {
    const { builds, scans } = buildsAndScans(repo);
    if (scans) return;
    for (const location of builds) report({ location, message: 'this builds an image, and no CI job in the repository scans images' });
  },
});

export const scanCannotFail = defineRule({
  id: 'workflow/scan-cannot-fail',
  area: 'workflow',
  severity: 'high',
  title: 'Image scan can never fail the build',
  why: 'A scan that always passes only prints a report nobody reads: trivy exits 0 unless told otherwise, and `|| true`, continue-on-error or allow_failure swallow the failure.',
  detect:
    'A job whose Trivy scans all run with exit code 0 (trivy-action without `exit-code` other than 0; `trivy` without `--exit-code N` or TRIVY_EXIT_CODE), a scan step or job with `continue-on-error: true`, ' +
    'a GitLab scan job with `allow_failure: true`, or a trivy command whose failure the shell never sees. Scripts are read as the shell runs them (GitHub: `bash -e`, pipefail only with `shell: bash`; ' +
    'GitLab: before_script and script in one `set -eo pipefail` session): `|| true`, `|| exit 0`, a pipe into another command without pipefail, a condition, `!`, or an `&& …` list that is not the last statement.',
  fix: 'Give the gating scan `exit-code: "1"` (`--exit-code 1`) with the severities that must block, and remove `|| true`, continue-on-error and allow_failure. A second, non-gating pass may write SARIF.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const trivySteps = [...githubSteps(repo)].filter(isTrivyScanStep);
    const byJob = new Map<GithubStep['job'], GithubStep[]>();
    for (const step of trivySteps) byJob.set(step.job, [...(byJob.get(step.job) ?? []), step]);
    for (const [job, steps] of byJob) {
      const gates = steps.filter((s) => (s.action ? exitCodeOf(s.with['exit-code']) !== 0 : runGates(s)));
      if (gates.length === 0) {
        const fix = gateStepFix(job, steps);
        report({
          location: steps[0]!.document.locate([...steps[0]!.path, steps[0]!.action ? 'uses' : 'run']),
          message: `no Trivy scan in job ${job.id} sets a non-zero exit code; the build passes whatever it finds`,
          ...(fix ? { fix } : {}),
        });
      }
      for (const step of steps) {
        const shell = step.run !== undefined ? githubShell(step) : undefined;
        const swallowed = shell ? trivyScans(step.run!, shell).find((scan) => scan.command.failure === 'swallowed') : undefined;
        if (swallowed) {
          const fix = swallowed.command.by === 'or' ? scriptFix(step.document, [...step.path, 'run'], step.run!, `remove the || true that swallows the scan's failure in job ${job.id}`, removeSwallowFromScan) : undefined;
          report({ location: step.document.locate([...step.path, 'run']), message: swallowMessage(swallowed.command), ...(fix ? { fix } : { noFix: fixBudgetSpent(step.document.file) ? FIX_NOT_CHECKED : swallowNoFix(swallowed.command) }) });
        }
        if (step.step['continue-on-error'] === true && gates.includes(step)) {
          const path = [...step.path, 'continue-on-error'];
          const fix = deferredYamlFix(step.document, `remove continue-on-error from the scan step in job ${job.id}`, [path], (editor) => editor.delete(path), GATE_CAVEAT);
          report({ location: step.document.locate([...step.path, 'continue-on-error']), message: 'continue-on-error: true lets the build pass when the scan fails', ...(fix ? { fix } : {}) });
        }
      }
      if (job.job['continue-on-error'] === true && gates.length > 0) {
        const path = [...job.path, 'continue-on-error'];
        const fix = deferredYamlFix(job.document, `remove continue-on-error from job ${job.id}`, [path], (editor) => editor.delete(path), `${GATE_CAVEAT} Every other step of job ${job.id} can now fail the workflow too.`);
        report({ location: job.document.locate([...job.path, 'continue-on-error']), message: `job ${job.id} has continue-on-error: true, so its scan cannot fail the workflow`, ...(fix ? { fix } : {}) });
      }
    }
    for (const job of gitlabJobs(repo)) {
      const scans = job.lines.filter((line) => isTrivyScanCommand(line.text));
      const session = gitlabSession(job);
      if (scans.length === 0 && session.scans.length === 0) continue;
      if (!session.scans.some((scan) => scan.gates) && !gatingValue(mappingOf(job.job.variables).TRIVY_EXIT_CODE) && scans.length > 0) {
        const first = scans[0]!;
        const target = scans.find((line) => !MACHINE_FORMAT.test(formatOf(line.text))) ?? first;
        const ignoreSet = ignoreUnfixedVariable(job);
        const fix = scriptFix(job.document, target.path, target.text, `make the trivy scan of job ${job.id} exit 1 on findings`, gateOneLine(ignoreSet), GATE_CAVEAT);
        report({ location: job.document.locate(first.path), message: `no trivy command in job ${job.id} sets --exit-code; the pipeline passes whatever it finds`, ...(fix ? { fix } : {}) });
      }
      const reported = new Set<YamlPath>();
      for (const scan of session.scans) {
        if (scan.command.failure !== 'swallowed') continue;
        const line = session.lineOf(scan.command);
        if (!line || reported.has(line.path)) continue;
        reported.add(line.path);
        const fix = scan.command.by === 'or' ? scriptFix(job.document, line.path, line.text, `remove the || true that swallows the scan's failure in job ${job.id}`, removeSwallowFromScan) : undefined;
        report({ location: job.document.locate(line.path), message: swallowMessage(scan.command), ...(fix ? { fix } : { noFix: fixBudgetSpent(job.document.file) ? FIX_NOT_CHECKED : swallowNoFix(scan.command) }) });
      }
      const allow = job.job.allow_failure;
      if (allow === true || (typeof allow === 'object' && allow !== null)) {
        const path = [...job.path, 'allow_failure'];
        const fix = deferredYamlFix(job.document, `remove allow_failure from job ${job.id}`, [path], (editor) => editor.delete(path), GATE_CAVEAT);
        report({ location: job.document.locate([...job.path, 'allow_failure']), message: `allow_failure on ${job.id} lets the pipeline pass when the scan fails`, ...(fix ? { fix } : {}) });
      }
    }
  },
});

/** What makes the shell lose a scan's failure, in the finding's words. */
function swallowMessage(command: ScriptCommand): string {
  switch (command.by) {
    case 'or':
      return "the scan command's failure is swallowed (|| true)";
    case 'pipeline':
      return "the scan is piped into another command and the shell has no pipefail: the pipeline's status is the last command's, so the scan's failure is lost";
    case 'and-list':
      return 'the scan starts an && list that is not the last command: set -e ignores a failure there and the script goes on';
    case 'condition':
      return 'the scan is a condition (if/while): its failure picks a branch and never fails the job';
    case 'negation':
      return 'the scan is negated with !: its failure never fails the job';
    default:
      return 'the script runs without set -e, so the scan\'s failure is lost unless it is the last command';
  }
}

/** Why a swallowed failure has no automatic fix. */
function swallowNoFix(command: ScriptCommand): string {
  switch (command.by) {
    case 'or':
      return 'The script could not be rewritten line by line in its YAML form; remove the `|| true` by hand.';
    case 'pipeline':
      return 'Add `set -o pipefail` before the pipeline (or `shell: bash` on the GitHub step), or write the report to a file with --output instead of piping it.';
    default:
      return 'How the script should continue after a failed scan is a decision the rule cannot make: run the scan as a plain command of its own.';
  }
}

/**
 * A GitLab job's before_script and script as the one shell session the runner runs, with a way
 * back from a command to the YAML line it came from. after_script runs in a separate shell whose
 * failures never fail the job.
 */
function gitlabSession(job: GitlabJob): { scans: TrivyScan[]; lineOf(command: ScriptCommand): GitlabJob['lines'][number] | undefined } {
  const lines = job.lines.filter((line) => line.path[1] === 'before_script' || line.path[1] === 'script');
  const starts: number[] = [];
  let script = '';
  for (const line of lines) {
    starts.push(script.length);
    script += `${line.text}\n`;
  }
  return {
    scans: trivyScans(script, GITLAB_SHELL),
    lineOf(command) {
      let index = starts.length - 1;
      while (index > 0 && starts[index]! > command.start) index--;
      return lines[index];
    },
  };
}

/** A `run:` step whose trivy command exits non-zero on findings, read as its shell reads it. */
function runGates(step: GithubStep): boolean {
  if (gatingValue(stepEnv(step).TRIVY_EXIT_CODE)) return true;
  const shell = githubShell(step);
  // pwsh, python, cmd: not a POSIX shell script; the command line's own flags decide.
  if (!shell) return commandGates(step.run!);
  return trivyScans(step.run!, shell).some((scan) => scan.gates);
}



/** Every fix that lets a scan fail the build says so: the rule cannot see whether today's image passes. */
const GATE_CAVEAT =
  'From now on the pipeline fails when the scan finds vulnerabilities at the severities it reports (or cannot run); scan the current image first, and fix or .trivyignore what it finds.';

/** Formats that feed another tool rather than a person: the gate goes on another step when there is one. */
const MACHINE_FORMAT = /^(?:sarif|json|template|cyclonedx|spdx|spdx-json|github)$/;

/**
 * Makes one Trivy step of the job gate: exit-code 1 (and ignore-unfixed, so the gate does not block
 * on CVEs nobody can fix yet), preferring a step whose output a person reads; continue-on-error on
 * that step and on the job is removed with it, or it still could not fail anything.
 */
function gateStepFix(job: GithubJob, steps: readonly GithubStep[]): Fix | undefined {
  const target =
    steps.find((s) => s.action !== undefined && !MACHINE_FORMAT.test(stringOf(s.with.format) ?? 'table')) ?? steps.find((s) => s.run !== undefined) ?? steps[0]!;
  const description = `make the Trivy scan in job ${job.id} exit 1 on findings`;
  const removals = [
    ...(target.step['continue-on-error'] === true ? [[...target.path, 'continue-on-error']] : []),
    ...(job.job['continue-on-error'] === true ? [[...job.path, 'continue-on-error']] : []),
  ];
  const removeContinueOnError = (editor: YamlEditor) => removals.forEach((path) => editor.delete(path));
  if (target.action === undefined) {
    const ignoreSet = /TRIVY_IGNORE_UNFIXED/.test(target.run!);
    const change = (editor: YamlEditor) => {
      rewriteScript(editor, [...target.path, 'run'], target.run!, gateOneLine(ignoreSet));
      removeContinueOnError(editor);
    };
    return yamlFix(target.document, description, change, GATE_CAVEAT);
  }
  const exitCode = [...target.path, 'with', 'exit-code'];
  const ignoreUnfixed = 'ignore-unfixed' in target.with ? undefined : [...target.path, 'with', 'ignore-unfixed'];
  const change = (editor: YamlEditor) => {
    editor.set(exitCode, '1');
    if (ignoreUnfixed) editor.set(ignoreUnfixed, true);
    removeContinueOnError(editor);
  };
  return deferredYamlFix(target.document, description, [exitCode, ...(ignoreUnfixed ? [ignoreUnfixed] : []), ...removals], change, GATE_CAVEAT);
}

/**
 * Gates one trivy command of a script: the first whose output a person reads (not --format
 * json/sarif/template/…), else the first. The others (a report pass) keep exiting 0.
 */
function gateOneLine(ignoreUnfixedSet: boolean): LineChange {
  let seen: readonly string[] | undefined;
  let target = -1;
  return (line, index, lines) => {
    if (lines !== seen) {
      seen = lines;
      const scans = lines.flatMap((text, at) => (isTrivyScanCommand(text) ? [at] : []));
      target = scans.find((at) => !MACHINE_FORMAT.test(formatOf(lines[at]!))) ?? scans[0] ?? -1;
    }
    return index === target ? gateLine(line, ignoreUnfixedSet) : line;
  };
}

/** The --format of a trivy command line (table when it names none). */
function formatOf(line: string): string {
  return /--format[=\s]+["']?([\w-]+)/.exec(line)?.[1] ?? 'table';
}

/** A trivy scan line made to gate, with --ignore-unfixed unless the environment already sets it. */
function gateLine(line: string, ignoreUnfixedSet: boolean): string {
  if (!isTrivyScanCommand(line)) return line;
  const ignore = ignoreUnfixedSet || /--ignore-unfixed/.test(line) ? line : addTrivyFlag(line, '--ignore-unfixed');
  return gateTrivyLine(ignore);
}

function ignoreUnfixedVariable(job: GitlabJob): boolean {
  return /TRIVY_IGNORE_UNFIXED/.test(JSON.stringify(job.job.variables ?? {}));
}

/** A fix that rewrites a script scalar line by line (see rewriteScript). */
function scriptFix(document: YamlDocument, path: YamlPath, value: string, description: string, change: LineChange, caveat: string | null = GATE_CAVEAT): Fix | undefined {
  return yamlFix(document, description, (editor) => rewriteScript(editor, path, value, change), caveat ?? undefined);
}

function exitCodeOf(value: unknown): number {
  const number = Number(stringOf(value) ?? value ?? 0);
  return Number.isFinite(number) ? number : 0;
}

/** A trivy command line that exits non-zero on findings: --exit-code N (N > 0) or TRIVY_EXIT_CODE. */
function commandGates(script: string): boolean {
  return /--exit-code[=\s]+["']?[1-9]/.test(script) || /TRIVY_EXIT_CODE=["']?[1-9]/.test(script);
}

/**
 * Removes `|| true` from the lines of a scan command, continuation lines included: the line
 * belongs to a scan when the command it continues (up to 50 lines back) is one.
 */
const removeSwallowFromScan: LineChange = (line, index, lines) => {
  let start = index;
  while (start > 0 && index - start < 50 && /\\\s*$/.test(lines[start - 1]!)) start--;
  return isTrivyScanCommand(lines.slice(start, index + 1).join(' ')) ? removeSwallow(line) : line;
};

export const scanIncludesUnfixed = defineRule({
  id: 'workflow/scan-ignore-unfixed-unset',
  area: 'workflow',
  severity: 'low',
  title: 'Scan blocks on CVEs that have no fix',
  why: 'Without ignore-unfixed, a build fails on vulnerabilities nobody can patch yet; teams learn to ignore or disable the scan, and it stops catching the ones that do have a fix.',
  detect:
    'A gating Trivy scan (non-zero exit code) that leaves ignore-unfixed unset: no `ignore-unfixed` input (trivy-action) or no `--ignore-unfixed` / TRIVY_IGNORE_UNFIXED (CLI). ' +
    'An explicit `ignore-unfixed: false` is a decision, not an oversight, and is not reported.',
  fix: 'Add `ignore-unfixed: true` / `--ignore-unfixed` to the gating scan, and track unfixed CVEs in .trivyignore with a review date.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const addFlag = (line: string) => (isTrivyScanCommand(line) && !/--ignore-unfixed/.test(line) ? addTrivyFlag(line, '--ignore-unfixed') : line);
    // A misconfiguration scan (trivy config) has no CVEs, fixed or not: ignore-unfixed means nothing there.
    const scansVulnerabilities = (line: string) => isTrivyScanCommand(line) && trivySubcommandEnd(line, /^config\b/, startsWord) === undefined;
    for (const step of githubSteps(repo)) {
      if (step.action === 'aquasecurity/trivy-action' && isTrivyScanStep(step) && stringOf(step.with['scan-type']) !== 'config' && exitCodeOf(step.with['exit-code']) !== 0 && !('ignore-unfixed' in step.with)) {
        const path = [...step.path, 'with', 'ignore-unfixed'];
        const fix = deferredYamlFix(step.document, `set ignore-unfixed: true on the Trivy scan in job ${step.job.id}`, [path], (editor) => editor.set(path, true));
        report({ location: step.document.locate([...step.path, 'with'], 'key'), message: 'the gating Trivy scan leaves ignore-unfixed unset', ...(fix ? { fix } : {}) });
      }
      if (step.run !== undefined && scansVulnerabilities(step.run) && commandGates(step.run) && !/--ignore-unfixed|TRIVY_IGNORE_UNFIXED/.test(step.run)) {
        const fix = scriptFix(step.document, [...step.path, 'run'], step.run, `add --ignore-unfixed to the trivy command in job ${step.job.id}`, addFlag, null);
        report({ location: step.document.locate([...step.path, 'run']), message: 'the gating trivy command has no --ignore-unfixed', ...(fix ? { fix } : {}) });
      }
    }
    for (const job of gitlabJobs(repo)) {
      for (const line of job.lines) {
        if (scansVulnerabilities(line.text) && commandGates(line.text) && !/--ignore-unfixed/.test(line.text) && !ignoreUnfixedVariable(job)) {
          const fix = scriptFix(job.document, line.path, line.text, `add --ignore-unfixed to the trivy command in job ${job.id}`, addFlag, null);
          report({ location: job.document.locate(line.path), message: 'the gating trivy command has no --ignore-unfixed', ...(fix ? { fix } : {}) });
        }
      }
    }
  },
});

export const noSarifUpload = defineRule({
  id: 'workflow/no-sarif-upload',
  area: 'workflow',
  severity: 'low',
  title: 'Scan results are not uploaded to code scanning',
  why: 'Without a SARIF upload the findings live only in a log that scrolls away; in code scanning they are tracked, deduplicated and visible on pull requests.',
  detect: 'A GitHub workflow with an image scan and no github/codeql-action/upload-sarif step.',
  fix: 'Add a Trivy pass with `format: sarif`, `output: trivy.sarif`, then `github/codeql-action/upload-sarif` (pinned) with `if: always()` and job permission `security-events: write`.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const steps = [...githubSteps({ ...repo, githubWorkflows: [document] })];
      const scan = steps.find(isImageScanStep);
      if (!scan || steps.some((s) => s.action === 'github/codeql-action/upload-sarif')) continue;
      const fix = sarifUploadFix(scan);
      report({
        location: document.locate([...scan.path, scan.run !== undefined ? 'run' : 'uses']),
        message: 'the image scan\'s results are not uploaded as SARIF',
        ...('reason' in fix ? { noFix: fix.reason } : { fix }),
      });
    }
  },
});
