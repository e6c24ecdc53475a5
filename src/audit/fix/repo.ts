// Repository-level fixes: files the repository lacks, written from the generator's own templates so
// an audited repo and a generated one get the same content. Each returns a Fix whose edit creates
// the file (start = end = 0 on a path the repository does not have).
//
// - dockerignoreFix: a .dockerignore beside a Dockerfile that copies its whole build context
//   (templates/docker/dockerignore.hbs, minus every entry the Dockerfile needs).
// - admissionPolicyFix: a Kyverno ImageValidatingPolicy that admits only images signed keyless by
//   the repository's signing workflow (templates/admission/kyverno.yaml.hbs).
import { posix } from 'node:path';
import { render } from '../../generate/render.js';
import { compileGlob, type Glob } from '../../util/glob.js';
import { escapeRegExp, imageGlobs } from '../../generate/image-globs.js';
import { imageRepository } from '../support/image-builds.js';
import { listOf, mappingOf, namespaceOf, stringOf, workloads } from '../support/kubernetes.js';
import type { DockerfileSource, Fix, Repo } from '../types.js';
import { withoutTrailing } from '../../util/trim.js';

// --- .dockerignore ---------------------------------------------------------------------------

/** What the build context of one directory holds and how its Dockerfiles use it. */
export interface BuildContext {
  /** The directory, relative to the root ('' for the root itself). */
  readonly dir: string;
  /** Repository files below it, relative to it. */
  readonly files: readonly string[];
  /** Sources its Dockerfiles COPY/ADD by name (not the whole context), relative to it. */
  readonly namedSources: readonly string[];
  /** A RUN of one of its Dockerfiles runs git (so it may read .git). */
  readonly runsGit: boolean;
  /** A RUN installs Node.js dependencies (npm ci/install, yarn, pnpm install), so node_modules need not come from the context. */
  readonly installsNodeModules: boolean;
}

/** Sections of the template whose entries no running app reads: leaving them out cannot change the image's behaviour. */
const BUILD_ONLY_SECTIONS = [/^# Version control/, /^# Build, deployment and CI files/];

/** A path relative to the context, as .dockerignore and COPY write it: no leading ./ or /, no trailing /. */
const contextPath = (pattern: string) => withoutTrailing(pattern.replace(/^(\.?\/)+/, ''), '/');

/**
 * A .dockerignore pattern or COPY source as a matcher. Both are untrusted text, so they go through
 * the linear-time glob matcher (src/util/glob.ts), never a backtracking RegExp.
 */
function globOf(pattern: string): Glob {
  return compileGlob(contextPath(pattern));
}

/** Docker leaves a path out when it, or a directory above it, matches the pattern. */
function excludes(pattern: Glob, path: string): boolean {
  const parts = path.split('/');
  return parts.some((_, k) => pattern.matches(parts.slice(0, k + 1).join('/')));
}

/** Whether a named COPY source takes in a file: the file itself, a directory above it, or a glob matching either. */
function copier(source: string): (file: string) => boolean {
  if (contextPath(source) === '') return () => true;
  const glob = globOf(source);
  return (file) => excludes(glob, file);
}

interface Entry {
  readonly line: string;
  readonly pattern: Glob;
  readonly buildOnly: boolean;
}

function entriesOf(rendered: string): { lines: string[]; entries: Map<number, Entry> } {
  const lines = rendered.split('\n');
  const entries = new Map<number, Entry>();
  let buildOnly = false;
  let previousBlank = true;
  lines.forEach((line, k) => {
    const text = line.trim();
    if (text.startsWith('#') && previousBlank) buildOnly = BUILD_ONLY_SECTIONS.some((section) => section.test(text));
    previousBlank = text === '';
    if (text === '' || text.startsWith('#') || text.startsWith('!')) return;
    entries.set(k, { line: text, pattern: globOf(text), buildOnly });
  });
  return { lines, entries };
}

/** The languages whose section of the template applies, from the manifests at the context's top. */
function languagesOf(files: readonly string[]) {
  const has = (...names: string[]) => names.some((name) => files.includes(name));
  const gradle = has('build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts');
  const maven = has('pom.xml');
  return {
    language: {
      node: has('package.json'),
      python: has('pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile'),
      go: has('go.mod'),
      java: maven || gradle,
      rust: has('Cargo.toml'),
    },
    buildTool: { maven, gradle },
  };
}

/**
 * The .dockerignore for a build context: the generator's template for the languages found there,
 * without any entry that would take away something a Dockerfile copies by name. The caveat lists
 * repository files the image will no longer contain (secrets, dependency folders), when there are
 * any, and says when the build runs git or relies on node_modules from the context.
 */
export function dockerignoreFix(context: BuildContext): Fix {
  const rendered = render('docker/dockerignore.hbs', { paths: { falcoRules: false, admissionPolicy: false }, ...languagesOf(context.files) });
  const { lines, entries } = entriesOf(rendered);
  const copiers = context.namedSources.map(copier);
  const named = context.files.filter((file) => copiers.some((copiesFile) => copiesFile(file)));
  const kept: string[] = [];
  const dropped = new Set<number>();
  for (const [k, entry] of entries) {
    const needed =
      context.namedSources.some((source) => excludes(entry.pattern, contextPath(source))) ||
      named.some((file) => excludes(entry.pattern, file));
    if (needed) dropped.add(k);
    else kept.push(entry.line);
  }
  const text = lines.filter((_, k) => !dropped.has(k)).join('\n');
  const leftOut = context.files.filter((file) => [...entries].some(([k, e]) => !dropped.has(k) && !e.buildOnly && excludes(e.pattern, file)));
  const checks: string[] = [];
  if (leftOut.length > 0) {
    const shown = leftOut.slice(0, 5).join(', ') + (leftOut.length > 5 ? ` and ${leftOut.length - 5} more` : '');
    checks.push(`the image will no longer contain ${shown}: if the app reads one at run time, give it to the container as a mounted Secret instead`);
  }
  if (context.runsGit && kept.includes('.git')) checks.push('a RUN runs git, which cannot read .git from the context any more');
  if (languagesOf(context.files).language.node && !context.installsNodeModules) {
    checks.push('no RUN installs the Node.js dependencies, so node_modules must not be expected from the context');
  }
  const file = `${context.dir}.dockerignore`;
  return {
    description: `Create ${file} (version control, secrets, keys and local dependency folders stay out of the build context)`,
    edits: [{ file, start: 0, end: 0, text }],
    ...(checks.length > 0 && { caveat: `Check before building: ${checks.join('; ')}.` }),
  };
}

// --- admission policy ------------------------------------------------------------------------

/** Where the policy is written: the path the generator uses for --admission kyverno. */
export const KYVERNO_POLICY_PATH = 'policy/kyverno-verify-images.yaml';

export interface SigningSite {
  /** The workflow that signs, relative to the root: .github/workflows/ci.yml. */
  readonly workflow: string;
  /** The image it signs, as written in the workflow (a tag or digest is ignored). */
  readonly image: string;
  /** Keyless signing (no --key): only then is the identity known from the workflow. */
  readonly keyless: boolean;
}

const IMAGE_REPOSITORY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const WORKFLOW_PATH = /^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;
const BRANCH = /^[A-Za-z0-9._\/-]+$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** github.com/<owner>/<name> from a URL the repository states about itself. */
const githubRepositoryIn = (text: string | undefined): string | undefined =>
  /(?:^|[/@])github\.com[/:]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec((text ?? '').trim())?.[1];

/**
 * The GitHub repository whose workflow signs: the Dockerfiles' org.opencontainers.image.source label,
 * package.json's repository, or a ghcr.io/<owner>/<name> image; undefined when they disagree or say nothing.
 */
function githubRepositoryOf(repo: Repo, image: string): { repository: string; from: string } | undefined {
  const found: { repository: string; from: string }[] = [];
  for (const { file, dockerfile } of repo.dockerfiles as readonly DockerfileSource[]) {
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction.getKeyword().toUpperCase() !== 'LABEL') continue;
      const match = /org\.opencontainers\.image\.source=["']?([^"'\s]+)/.exec(instruction.getTextContent());
      const repository = githubRepositoryIn(match?.[1]);
      if (repository) found.push({ repository, from: `the image.source label of ${file.path}` });
    }
  }
  const manifest = repo.files.find((file) => file.path === 'package.json');
  if (manifest) {
    try {
      const data = mappingOf(JSON.parse(manifest.text));
      const repository = githubRepositoryIn(stringOf(data.repository) ?? stringOf(mappingOf(data.repository).url));
      if (repository) found.push({ repository, from: 'package.json' });
    } catch {
      // not JSON: says nothing
    }
  }
  const ghcr = /^ghcr\.io\/([a-z0-9-]+\/[a-z0-9._-]+)$/.exec(image);
  if (ghcr) found.push({ repository: ghcr[1]!, from: `the image name ${image}` });
  const distinct = new Set(found.map((f) => f.repository.toLowerCase()));
  return distinct.size === 1 ? found[0] : undefined;
}

/** The branch the workflow signs on: its only `on.push.branches` entry, else main. */
function branchOf(repo: Repo, workflow: string): string {
  const document = repo.githubWorkflows.find((d) => d.file.path === workflow);
  const on = mappingOf(mappingOf(document?.data).on);
  const branches = listOf(mappingOf(on.push).branches).filter((b): b is string => typeof b === 'string');
  return branches.length === 1 && BRANCH.test(branches[0]!) && !/[*?[\]!]/.test(branches[0]!) ? branches[0]! : 'main';
}

/** The namespace the image's pods run in, when the manifests agree on one. */
function namespaceFor(repo: Repo, image: string): string | undefined {
  const namespaces = new Set<string | undefined>();
  for (const workload of workloads(repo)) {
    for (const container of workload.containers) {
      const reference = stringOf(container.data.image);
      if (reference && imageRepository(reference) === imageRepository(image)) namespaces.add(workload.namespace ?? namespaceOf(repo, workload.object));
    }
  }
  return namespaces.size === 1 ? [...namespaces][0] : undefined;
}

/**
 * A Kyverno policy admitting only images of `site.image` signed keyless by `site.workflow` of the
 * repository's GitHub repository, rendered from the generator's template. Undefined when the policy
 * cannot be written truthfully: key-based signing (the public key is not in the repository), a
 * repository or image that cannot be told, or the policy file already exists.
 *
 * Called by workflow/signed-without-admission with each signing site it reports.
 */
export function admissionPolicyFix(repo: Repo, site: SigningSite): Fix | undefined {
  if (!site.keyless || !WORKFLOW_PATH.test(site.workflow)) return undefined;
  if (repo.files.some((file) => file.path === KYVERNO_POLICY_PATH)) return undefined;
  const image = imageRepository(site.image);
  const repository = image.startsWith('docker.io/library/') ? undefined : image.replace(/^docker\.io\//, '');
  if (!repository || !IMAGE_REPOSITORY.test(repository)) return undefined;
  const github = githubRepositoryOf(repo, repository);
  if (!github || !GITHUB_REPOSITORY.test(github.repository)) return undefined;
  const name = repository.split('/').at(-1)!;
  const stated = namespaceFor(repo, site.image);
  const namespace = stated ?? 'default';
  if (!DNS_LABEL.test(name) || !DNS_LABEL.test(namespace)) return undefined;
  const branch = branchOf(repo, site.workflow);
  const prefix = `https://github.com/${github.repository}/${site.workflow}@refs/`;
  const view = {
    name,
    namespace,
    labels: { 'app.kubernetes.io/name': name },
    image: { repository },
    sign: { keyless: true },
    ci: { github: true },
    profile: { repository: github.repository, branch },
    paths: { admissionPolicy: KYVERNO_POLICY_PATH },
    admissionPolicyName: `${namespace}-${name}-signed-images`,
    imageGlobs: imageGlobs(repository),
    identity: {
      issuer: 'https://token.actions.githubusercontent.com',
      subjectRegExp: `^${escapeRegExp(prefix)}(heads/${escapeRegExp(branch)}|tags/v.+)$`,
    },
  };
  return {
    description: `Create ${KYVERNO_POLICY_PATH}: Kyverno admits ${repository} only with a signature from ${site.workflow}`,
    edits: [{ file: KYVERNO_POLICY_PATH, start: 0, end: 0, text: render('admission/kyverno.yaml.hbs', view) }],
    caveat:
      `The policy trusts signatures made by ${site.workflow} of github.com/${github.repository} (from ${github.from}) on ${branch} and v* tags, ` +
      `for pods in namespace ${namespace}${stated ? '' : ' (the manifests name none)'}. Once applied, the cluster refuses every ${repository} image ` +
      'not signed that way: check the identity, sign once and test with an unsigned image before relying on it.',
  };
}

/** The context directory of a Dockerfile path, with a trailing slash ('' for the root). */
export function contextDirOf(dockerfilePath: string): string {
  const dir = posix.dirname(dockerfilePath);
  return dir === '.' ? '' : `${dir}/`;
}
