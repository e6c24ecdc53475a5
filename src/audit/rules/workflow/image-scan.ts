// Whether CI scans the images it builds, and whether that scan can actually stop a build.
import { addTrivyFlag, gateTrivyLine, type LineChange, removeSwallow, rewriteScript, yamlFix } from '../../fix/workflow.js';
import { sarifUploadFix } from '../../fix/sarif-upload.js';
import { mappingOf, stringOf } from '../../support/data.js';
import { type Fix, type Location, type Repo, type YamlDocument, defineRule } from '../../types.js';
import {
  type GithubJob, type GithubStep, type GitlabJob, type YamlPath, githubSteps, gitlabJobs, isImageBuildCommand, isImageBuildStep, isImageScanCommand, isImageScanStep,
  isTrivyScanCommand, isTrivyScanStep,
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
    'A job whose Trivy scans all run with exit code 0 (trivy-action without `exit-code` other than 0; `trivy` without `--exit-code N`), a scan step or job with `continue-on-error: true`, ' +
    'a trivy command followed by `|| true` / `|| exit 0`, or a GitLab scan job with `allow_failure: true`.',
  fix: 'Give the gating scan `exit-code: "1"` (`--exit-code 1`) with the severities that must block, and remove `|| true`, continue-on-error and allow_failure. A second, non-gating pass may write SARIF.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    const trivySteps = [...githubSteps(repo)].filter(isTrivyScanStep);
    const byJob = new Map<GithubStep['job'], GithubStep[]>();
    for (const step of trivySteps) byJob.set(step.job, [...(byJob.get(step.job) ?? []), step]);
    for (const [job, steps] of byJob) {
      const gates = steps.filter((s) => (s.action ? exitCodeOf(s.with['exit-code']) !== 0 : commandGates(s.run!)));
      if (gates.length === 0) {
        const fix = gateStepFix(job, steps);
        report({
          location: steps[0]!.document.locate([...steps[0]!.path, steps[0]!.action ? 'uses' : 'run']),
          message: `no Trivy scan in job ${job.id} sets a non-zero exit code; the build passes whatever it finds`,
          ...(fix ? { fix } : {}),
        });
      }
      for (const step of steps) {
        if (step.run !== undefined && swallowsFailure(step.run)) {
          const fix = scriptFix(step.document, [...step.path, 'run'], step.run, `remove the || true that swallows the scan's failure in job ${job.id}`, removeSwallowFromScan);
          report({ location: step.document.locate([...step.path, 'run']), message: 'the scan command\'s failure is swallowed (|| true)', ...(fix ? { fix } : { noFix: SWALLOW_NO_FIX }) });
        }
        if (step.step['continue-on-error'] === true && gates.includes(step)) {
          const fix = yamlFix(step.document, `remove continue-on-error from the scan step in job ${job.id}`, (editor) => editor.delete([...step.path, 'continue-on-error']), GATE_CAVEAT);
          report({ location: step.document.locate([...step.path, 'continue-on-error']), message: 'continue-on-error: true lets the build pass when the scan fails', ...(fix ? { fix } : {}) });
        }
      }
      if (job.job['continue-on-error'] === true && gates.length > 0) {
        const fix = yamlFix(job.document, `remove continue-on-error from job ${job.id}`, (editor) => editor.delete([...job.path, 'continue-on-error']), `${GATE_CAVEAT} Every other step of job ${job.id} can now fail the workflow too.`);
        report({ location: job.document.locate([...job.path, 'continue-on-error']), message: `job ${job.id} has continue-on-error: true, so its scan cannot fail the workflow`, ...(fix ? { fix } : {}) });
      }
    }
    for (const job of gitlabJobs(repo)) {
      const scans = job.lines.filter((line) => isTrivyScanCommand(line.text));
      if (scans.length === 0) continue;
      if (!scans.some((line) => commandGates(line.text))) {
        const first = scans[0]!;
        const target = scans.find((line) => !MACHINE_FORMAT.test(formatOf(line.text))) ?? first;
        const ignoreSet = ignoreUnfixedVariable(job);
        const fix = scriptFix(job.document, target.path, target.text, `make the trivy scan of job ${job.id} exit 1 on findings`, gateOneLine(ignoreSet), GATE_CAVEAT);
        report({ location: job.document.locate(first.path), message: `no trivy command in job ${job.id} sets --exit-code; the pipeline passes whatever it finds`, ...(fix ? { fix } : {}) });
      }
      for (const line of scans) {
        if (!swallowsFailure(line.text)) continue;
        const fix = scriptFix(job.document, line.path, line.text, `remove the || true that swallows the scan's failure in job ${job.id}`, removeSwallowFromScan);
        report({ location: job.document.locate(line.path), message: 'the scan command\'s failure is swallowed (|| true)', ...(fix ? { fix } : { noFix: SWALLOW_NO_FIX }) });
      }
      const allow = job.job.allow_failure;
      if (allow === true || (typeof allow === 'object' && allow !== null)) {
        const fix = yamlFix(job.document, `remove allow_failure from job ${job.id}`, (editor) => editor.delete([...job.path, 'allow_failure']), GATE_CAVEAT);
        report({ location: job.document.locate([...job.path, 'allow_failure']), message: `allow_failure on ${job.id} lets the pipeline pass when the scan fails`, ...(fix ? { fix } : {}) });
      }
    }
  },
});

/** Why a swallowed failure has no automatic fix: the script's YAML form could not be rewritten line by line. */
const SWALLOW_NO_FIX = 'The script could not be rewritten line by line in its YAML form; remove the `|| true` by hand.';

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
  return yamlFix(
    target.document,
    description,
    (editor) => {
      if (target.action !== undefined) {
        editor.set([...target.path, 'with', 'exit-code'], '1');
        if (!('ignore-unfixed' in target.with)) editor.set([...target.path, 'with', 'ignore-unfixed'], true);
      } else {
        const ignoreSet = /TRIVY_IGNORE_UNFIXED/.test(target.run!);
        rewriteScript(editor, [...target.path, 'run'], target.run!, gateOneLine(ignoreSet));
      }
      if (target.step['continue-on-error'] === true) editor.delete([...target.path, 'continue-on-error']);
      if (job.job['continue-on-error'] === true) editor.delete([...job.path, 'continue-on-error']);
    },
    GATE_CAVEAT,
  );
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
 * Whether a scan command's failure is swallowed (`|| true`, `; exit 0`). Commands are read as the
 * shell reads them: a line ending in a backslash continues on the next, so `trivy image \` over
 * three lines ending in `|| true` is one command that cannot fail.
 */
function swallowsFailure(script: string): boolean {
  return logicalLines(script).some((line) => isTrivyScanCommand(line) && /\|\|\s*(?:true|:|exit\s+0)\b|;\s*(?:true|exit\s+0)\s*$/.test(line));
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

/** The script's lines with backslash-newline continuations joined, as a POSIX shell reads them. */
function logicalLines(script: string): string[] {
  return script.replace(/\\\r?\n/g, ' ').split('\n');
}

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
    const scansVulnerabilities = (line: string) => isTrivyScanCommand(line) && !/\btrivy\s+(?:-\S*\s+)*config\b/.test(line);
    for (const step of githubSteps(repo)) {
      if (step.action === 'aquasecurity/trivy-action' && isTrivyScanStep(step) && stringOf(step.with['scan-type']) !== 'config' && exitCodeOf(step.with['exit-code']) !== 0 && !('ignore-unfixed' in step.with)) {
        const fix = yamlFix(step.document, `set ignore-unfixed: true on the Trivy scan in job ${step.job.id}`, (editor) => editor.set([...step.path, 'with', 'ignore-unfixed'], true));
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
