// Which images the repo's CI builds, and from which Dockerfile: read from GitHub Actions
// (docker/build-push-action, docker/metadata-action, `docker build` in run steps) and GitLab CI
// (`docker build`, `buildah`, `podman`, kaniko in scripts). Values CI only knows at run time
// (${{ github.repository }}, $CI_REGISTRY_IMAGE, unknown variables) become wildcards, so a
// reference is never more specific than the workflow makes it.
import { posix } from 'node:path';
import type { Repo, YamlDocument } from '../types.js';
import { isMapping, listOf, type Mapping, mappingOf, stringOf } from './kubernetes.js';
import { appendAll } from '../../util/append.js';
import { commandWords } from './shell.js';
import { replaceExpressions } from './github-expressions.js';
import { matchesWildcards } from '../../util/wildcard.js';

export interface ImageBuild {
  /** Whether the build may push this repository (registry/path, no tag). */
  matches(repository: string): boolean;
  /** The repository with wildcards shown as `*`, for messages. */
  readonly display: string;
  /** True when the image name (the last path segment) is literal: the build names one image, not "whatever the CI variable says". */
  readonly specific: boolean;
  /**
   * True when no part of the name is literal (`tags: ${{ env.TAGS }}`): the build may push any
   * image, so it cannot tell which containers run what it builds (read as Docker Hub's
   * docker.io/library/*, it matched every official image of a repository to its Dockerfile).
   */
  readonly anonymous: boolean;
  /** The Dockerfile, relative to the repo root, when the build says (or implies) which one. */
  readonly dockerfile: string | undefined;
  /** The workflow or pipeline file the build is in. */
  readonly source: string;
}

const WILDCARD = '\u0000';

/**
 * The images skaffold builds: it tags each one when it builds it and writes that tag into the
 * manifests it deploys, so an untagged reference to one in a manifest is skaffold's placeholder.
 */
export function skaffoldImages(repo: Repo): ImageBuild[] {
  return repo.yaml.flatMap(skaffoldBuilds);
}

/** Every image build the repo's CI (or skaffold) declares. */
export function imageBuilds(repo: Repo): ImageBuild[] {
  return [...repo.githubWorkflows.flatMap(githubBuilds), ...repo.gitlabPipelines.flatMap(gitlabBuilds), ...repo.yaml.flatMap(skaffoldBuilds)];
}

/**
 * Skaffold's artifacts (`build.artifacts[]`, in profiles too): `image` is relative, and skaffold
 * prefixes it with the default repository it is run with (and rewrites the manifests to match), so
 * it builds that name under any registry. The Dockerfile is `docker.dockerfile` (default
 * Dockerfile) in the artifact's `context`, relative to the skaffold file.
 */
function skaffoldBuilds(document: YamlDocument): ImageBuild[] {
  const data = mappingOf(document.data);
  if (!/^skaffold\/v/.test(stringOf(data.apiVersion) ?? '') || stringOf(data.kind) !== 'Config') return [];
  const base = posix.dirname(document.file.path);
  const artifacts = [mappingOf(data.build), ...listOf(data.profiles).map((profile) => mappingOf(mappingOf(profile).build))].flatMap((build) => listOf(build.artifacts));
  return artifacts.flatMap((raw) => {
    const artifact = mappingOf(raw);
    const image = stringOf(artifact.image);
    if (!image) return [];
    const context = stringOf(artifact.context) ?? '.';
    const dockerfile = posix.normalize(posix.join(base, context, stringOf(mappingOf(artifact.docker).dockerfile) ?? 'Dockerfile'));
    const build = buildOf(image.includes('/') ? image : `${WILDCARD}/${image}`, dockerfile, document.file.path);
    return build ? [build] : [];
  });
}

/** registry/path of an image reference, lowercased, without tag or digest, Docker Hub names made explicit. */
export function imageRepository(reference: string): string {
  const withoutDigest = reference.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const name = (colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest).toLowerCase();
  const [first = '', ...rest] = name.split('/');
  const hasRegistry = rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.includes(WILDCARD));
  if (hasRegistry) return first === 'index.docker.io' ? `docker.io/${rest.join('/')}` : name;
  return rest.length === 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

/** Whether a reference names a registry other than Docker Hub. */
export function hasPrivateRegistry(reference: string): boolean {
  return !imageRepository(reference).startsWith('docker.io/');
}

function buildOf(reference: string, dockerfile: string | undefined, source: string): ImageBuild | undefined {
  if (reference.trim() === '') return undefined;
  const repository = imageRepository(reference.trim());
  const parts = repository.split(WILDCARD);
  const lastSegment = repository.split('/').at(-1) ?? '';
  const name = reference.trim().split('@')[0]!;
  const tagAt = name.lastIndexOf(':');
  const untagged = tagAt > name.lastIndexOf('/') ? name.slice(0, tagAt) : name;
  return {
    matches: (candidate) => matchesWildcards(parts, candidate),
    display: repository.split(WILDCARD).join('*'),
    specific: lastSegment !== '' && !lastSegment.includes(WILDCARD),
    anonymous: untagged.split(WILDCARD).join('') === '',
    dockerfile,
    source,
  };
}

// --- variables -------------------------------------------------------------------------------

type Variables = ReadonlyMap<string, string>;

/** Variables of nested scopes (workflow, job, step): later scopes win. Accepts YAML mappings or maps already built. */
function variablesOf(...scopes: unknown[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const scope of scopes) {
    const entries = scope instanceof Map ? [...scope.entries()] : Object.entries(mappingOf(scope));
    for (const [name, value] of entries) {
      const text = typeof value === 'string' || typeof value === 'number' ? String(value) : stringOf(mappingOf(value).value);
      if (text !== undefined) variables.set(String(name), text);
    }
  }
  return variables;
}

/** Substitutes ${{ env.X }} / ${{ vars.X }} and $X / ${X}; anything unknown becomes a wildcard. */
function expand(text: string, variables: Variables, predefined: Variables = new Map(), depth = 0): string {
  if (depth > 5) return WILDCARD;
  const lookup = (name: string) => {
    const value = variables.get(name) ?? predefined.get(name);
    return value === undefined ? WILDCARD : expand(value, variables, predefined, depth + 1);
  };
  return replaceExpressions(text, (inner) => {
    const expression = boundedExpression(inner);
    if (expression === undefined) return undefined;
    const env = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
    return env ? lookup(env[1]!) : WILDCARD;
  })
    // Bounded modifier: a word of many unclosed `${A` stays linear.
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]{0,200})([^}]{0,200})\}|\$([A-Za-z_][A-Za-z0-9_]{0,200})/g, (_, braced: string | undefined, modifier: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare)!;
      // ${NAME:-default}: the default when the variable is not known here.
      const fallback = modifier !== undefined ? /^:?-(.*)$/s.exec(modifier)?.[1] : undefined;
      if (fallback !== undefined && !variables.has(name) && !predefined.has(name)) return expand(fallback, variables, predefined, depth + 1);
      return lookup(name);
    });
}

/**
 * The expression of `${{ inner }}` as /\$\{\{\s{0,20}([^}]{0,300}?)\s{0,20}\}\}/ captured it: up
 * to 20 blanks taken off each end, undefined when more than 300 characters are left. (That
 * expression, bounded, still read up to 340 characters from every `${{`: 4.4 s on 1 MiB.)
 */
function boundedExpression(inner: string): string | undefined {
  let start = 0;
  while (start < 20 && start < inner.length && /\s/.test(inner[start]!)) start++;
  let end = inner.length;
  while (inner.length - end < 20 && end > start && /\s/.test(inner[end - 1]!)) end--;
  return end - start > 300 ? undefined : inner.slice(start, end);
}

// --- shell commands --------------------------------------------------------------------------

interface BuildCommand {
  readonly tags: readonly string[];
  readonly file: string | undefined;
  readonly context: string | undefined;
}

const FLAGS_WITH_VALUES = new Set([
  '-t', '--tag', '-f', '--file', '--build-arg', '--target', '--platform', '--label', '--secret', '--ssh', '--cache-from', '--cache-to',
  '--output', '-o', '--network', '--iidfile', '--progress', '--builder', '--build-context', '--annotation', '--attest', '--metadata-file',
  '--destination', '--dockerfile', '--context', '--cache-repo', '--registry-mirror', '--snapshot-mode', '--tar-path',
]);

/** Recognises docker/podman/buildah builds and kaniko, returning their tags, Dockerfile and context. */
export function buildCommandOf(words: readonly string[]): BuildCommand | undefined {
  const tool = posix.basename(words[0] ?? '');
  let rest: readonly string[];
  if ((tool === 'docker' || tool === 'podman') && words[1] === 'build') rest = words.slice(2);
  else if ((tool === 'docker' || tool === 'podman') && words[1] === 'buildx' && words[2] === 'build') rest = words.slice(3);
  else if (tool === 'docker' && words[1] === 'image' && words[2] === 'build') rest = words.slice(3);
  else if (tool === 'buildah' && (words[1] === 'bud' || words[1] === 'build' || words[1] === 'build-using-dockerfile')) rest = words.slice(2);
  else if (tool === 'executor' || tool === 'kaniko') rest = words.slice(1);
  else return undefined;
  const tags: string[] = [];
  const positional: string[] = [];
  let file: string | undefined;
  let context: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const takesValue = FLAGS_WITH_VALUES.has(flag);
    const value = eq > 0 ? word.slice(eq + 1) : takesValue ? rest[++i] : undefined;
    if (flag === '-t' || flag === '--tag' || flag === '--destination') {
      if (value !== undefined) tags.push(value);
    } else if (flag === '-f' || flag === '--file' || flag === '--dockerfile') {
      file = value;
    } else if (flag === '--context') {
      context = value?.replace(/^dir:\/\//, '');
    } else if (!word.startsWith('-')) {
      positional.push(word);
    }
  }
  return { tags, file, context: context ?? positional.at(-1) };
}

/** The Dockerfile path a build uses, relative to the repo root (a `-f` is relative to the working directory). */
function dockerfilePath(file: string | undefined, context: string | undefined): string | undefined {
  const clean = (path: string) => posix.normalize(path.replace(/^\.\/+/, '')).replace(/^\/+/, '');
  if (file && !file.includes(WILDCARD) && file !== '-') return clean(file);
  const dir = context && !context.includes(WILDCARD) && !/^[a-z]+:\/\//i.test(context) ? context : context === undefined ? '.' : undefined;
  return dir === undefined ? undefined : clean(posix.join(dir, 'Dockerfile'));
}

function scriptBuilds(script: string, variables: Variables, predefined: Variables, source: string): ImageBuild[] {
  const builds: ImageBuild[] = [];
  for (const words of commandWords(script)) {
    const command = buildCommandOf(words.map((word) => expand(word, variables, predefined)));
    if (!command) continue;
    const dockerfile = dockerfilePath(command.file, command.context);
    for (const tag of command.tags) {
      const build = buildOf(tag, dockerfile, source);
      if (build) builds.push(build);
    }
  }
  return builds;
}

// --- GitHub Actions ---------------------------------------------------------------------------

function githubBuilds(document: YamlDocument): ImageBuild[] {
  const workflow = mappingOf(document.data);
  const source = document.file.path;
  const builds: ImageBuild[] = [];
  const outputs = jobOutputs(workflow);
  for (const job of Object.values(mappingOf(workflow.jobs))) {
    if (!isMapping(job)) continue;
    appendAll(builds, reusableWorkflowBuilds(job, variablesOf(workflow.env, job.env), source, outputs));
    const steps = listOf(job.steps).filter(isMapping);
    for (const step of steps) {
      const variables = variablesOf(workflow.env, job.env, step.env);
      const uses = stringOf(step.uses) ?? '';
      const inputs = mappingOf(step.with);
      if (/^docker\/build-push-action@/.test(uses)) {
        const context = stringOf(inputs.context) === undefined ? '.' : expand(stringOf(inputs.context)!, variables);
        const file = stringOf(inputs.file) === undefined ? undefined : expand(stringOf(inputs.file)!, variables);
        const dockerfile = dockerfilePath(file, context);
        for (const tag of tagsOf(stringOf(inputs.tags) ?? '', steps, variables)) {
          const build = buildOf(tag, dockerfile, source);
          if (build) builds.push(build);
        }
      }
      const run = stringOf(step.run);
      if (run) appendAll(builds, scriptBuilds(run, variables, new Map(), source));
    }
  }
  return builds;
}

/** Input names a reusable build workflow takes the image by (`with: {image: ghcr.io/acme/api}`, `quay_image_name`). */
const IMAGE_INPUT = /^(?:images?|(?:[a-z0-9]+[-_])?image[-_]names?|image[-_]repository|image[-_]ref|repository|tags?)$/i;

/**
 * The outputs a run script writes with `echo "name=value" >> $GITHUB_OUTPUT`, line by line (each
 * pattern is anchored to one end of a line, so a long line is read once).
 */
function outputsWritten(run: string): Map<string, string> {
  const written = new Map<string, string>();
  for (const line of run.split('\n')) {
    const redirect = line.lastIndexOf('>>');
    if (redirect < 0 || !/^\s*["']?\$\{?GITHUB_OUTPUT\}?["']?\s*$/.test(line.slice(redirect + 2))) continue;
    const echo = /^echo\s+(["']?)([A-Za-z_][\w-]*)=([^]*)$/.exec(line.slice(0, redirect).trim());
    if (!echo) continue;
    const quote = echo[1]!;
    const value = quote && echo[3]!.endsWith(quote) ? echo[3]!.slice(0, -1) : echo[3]!;
    // The last write wins, as in the file GitHub reads; an empty one (a branch that skips) does not.
    if (value !== '') written.set(echo[2]!, value);
  }
  return written;
}
/** `NAME="value"` on a line of its own: a shell variable the script sets. */
const SHELL_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)=(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"';&|]*))[ \t]*$/gm;

/**
 * Each job's outputs as far as the workflow text says: `outputs: {name: ${{ steps.S.outputs.O }}}`
 * where step S's run script writes `echo "O=value" >> $GITHUB_OUTPUT`, with the script's own
 * variables and the env around it expanded. A caller's `${{ needs.J.outputs.name }}` then reads it.
 */
function jobOutputs(workflow: Mapping): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const [id, rawJob] of Object.entries(mappingOf(workflow.jobs))) {
    const job = mappingOf(rawJob);
    const values = new Map<string, string>();
    for (const [name, rawValue] of Object.entries(mappingOf(job.outputs))) {
      const reference = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(stringOf(rawValue)?.trim() ?? '');
      if (!reference) continue;
      const step = listOf(job.steps).map(mappingOf).find((candidate) => stringOf(candidate.id) === reference[1]);
      const run = stringOf(step?.run);
      if (!step || !run || run.length > 100_000) continue;
      const variables = variablesOf(workflow.env, job.env, step.env);
      for (const match of run.matchAll(SHELL_ASSIGNMENT)) variables.set(match[1]!, match[2] ?? match[3] ?? match[4] ?? '');
      const written = outputsWritten(run).get(reference[2]!);
      if (written !== undefined) values.set(name, expand(written, variables));
    }
    if (values.size > 0) result.set(id, values);
  }
  return result;
}

/**
 * A job that calls a reusable workflow (`uses: ./.github/workflows/build.yml` or another
 * repository's) and names the image in its inputs builds that image: the called workflow is the
 * one that runs docker, with this job's value. Its Dockerfile is known when the job passes a
 * `context` (and maybe a `file` or `dockerfile`), read as docker/build-push-action reads them,
 * which is what such workflows hand them to; without them it is the called workflow's business.
 */
function reusableWorkflowBuilds(job: Mapping, variables: Variables, source: string, outputs: Map<string, Map<string, string>>): ImageBuild[] {
  const uses = stringOf(job.uses);
  if (!uses || !/\.ya?ml(?:@|$)/.test(uses)) return [];
  const inputs = mappingOf(job.with);
  const input = (name: string) => {
    const value = stringOf(inputs[name]);
    return value === undefined ? undefined : expand(value, variables);
  };
  const context = input('context');
  const file = input('file') ?? input('dockerfile');
  const dockerfile = context === undefined && file === undefined ? undefined : dockerfilePath(file, context);
  const builds: ImageBuild[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    const raw = stringOf(value);
    if (!IMAGE_INPUT.test(name) || !raw) continue;
    // ${{ needs.J.outputs.O }}: what job J's step wrote, when the workflow says.
    const text = raw.replace(/\$\{\{\s*needs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (whole, jobId: string, output: string) => outputs.get(jobId)?.get(output) ?? whole);
    for (const reference of expand(text, variables).split(/[\s,]+/)) {
      const build = buildOf(reference, dockerfile, source);
      if (build) builds.push(build);
    }
  }
  return builds;
}

/** build-push-action tags: a list (newline or comma separated); `${{ steps.<id>.outputs.tags }}` means the images of a metadata-action step. */
function tagsOf(input: string, steps: readonly Mapping[], variables: Variables): string[] {
  const tags: string[] = [];
  for (const item of input.split(/[\n,]/).map((s) => s.trim()).filter(Boolean)) {
    const fromMeta = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.tags\s*\}\}$/.exec(item);
    const meta = fromMeta && steps.find((step) => step.id === fromMeta[1] && /^docker\/metadata-action@/.test(stringOf(step.uses) ?? ''));
    if (meta) {
      const images = stringOf(mappingOf(meta.with).images) ?? '';
      for (const image of images.split('\n').map((line) => line.split(',')[0]!.trim()).filter(Boolean)) {
        // metadata-action images are bare repositories (name=… forms included); the tag comes later.
        tags.push(expand(image.replace(/^name=/, ''), variablesOf(variables, meta.env)) + `:${WILDCARD}`);
      }
    } else {
      tags.push(expand(item, variables));
    }
  }
  return tags;
}

// --- GitLab CI --------------------------------------------------------------------------------

/** GitLab's predefined variables that point into the checkout; everything else CI-defined is a wildcard. */
const GITLAB_PREDEFINED: Variables = new Map([
  ['CI_PROJECT_DIR', '.'],
  ['CI_BUILDS_DIR', '.'],
]);

const GITLAB_KEYWORDS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** The variables of the jobs `job` extends (`extends: .docker` or a list), nearest last; bounded depth, as GitLab's is. */
function extendedVariables(pipeline: Mapping, job: Mapping, depth: number): unknown[] {
  if (depth > 10) return [];
  const parents = typeof job.extends === 'string' ? [job.extends] : listOf(job.extends).filter((p): p is string => typeof p === 'string');
  return parents.flatMap((parent) => {
    const template = pipeline[parent];
    return isMapping(template) ? [...extendedVariables(pipeline, template, depth + 1), template.variables] : [];
  });
}

function gitlabBuilds(document: YamlDocument): ImageBuild[] {
  const pipeline = mappingOf(document.data);
  const builds: ImageBuild[] = [];
  for (const [name, job] of Object.entries(pipeline)) {
    if (GITLAB_KEYWORDS.has(name) || !isMapping(job)) continue;
    // A job's variables: the pipeline's, then those of the templates it extends (in order), then its own.
    const variables = variablesOf(pipeline.variables, ...extendedVariables(pipeline, job, 0), job.variables);
    for (const section of ['before_script', 'script', 'after_script']) {
      const lines = listOf(job[section]).filter((line): line is string => typeof line === 'string');
      const script = typeof job[section] === 'string' ? (job[section] as string) : lines.join('\n');
      appendAll(builds, scriptBuilds(script, variables, GITLAB_PREDEFINED, document.file.path));
    }
  }
  return builds;
}
