// CI pipelines as the workflow rules read them: GitHub Actions jobs and steps, GitLab CI jobs and
// their script lines, each with its YAML path, plus recognisers for image scans and signing.
import { posix } from 'node:path';
import { isMapping, listOf, type Mapping, mappingOf, stringOf } from '../../support/data.js';
import { buildCommandOf } from '../../support/image-builds.js';
import { type ScriptCommand, type ShellOptions, commandWords, scriptCommands } from '../../support/shell.js';
import { TRIVY_IMAGE_SUBCOMMAND, TRIVY_SCAN_SUBCOMMAND, startsCommand, trivySubcommandEnd } from '../../support/trivy-command.js';
import type { Repo, YamlDocument } from '../../types.js';

export type YamlPath = readonly (string | number)[];

export interface GithubJob {
  readonly document: YamlDocument;
  readonly id: string;
  readonly job: Mapping;
  readonly path: YamlPath;
}

export interface GithubStep {
  readonly document: YamlDocument;
  readonly job: GithubJob;
  readonly step: Mapping;
  readonly path: YamlPath;
  /** `uses:` without the ref, lower-cased: "aquasecurity/trivy-action". */
  readonly action: string | undefined;
  readonly run: string | undefined;
  readonly with: Mapping;
}

export function* githubJobs(repo: Repo): Generator<GithubJob> {
  for (const document of repo.githubWorkflows) yield* githubJobsOf(document);
}

/** The jobs of one workflow file. */
export function* githubJobsOf(document: YamlDocument): Generator<GithubJob> {
  for (const [id, job] of Object.entries(mappingOf(mappingOf(document.data).jobs))) {
    if (isMapping(job)) yield { document, id, job, path: ['jobs', id] };
  }
}

export function* githubSteps(repo: Repo): Generator<GithubStep> {
  for (const job of githubJobs(repo)) {
    const steps = listOf(job.job.steps);
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index];
      if (!isMapping(step)) continue;
      const uses = stringOf(step.uses);
      yield {
        document: job.document,
        job,
        step,
        path: [...job.path, 'steps', index],
        action: uses?.split('@')[0]?.toLowerCase(),
        run: stringOf(step.run),
        with: mappingOf(step.with),
      };
    }
  }
}

/** Top-level keys of .gitlab-ci.yml that are settings, not jobs. */
const GITLAB_KEYWORDS = new Set([
  'default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec', 'pages',
]);

export interface GitlabJob {
  readonly document: YamlDocument;
  readonly id: string;
  readonly job: Mapping;
  readonly path: YamlPath;
  /** before_script, script and after_script lines, with their paths (nested lists flattened). */
  readonly lines: readonly { readonly text: string; readonly path: YamlPath }[];
}

export function* gitlabJobs(repo: Repo): Generator<GitlabJob> {
  for (const document of repo.gitlabPipelines) {
    for (const [id, job] of Object.entries(mappingOf(document.data))) {
      if ((GITLAB_KEYWORDS.has(id) && id !== 'pages') || !isMapping(job)) continue;
      if (!('script' in job) && !('extends' in job) && !('trigger' in job)) continue;
      const lines: { text: string; path: YamlPath }[] = [];
      for (const key of ['before_script', 'script', 'after_script']) collectLines(job[key], ['' + id, key], lines);
      yield { document, id, job, path: [id], lines };
    }
  }
}

function collectLines(value: unknown, path: YamlPath, into: { text: string; path: YamlPath }[]): void {
  if (typeof value === 'string') into.push({ text: value, path });
  else if (Array.isArray(value)) value.forEach((item, index) => collectLines(item, [...path, index], into));
}

/** `grype …`, `docker scout cves …`, `snyk container test …` in a shell line (trivy's are found word by word). */
const OTHER_IMAGE_SCANS = /(?:^|[\s;&|(])(?:grype\s|docker\s+scout\s+(?:cves|quickview)|snyk\s+container\s+test)/;
/** SBOM output formats: trivy then writes an inventory and finds nothing. */
const SBOM_FORMAT = /^(?:cyclonedx|spdx|spdx-json)$/;

/** A trivy command that scans (not one that only writes an SBOM with --format cyclonedx|spdx). */
export function isTrivyScanCommand(line: string): boolean {
  const format = /--format[=\s]+["']?([\w-]+)/.exec(line)?.[1];
  return trivySubcommandEnd(line, TRIVY_SCAN_SUBCOMMAND, startsCommand) !== undefined && !(format && SBOM_FORMAT.test(format));
}

// --- scripts as the shell runs them -------------------------------------------------------------

/**
 * How GitHub runs a `run:` script (workflow syntax, "exit codes and error action preference"):
 * no `shell:` means `bash -e {0}` (errexit, no pipefail); `shell: bash` adds `-o pipefail`;
 * `sh` is `sh -e {0}`; a custom template says its own options. Other shells (pwsh, python, cmd)
 * are not shell scripts: undefined.
 */
export function githubShell(step: GithubStep): ShellOptions | undefined {
  const workflowDefaults = mappingOf(mappingOf(mappingOf(step.document.data).defaults).run);
  const jobDefaults = mappingOf(mappingOf(step.job.job.defaults).run);
  const shell = stringOf(step.step.shell) ?? stringOf(jobDefaults.shell) ?? stringOf(workflowDefaults.shell);
  if (shell === undefined) return { errexit: true, pipefail: false };
  if (shell === 'bash') return { errexit: true, pipefail: true };
  if (shell === 'sh') return { errexit: true, pipefail: false };
  const [program = '', ...options] = shell.split(/\s+/);
  if (!/(?:^|\/)(?:ba|da|k|z)?sh$/.test(program)) return undefined;
  const flags = options.filter((option) => /^-[a-zA-Z]+$/.test(option)).join('');
  return { errexit: flags.includes('e'), pipefail: /-[a-zA-Z]*o\s+pipefail\b/.test(shell) };
}

/**
 * GitLab Runner runs before_script and script as one shell session with `set -eo pipefail`
 * (gitlab-runner's bash writer; a `false && true` item does not fail the job, gitlab-runner#25394).
 */
export const GITLAB_SHELL: ShellOptions = { errexit: true, pipefail: true };

export interface TrivyScan {
  readonly command: ScriptCommand;
  /** Exits non-zero on findings: `--exit-code N` (N > 0) or TRIVY_EXIT_CODE set before it. */
  readonly gates: boolean;
  /** `--format` (table when none). */
  readonly format: string;
}

const TRIVY_SUBCOMMANDS = new Set(['image', 'i', 'fs', 'rootfs', 'repo', 'config', 'filesystem']);

/** The trivy scans a script runs (not SBOM writes), read as the shell reads it. */
export function trivyScans(script: string, shell: ShellOptions): TrivyScan[] {
  const scans: TrivyScan[] = [];
  let exitCodeSet = false;
  for (const command of scriptCommands(script, shell)) {
    const [name = '', ...args] = command.words;
    // `export TRIVY_EXIT_CODE=1` or a bare `TRIVY_EXIT_CODE=1` holds for the commands after it.
    if (name === 'export' && args.some((arg) => /^TRIVY_EXIT_CODE=["']?[1-9]/.test(arg))) exitCodeSet = true;
    if (command.words.length === 0 && gatingValue(command.assignments.TRIVY_EXIT_CODE)) exitCodeSet = true;
    const scan = trivyScanOf(command.words);
    if (!scan) continue;
    const gates = gatingValue(optionValue(args, ['--exit-code'])) || gatingValue(command.assignments.TRIVY_EXIT_CODE) || exitCodeSet;
    scans.push({ command, gates, format: scan.format });
  }
  return scans;
}

/** `trivy [global flags] <scan subcommand> …` that scans (not one that only writes an SBOM). */
function trivyScanOf(words: readonly string[]): { subcommand: string; format: string } | undefined {
  const [name = '', ...args] = words;
  if (posix.basename(name) !== 'trivy') return undefined;
  const subcommand = args.find((arg) => !arg.startsWith('-'));
  if (!subcommand || !TRIVY_SUBCOMMANDS.has(subcommand)) return undefined;
  const format = optionValue(args, ['--format', '-f']) ?? 'table';
  return SBOM_FORMAT.test(format) ? undefined : { subcommand, format };
}

/** A TRIVY_EXIT_CODE or --exit-code value that makes trivy exit non-zero on findings. */
export function gatingValue(value: unknown): boolean {
  return /^[1-9]\d*$/.test(String(stringOf(value) ?? value ?? ''));
}

/** The environment a step runs with: the workflow's, the job's, then its own. */
export function stepEnv(step: GithubStep): Mapping {
  return { ...mappingOf(mappingOf(step.document.data).env), ...mappingOf(step.job.job.env), ...mappingOf(step.step.env) };
}

/** `--name value` or `--name=value` among a command's words. */
function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (names.includes(arg)) return args[index + 1];
    const equals = names.find((name) => arg.startsWith(`${name}=`));
    if (equals) return arg.slice(equals.length + 1);
  }
  return undefined;
}

/** A trivy-action step that scans (not one that only writes an SBOM). */
export function isTrivyScanStep(step: GithubStep): boolean {
  if (step.action === 'aquasecurity/trivy-action') return !SBOM_FORMAT.test(stringOf(step.with.format) ?? '');
  return step.run !== undefined && isTrivyScanCommand(step.run);
}

/** A script that scans an image: trivy image (not an SBOM), grype, docker scout cves|quickview, snyk container test. */
export function isImageScanCommand(script: string): boolean {
  // Cheap tests first: most scripts scan nothing.
  if (trivySubcommandEnd(script, TRIVY_IMAGE_SUBCOMMAND, startsCommand) === undefined && !OTHER_IMAGE_SCANS.test(script)) return false;
  return commandWords(script).some((words) => {
    const [name = '', first, second] = words;
    const tool = posix.basename(name);
    if (tool === 'trivy') return ['image', 'i'].includes(trivyScanOf(words)?.subcommand ?? '');
    if (tool === 'grype') return true;
    if (tool === 'docker' && first === 'scout') return second === 'cves' || second === 'quickview';
    return tool === 'snyk' && first === 'container' && second === 'test';
  });
}

/** Actions that scan container images. */
const SCAN_ACTIONS = new Set(['aquasecurity/trivy-action', 'anchore/scan-action', 'docker/scout-action', 'snyk/actions/docker', 'crazy-max/ghaction-container-scan']);

export function isImageScanStep(step: GithubStep): boolean {
  if (step.action === 'aquasecurity/trivy-action') {
    const type = stringOf(step.with['scan-type']) ?? 'image';
    return type === 'image' && isTrivyScanStep(step);
  }
  if (step.action && SCAN_ACTIONS.has(step.action)) return true;
  return step.run !== undefined && isImageScanCommand(step.run);
}

/** `docker build`, `docker buildx build`, `buildah bud|build`, `kaniko`/`executor --destination`, `podman build`. */
const BUILD_COMMAND = /(?:^|[\s;&|(])(?:docker\s+(?:buildx\s+)?build|podman\s+build|buildah\s+(?:bud|build)|\/kaniko\/executor|executor\s+--(?:context|dockerfile|destination))\b/;

/** A script that builds an image, read as its shell runs it (a `docker build` inside echo or a comment is not one). */
export function isImageBuildCommand(script: string): boolean {
  if (!BUILD_COMMAND.test(script)) return false; // cheap test first
  return commandWords(script).some((words) => buildCommandOf(words) !== undefined);
}

export function isImageBuildStep(step: GithubStep): boolean {
  if (step.action === 'docker/build-push-action' || step.action === 'redhat-actions/buildah-build') return true;
  return step.run !== undefined && isImageBuildCommand(step.run);
}

/** A script that runs `cosign sign …` (not sign-blob). */
export function isCosignSign(script: string): boolean {
  if (!script.includes('cosign')) return false; // cheap test first
  return commandWords(script).some((words) => posix.basename(words[0] ?? '') === 'cosign' && words.slice(1).find((w) => !w.startsWith('-')) === 'sign');
}

/**
 * Each `${{ … }}` of a string: its source (`raw`), its trimmed text and its offset. Found with
 * indexOf, not a lazy regular expression, so text full of unclosed `${{` stays linear.
 */
export function* expressions(text: string): Generator<{ expression: string; raw: string; offset: number }> {
  for (let start = text.indexOf('${{'); start >= 0; start = text.indexOf('${{', start)) {
    const end = text.indexOf('}}', start + 3);
    if (end < 0) return;
    const raw = text.slice(start, end + 2);
    yield { expression: raw.slice(3, -2).trim(), raw, offset: start };
    start = end + 2;
  }
}
