// Whether CI scans the images it builds, and whether that scan can actually stop a build.
import { mappingOf, stringOf } from '../../support/data.js';
import { type Location, type Repo, defineRule } from '../../types.js';
import { type GithubStep, githubSteps, gitlabJobs, isImageBuildCommand, isImageBuildStep, isImageScanCommand, isImageScanStep, isTrivyScanCommand, isTrivyScanStep } from './_support.js';

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
  check({ repo, report }) {
    const trivySteps = [...githubSteps(repo)].filter(isTrivyScanStep);
    const byJob = new Map<GithubStep['job'], GithubStep[]>();
    for (const step of trivySteps) byJob.set(step.job, [...(byJob.get(step.job) ?? []), step]);
    for (const [job, steps] of byJob) {
      const gates = steps.filter((s) => (s.action ? exitCodeOf(s.with['exit-code']) !== 0 : commandGates(s.run!)));
      if (gates.length === 0) {
        report({ location: steps[0]!.document.locate([...steps[0]!.path, steps[0]!.action ? 'uses' : 'run']), message: `no Trivy scan in job ${job.id} sets a non-zero exit code; the build passes whatever it finds` });
      }
      for (const step of steps) {
        if (step.run !== undefined && swallowsFailure(step.run)) {
          report({ location: step.document.locate([...step.path, 'run']), message: 'the scan command\'s failure is swallowed (|| true)' });
        }
        if (step.step['continue-on-error'] === true && gates.includes(step)) {
          report({ location: step.document.locate([...step.path, 'continue-on-error']), message: 'continue-on-error: true lets the build pass when the scan fails' });
        }
      }
      if (job.job['continue-on-error'] === true && gates.length > 0) {
        report({ location: job.document.locate([...job.path, 'continue-on-error']), message: `job ${job.id} has continue-on-error: true, so its scan cannot fail the workflow` });
      }
    }
    for (const job of gitlabJobs(repo)) {
      const scans = job.lines.filter((line) => isTrivyScanCommand(line.text));
      if (scans.length === 0) continue;
      if (!scans.some((line) => commandGates(line.text))) {
        report({ location: job.document.locate(scans[0]!.path), message: `no trivy command in job ${job.id} sets --exit-code; the pipeline passes whatever it finds` });
      }
      for (const line of scans) if (swallowsFailure(line.text)) report({ location: job.document.locate(line.path), message: 'the scan command\'s failure is swallowed (|| true)' });
      const allow = job.job.allow_failure;
      if (allow === true || (typeof allow === 'object' && allow !== null)) {
        report({ location: job.document.locate([...job.path, 'allow_failure']), message: `allow_failure on ${job.id} lets the pipeline pass when the scan fails` });
      }
    }
  },
});

function exitCodeOf(value: unknown): number {
  const number = Number(stringOf(value) ?? value ?? 0);
  return Number.isFinite(number) ? number : 0;
}

/** A trivy command line that exits non-zero on findings: --exit-code N (N > 0) or TRIVY_EXIT_CODE. */
function commandGates(script: string): boolean {
  return /--exit-code[=\s]+["']?[1-9]/.test(script) || /TRIVY_EXIT_CODE=["']?[1-9]/.test(script);
}

function swallowsFailure(script: string): boolean {
  return script.split('\n').some((line) => isTrivyScanCommand(line) && /\|\|\s*(?:true|:|exit\s+0)\b|;\s*(?:true|exit\s+0)\s*$/.test(line));
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
  check({ repo, report }) {
    for (const step of githubSteps(repo)) {
      if (step.action === 'aquasecurity/trivy-action' && isTrivyScanStep(step) && exitCodeOf(step.with['exit-code']) !== 0 && !('ignore-unfixed' in step.with)) {
        report({ location: step.document.locate([...step.path, 'with'], 'key'), message: 'the gating Trivy scan leaves ignore-unfixed unset' });
      }
      if (step.run !== undefined && isTrivyScanCommand(step.run) && commandGates(step.run) && !/--ignore-unfixed|TRIVY_IGNORE_UNFIXED/.test(step.run)) {
        report({ location: step.document.locate([...step.path, 'run']), message: 'the gating trivy command has no --ignore-unfixed' });
      }
    }
    for (const job of gitlabJobs(repo)) {
      for (const line of job.lines) {
        if (isTrivyScanCommand(line.text) && commandGates(line.text) && !/--ignore-unfixed/.test(line.text) && !/TRIVY_IGNORE_UNFIXED/.test(JSON.stringify(job.job.variables ?? {}))) {
          report({ location: job.document.locate(line.path), message: 'the gating trivy command has no --ignore-unfixed' });
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
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const steps = [...githubSteps({ ...repo, githubWorkflows: [document] })];
      const scan = steps.find(isImageScanStep);
      if (!scan || steps.some((s) => s.action === 'github/codeql-action/upload-sarif')) continue;
      report({ location: document.locate([...scan.path, scan.run !== undefined ? 'run' : 'uses']), message: 'the image scan\'s results are not uploaded as SARIF' });
    }
  },
});
