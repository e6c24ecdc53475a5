// Reads a project to suggest answers: the language and its version, build tool, entry point, name,
// port, namespace and image repository. Each value is only a default the user confirms, and each
// says which file it came from. Nothing from the project is executed; files are read with a size
// cap, symbolic links are not followed, and unreadable or malformed files are skipped. The one
// command run is `git remote get-url origin` (git itself, not anything in the repository).
import path, { posix } from 'node:path';
import { From } from 'dockerfile-ast';
import { parseDockerfile } from '../util/dockerfile-parse.js';
import { execa } from 'execa';
import { CATALOGUE, type Language } from './catalogue.js';
import type { ProfileInput } from './resolve.js';
import { DNS_LABEL, DNS_SUBDOMAIN, IMAGE_REPOSITORY, ROUTE_HOSTNAME, TAG } from './schema.js';
import { candidateSources, codeHints } from './detect/code-hints.js';
import { chooseGoMain, goMainPackages } from './detect/go-main.js';
import { helmChartPort } from './detect/helm-values.js';
import { ProjectFiles } from './detect/project-files.js';
import { pythonEntrypoints } from './detect/python-entrypoint.js';
import { commandFromDocs, commandFromDockerfile, commandFromProcfile, type CommandResult } from './detect/python-command.js';
import { isRecord, parseJsonRecord, parseTomlRecord, stringAt } from './detect/records.js';
import { findRepositoryRoot, serviceDirOf } from './detect/repository-root.js';
import { listenAddress } from './run-command.js';
import { newestSatisfying } from './version-range.js';
import { documentToJS } from '../util/yaml-aliases.js';
import { parseAllDocumentsUnique } from '../util/yaml-unique-keys.js';
import { withoutTrailing } from '../util/trim.js';
import { withoutElements, withoutXmlComments } from './detect/xml-sections.js';

export interface Detection {
  /** The answers found, as a partial profile. */
  readonly input: ProfileInput;
  /** Profile field path (as in `flagFor`, e.g. "ci.system") -> the file or command it came from. */
  readonly sources: Readonly<Record<string, string>>;
  /** Findings that are not answers but worth telling, e.g. "the existing Dockerfile runs as root". */
  readonly notes: readonly string[];
  /** Every language the project's manifests point to, each with its file (more than one: ambiguous). */
  readonly languages?: readonly { readonly language: Language; readonly source: string }[];
  /** Fields with several equally likely values, left unset: the run must ask or be told. */
  readonly ambiguous?: readonly Ambiguity[];
  /** Languages the generator does not build (.NET, PHP, …), each with the file that shows it. */
  readonly unsupported?: readonly { readonly language: string; readonly source: string }[];
}

/** Project files of languages the generator has no Dockerfile for: named, never built as Node. */
const UNSUPPORTED_MARKERS: readonly [string, RegExp][] = [
  ['.NET', /\.(?:csproj|fsproj|vbproj|sln)$/],
  ['PHP', /^composer\.json$/],
  ['Ruby', /^Gemfile$/],
  ['Elixir', /^mix\.exs$/],
  ['Scala', /^build\.sbt$/],
  ['Swift', /^Package\.swift$/],
  ['C/C++', /^CMakeLists\.txt$/],
];

export interface Ambiguity {
  readonly field: string;
  /** The candidates, each a valid value of the field (safe to print). */
  readonly candidates: readonly string[];
  readonly why: string;
}

export interface DetectOptions {
  /**
   * Read git (default true): the remote, the default branch, and the repository root a service
   * folder sits in. Tests of folders inside this repository turn it off.
   */
  readonly git?: boolean;
  readonly gitTimeoutMs?: number;
}

const MANIFEST_DIRS = ['k8s', 'kubernetes', 'kustomize', 'deploy', 'deployment', 'deployments', 'manifests', '.k8s'];
const MAX_MANIFESTS = 50;

export async function detect(dir: string, options: DetectOptions = {}): Promise<Detection> {
  const found = new Found(path.resolve(dir));
  const repositoryRoot = options.git === false ? undefined : await findRepositoryRoot(found.root);
  const serviceDir = repositoryRoot ? serviceDirOf(repositoryRoot, found.root) : undefined;
  if (serviceDir) found.set('serviceDir', serviceDir, `git: the repository root is ${path.relative(found.root, repositoryRoot!) || '.'}`);
  const languages = await languageMarkers(found);
  // First finder of a field wins, so the order is the priority: the language's own manifest, then
  // deployment files, then the Dockerfile, then CI files and the git remote.
  (await detectGo(found)) ||
    (await detectRust(found)) ||
    (await detectJava(found)) ||
    (await detectPython(found)) ||
    (await detectNode(found));
  // The port: a PORT the Dockerfile sets is what the app reads; then the deployed containerPort
  // (manifests, then a Helm chart's values); then the app's own listen call; an EXPOSE
  // (documentation only) last.
  await detectDockerfileEnvPort(found);
  await detectManifests(found);
  await detectHelmChart(found);
  await detectCode(found);
  await detectDockerfile(found);
  await detectCi(found, serviceDir ? path.relative(found.root, repositoryRoot!) : undefined);
  // A service of a monorepo is named after its folder; the image after the repository and the service.
  if (serviceDir) found.set('name', toDnsLabel(path.basename(found.root)), `the service folder ${serviceDir}/`);
  if (options.git !== false) await detectGitRemote(found, options.gitTimeoutMs ?? 3000);
  const unsupported = await unsupportedMarkers(found);
  // A question one file left open and another answered (a Java release in pom.xml, a version in
  // .java-version) is answered.
  const ambiguous = found.ambiguous.filter((a) => !found.has(a.field));
  return { input: found.input(), sources: found.sources, notes: found.notes, languages, ambiguous, ...(unsupported.length > 0 ? { unsupported } : {}) };
}

/** Languages the generator does not support whose project files are at the top of the folder. */
async function unsupportedMarkers(found: Found): Promise<{ language: string; source: string }[]> {
  const out: { language: string; source: string }[] = [];
  const files = (await found.list('.')).filter((entry) => entry.isFile).map((entry) => entry.name);
  for (const [language, pattern] of UNSUPPORTED_MARKERS) {
    const file = files.find((name) => pattern.test(name));
    if (file) out.push({ language, source: file });
  }
  return out;
}

/** The languages whose manifest files are present, in detection order. */
async function languageMarkers(found: Found): Promise<{ language: Language; source: string }[]> {
  const markers: readonly [Language, readonly string[]][] = [
    ['go', ['go.mod']],
    ['rust', ['Cargo.toml']],
    ['java', ['pom.xml', 'build.gradle.kts', 'build.gradle']],
    ['python', ['pyproject.toml', 'requirements.txt', 'poetry.lock', 'uv.lock', 'Pipfile', 'setup.py']],
    ['node', ['package.json']],
  ];
  const out: { language: Language; source: string }[] = [];
  for (const [language, files] of markers) {
    for (const file of files) {
      if ((await found.read(file)) !== undefined) {
        out.push({ language, source: file });
        break;
      }
    }
  }
  return out;
}

/** Collects detected values; the first value for a field wins. */
class Found extends ProjectFiles {
  private readonly values: Record<string, unknown> = {};
  readonly sources: Record<string, string> = {};
  readonly notes: string[] = [];
  readonly ambiguous: Ambiguity[] = [];

  set(field: string, value: unknown, source: string): void {
    if (value === undefined || value === '' || field in this.values) return;
    this.values[field] = value;
    this.sources[field] = source;
  }

  has(field: string): boolean {
    return field in this.values;
  }

  value(field: string): unknown {
    return this.values[field];
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The values as a nested partial profile ("ci.system" -> { ci: { system } }). */
  input(): ProfileInput {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(this.values)) {
      const keys = field.split('.');
      let node = out;
      for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[keys.at(-1)!] = value;
    }
    return out as ProfileInput;
  }
}

/** A DNS-1123 label from a project name: "@acme/My_App" -> "my-app". */
export function toDnsLabel(name: string): string | undefined {
  const label = withoutTrailing(
    name
      .replace(/^@[^/]+\//, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .slice(0, 63),
    '-',
  );
  return label === '' ? undefined : label;
}

function setLanguage(found: Found, language: Language, source: string): void {
  found.set('language', language, source);
}

/**
 * Sets runtimeVersion from a declared range when a supported version satisfies it. When none does,
 * the image would run another version than the one the project declares (usually a new major):
 * that is a choice for the person, so it is an open question (the wizard asks it; --yes stops and
 * names --runtime-version), with a note saying why.
 */
function setRuntimeFromRange(found: Found, language: Language, range: string, file: string, key?: string): void {
  const spec = CATALOGUE[language];
  const supported = spec.versions.map((v) => v.version);
  const version = newestSatisfying(range, supported);
  if (version) return found.set('runtimeVersion', version, key ? `${file} ${key}` : file);
  unsupportedVersion(found, `${file}: ${key ?? 'version'} ${JSON.stringify(range)}`, spec.label, supported);
}

function unsupportedVersion(found: Found, declared: string, label: string, supported: readonly string[]): void {
  if (found.has('runtimeVersion') || found.ambiguous.some((a) => a.field === 'runtimeVersion')) return;
  found.note(`${declared} allows none of the supported ${label} versions (${supported.join(', ')}); the image would run another version than the project declares.`);
  found.ambiguous.push({ field: 'runtimeVersion', candidates: supported, why: `${declared} allows none of the supported ${label} versions, so the image would change the version the project runs on` });
}

function setEntrypoint(found: Found, language: Language, entrypoint: string | undefined, source: string): void {
  if (entrypoint !== undefined && CATALOGUE[language].entrypointPattern.test(entrypoint)) found.set('entrypoint', entrypoint, source);
}


async function detectNode(found: Found): Promise<boolean> {
  const text = await found.read('package.json');
  if (text === undefined) return false;
  const pkg = parseJsonRecord(text);
  if (!pkg) {
    found.note('package.json: not valid JSON; nothing was read from it.');
    return false;
  }
  const source = 'package.json';
  setLanguage(found, 'node', source);
  const name = stringAt(pkg, 'name');
  if (name) found.set('name', toDnsLabel(name), source);
  const engines = stringAt(pkg, 'engines', 'node');
  if (engines) setRuntimeFromRange(found, 'node', engines, 'package.json', 'engines.node');
  for (const file of ['.nvmrc', '.node-version']) {
    const pinned = (await found.read(file))?.trim().replace(/^v/, '');
    if (pinned && /^\d/.test(pinned)) setRuntimeFromRange(found, 'node', pinned, file);
  }
  const manager = /^(npm|pnpm|yarn)@/.exec(stringAt(pkg, 'packageManager') ?? '')?.[1];
  if (manager) found.set('buildTool', manager, 'package.json packageManager');
  for (const [lockfile, tool] of [['package-lock.json', 'npm'], ['npm-shrinkwrap.json', 'npm'], ['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn']] as const) {
    if (await found.exists(lockfile)) found.set('buildTool', tool, lockfile);
  }
  if (!found.has('buildTool') && ((await found.exists('bun.lockb')) || (await found.exists('bun.lock')))) {
    found.note('bun.lock: Bun is not supported as a build tool; npm, pnpm or yarn will be used.');
  }
  setEntrypoint(found, 'node', entrypointFromStartScript(stringAt(pkg, 'scripts', 'start')), 'package.json scripts.start');
  setEntrypoint(found, 'node', stringAt(pkg, 'main'), 'package.json main');
  return true;
}

/** "node --enable-source-maps dist/server.js" -> "dist/server.js"; anything but a plain `node FILE` -> undefined. */
export function entrypointFromStartScript(script: string | undefined): string | undefined {
  if (!script || /[;&|<>`$]/.test(script)) return undefined;
  const words = script.trim().split(/\s+/);
  if (words[0] !== 'node') return undefined;
  return words.slice(1).find((word) => !word.startsWith('-'))?.replace(/^\.\//, '');
}

async function detectPython(found: Found): Promise<boolean> {
  const pyprojectText = await found.read('pyproject.toml');
  const pyproject = parseTomlRecord(pyprojectText);
  if (pyprojectText !== undefined && !pyproject) found.note('pyproject.toml: not valid TOML; nothing was read from it.');
  const markers = ['pyproject.toml', 'requirements.txt', 'poetry.lock', 'uv.lock', 'Pipfile', 'setup.py'];
  const present = [];
  for (const marker of markers) if (await found.exists(marker)) present.push(marker);
  if (present.length === 0) return false;
  setLanguage(found, 'python', present[0]!);
  if (pyproject) {
    const name = stringAt(pyproject, 'project', 'name') ?? stringAt(pyproject, 'tool', 'poetry', 'name');
    if (name) found.set('name', toDnsLabel(name), 'pyproject.toml');
    const requires = stringAt(pyproject, 'project', 'requires-python') ?? stringAt(pyproject, 'tool', 'poetry', 'dependencies', 'python');
    if (requires) setRuntimeFromRange(found, 'python', requires, 'pyproject.toml', 'requires-python');
  }
  const pinned = (await found.read('.python-version'))?.trim();
  if (pinned && /^\d/.test(pinned)) setRuntimeFromRange(found, 'python', pinned, '.python-version');
  if (await found.exists('uv.lock')) found.set('buildTool', 'uv', 'uv.lock');
  if (await found.exists('poetry.lock')) found.set('buildTool', 'poetry', 'poetry.lock');
  if (pyproject && isRecord((pyproject.tool as Record<string, unknown> | undefined)?.poetry)) found.set('buildTool', 'poetry', 'pyproject.toml [tool.poetry]');
  if (await found.exists('requirements.txt')) found.set('buildTool', 'pip', 'requirements.txt');
  await detectPythonCommand(found, pyproject);
  await detectPythonEntrypoint(found);
  return true;
}

/**
 * How the app is started when a file says so: a server command in the Procfile, the existing
 * Dockerfile or the README (its port with it), else the project's first [project.scripts] entry.
 */
async function detectPythonCommand(found: Found, pyproject: Record<string, unknown> | undefined): Promise<void> {
  const sources: [string, (text: string) => CommandResult][] = [
    ['Procfile', commandFromProcfile],
    ['Dockerfile', commandFromDockerfile],
    ['README.md', commandFromDocs],
    ['docs/README.md', commandFromDocs],
  ];
  for (const [file, read] of sources) {
    const text = await found.read(file);
    const result = text === undefined ? undefined : read(text);
    if (result && 'problem' in result) found.note(`${file}: ${result.problem}; give the run command with --command.`);
    if (!result || !('words' in result)) continue;
    found.set('command', result.words, file);
    const address = listenAddress(result.words);
    if (address) found.set('port', address.port, `${file} (the command's listen address)`);
    return;
  }
  const projectScripts = stringRecordAt(pyproject, 'project', 'scripts') ?? stringRecordAt(pyproject, 'tool', 'poetry', 'scripts');
  const first = Object.keys(projectScripts ?? {}).find((name) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name));
  if (first) found.set('command', [first], 'pyproject.toml [project.scripts]');
}

/** A package run with -m, else app.py, main.py or server.py (detect/python-entrypoint.ts). */
async function detectPythonEntrypoint(found: Found): Promise<void> {
  const first = (await pythonEntrypoints(found))[0];
  if (first) setEntrypoint(found, 'python', first.value, first.source);
}

function stringRecordAt(value: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let node = value;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

async function detectGo(found: Found): Promise<boolean> {
  const text = await found.read('go.mod');
  if (text === undefined) return false;
  const source = 'go.mod';
  setLanguage(found, 'go', source);
  const modulePath = /^module\s+("?)([^\s"]+)\1\s*$/m.exec(text)?.[2];
  if (modulePath) {
    const segments = modulePath.split('/');
    // A major-version suffix (example.com/app/v2) is not the name.
    const last = /^v\d+$/.test(segments.at(-1)!) && segments.length > 1 ? segments.at(-2)! : segments.at(-1)!;
    found.set('name', toDnsLabel(last), source);
  }
  // A toolchain line names the Go release the module is built with; the go line is only a minimum.
  const toolchain = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
  const toolchainMinor = toolchain?.split('.').slice(0, 2).join('.');
  if (toolchainMinor && CATALOGUE.go.versions.some((v) => v.version === toolchainMinor)) found.set('runtimeVersion', toolchainMinor, 'go.mod toolchain');
  const goVersion = /^go\s+(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(text)?.[1];
  if (goVersion) {
    const supported = CATALOGUE.go.versions.map((v) => v.version);
    const minor = goVersion.split('.').slice(0, 2).join('.');
    // The go line is a minimum; the same minor release is the closest match, a newer one also builds it.
    const version = supported.includes(minor) ? minor : newestSatisfying(`>=${goVersion}`, supported);
    if (version) found.set('runtimeVersion', version, source);
    else unsupportedVersion(found, `go.mod: go ${goVersion}`, CATALOGUE.go.label, supported);
  }
  found.set('buildTool', 'go', source);
  const choice = chooseGoMain(await goMainPackages(found), modulePath);
  if (choice && 'chosen' in choice) found.set('entrypoint', choice.chosen.path, choice.why ? `${choice.chosen.file}, ${choice.why}` : choice.chosen.file);
  if (choice && 'ambiguous' in choice) {
    found.ambiguous.push({ field: 'entrypoint', candidates: choice.ambiguous, why: 'several main packages, none clearly the server' });
    // Candidates are directory names checked against the entry point's character set: safe to show.
    found.note(`several Go main packages, none clearly the server (${choice.ambiguous.join(', ')}); choose one as the entry point.`);
  }
  return true;
}

async function detectRust(found: Found): Promise<boolean> {
  const cargo = parseTomlRecord(await found.read('Cargo.toml'));
  if (!cargo) return false;
  const source = 'Cargo.toml';
  setLanguage(found, 'rust', source);
  const name = stringAt(cargo, 'package', 'name');
  if (name) found.set('name', toDnsLabel(name), source);
  found.set('buildTool', 'cargo', source);
  const bins = Array.isArray(cargo.bin) ? cargo.bin : [];
  setEntrypoint(found, 'rust', stringAt(bins[0], 'name') ?? name, source);
  return true;
}

async function detectJava(found: Found): Promise<boolean> {
  const pom = await found.read('pom.xml');
  if (pom !== undefined) {
    const source = 'pom.xml';
    setLanguage(found, 'java', source);
    found.set('buildTool', 'maven', source);
    // The project's own artifactId: the first one outside <parent>, <dependencies> and <build>.
    const own = withoutElements(withoutXmlComments(pom), ['parent', 'dependencies', 'dependencyManagement', 'build', 'profiles']);
    const artifactId = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(own)?.[1];
    if (artifactId) found.set('name', toDnsLabel(artifactId), source);
    const release = /<(maven\.compiler\.release|maven\.compiler\.source|java\.version|release)>\s*(\d+)\s*</.exec(pom)?.[2];
    if (release) setRuntimeFromRange(found, 'java', release, source, 'Java release');
    return true;
  }
  for (const file of ['build.gradle.kts', 'build.gradle']) {
    const gradle = await found.read(file);
    if (gradle === undefined) continue;
    setLanguage(found, 'java', file);
    found.set('buildTool', 'gradle', file);
    const settingsFile = (await found.exists('settings.gradle.kts')) ? 'settings.gradle.kts' : 'settings.gradle';
    const rootName = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec((await found.read(settingsFile)) ?? '')?.[1];
    if (rootName) found.set('name', toDnsLabel(rootName), settingsFile);
    const release = /JavaLanguageVersion\.of\(\s*(\d+)\s*\)|(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_|["'])?(\d+)/.exec(gradle);
    const version = release?.[1] ?? release?.[2];
    if (version) setRuntimeFromRange(found, 'java', version, file, 'Java version');
    return true;
  }
  return false;
}

async function detectManifests(found: Found): Promise<void> {
  let read = 0;
  for (const dir of MANIFEST_DIRS) {
    const entries = await found.list(dir);
    const files = entries.filter((e) => e.isFile && /\.ya?ml$/.test(e.name)).map((e) => `${dir}/${e.name}`);
    for (const sub of entries.filter((e) => e.isDirectory)) {
      for (const e of await found.list(`${dir}/${sub.name}`)) if (e.isFile && /\.ya?ml$/.test(e.name)) files.push(`${dir}/${sub.name}/${e.name}`);
    }
    for (const file of files) {
      if (read++ >= MAX_MANIFESTS) return;
      const text = await found.read(file);
      if (text !== undefined) readManifest(found, file, text);
    }
  }
}

/** A Helm chart's values.yaml in the project (detect/helm-values.ts): the app's port, else the Service's. */
async function detectHelmChart(found: Found): Promise<void> {
  const port = await helmChartPort(found);
  if (port) found.set('port', port.value, `${port.file} ${port.key}`);
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet']);

function readManifest(found: Found, file: string, text: string): void {
  let documents;
  try {
    documents = parseAllDocumentsUnique(text, { prettyErrors: false });
  } catch {
    return;
  }
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) continue;
    let data: unknown;
    try {
      data = documentToJS(document, { maxAliasCount: 50 });
    } catch {
      continue;
    }
    if (!isRecord(data)) continue;
    const kind = stringAt(data, 'kind');
    if (kind === 'Namespace') found.set('namespace', stringAt(data, 'metadata', 'name'), file);
    if (kind === 'Ingress' || kind === 'HTTPRoute') readRoute(found, file, kind, data);
    if (kind && WORKLOADS.has(kind)) {
      found.set('namespace', stringAt(data, 'metadata', 'namespace'), file);
      readDeployedImage(found, file, data);
      const port = firstContainerPort(data);
      if (port !== undefined) found.set('port', port, file);
    }
  }
}

/**
 * How outside traffic reaches the app today: an Ingress (its class and hosts) or a Gateway API
 * HTTPRoute (the Gateway it attaches to and its hosts). The generated route and the NetworkPolicy
 * peer then match what the cluster already runs, instead of a Gateway it may not have.
 */
function readRoute(found: Found, file: string, kind: 'Ingress' | 'HTTPRoute', data: Record<string, unknown>): void {
  // The first route found decides; a second kind (an Ingress beside an HTTPRoute) adds nothing.
  if (found.has('route.kind')) return;
  const spec = isRecord(data.spec) ? data.spec : {};
  const hostnames = (kind === 'Ingress' ? (Array.isArray(spec.rules) ? spec.rules : []).map((rule) => stringAt(rule, 'host')) : Array.isArray(spec.hostnames) ? spec.hostnames : [])
    .filter((host): host is string => typeof host === 'string' && host.length <= 253 && ROUTE_HOSTNAME.test(host))
    .slice(0, 16);
  found.set('exposure', 'public', file);
  found.set('route.kind', kind === 'Ingress' ? 'ingress' : 'gateway', file);
  if (hostnames.length > 0) found.set('route.hostnames', hostnames, file);
  if (kind === 'Ingress') {
    const ingressClass = stringAt(spec, 'ingressClassName');
    if (ingressClass && ingressClass.length <= 253 && DNS_SUBDOMAIN.test(ingressClass)) found.set('route.ingressClass', ingressClass, file);
    return;
  }
  const parent = Array.isArray(spec.parentRefs) ? spec.parentRefs[0] : undefined;
  const name = stringAt(parent, 'name');
  const namespace = stringAt(parent, 'namespace') ?? stringAt(data, 'metadata', 'namespace');
  const label = (value: string) => value.length <= 63 && DNS_LABEL.test(value);
  if (name && namespace && label(name) && label(namespace)) found.set('route.gateway', { namespace, name }, file);
}

function containersOf(workload: Record<string, unknown>): unknown[] {
  const podSpec = (node: unknown): unknown => {
    if (!isRecord(node)) return undefined;
    if (Array.isArray(node.containers)) return node;
    for (const key of ['spec', 'template', 'jobTemplate']) {
      const inner = podSpec(node[key]);
      if (inner) return inner;
    }
    return undefined;
  };
  return (podSpec(workload) as { containers?: unknown[] } | undefined)?.containers ?? [];
}

/**
 * The image the project already deploys (ghcr.io/acme/storefront:0.4.1): the one container, or the
 * one named like the workload. The generated CI then builds the image the cluster runs, and a kept
 * manifest and the new workflow agree.
 */
function readDeployedImage(found: Found, file: string, workload: Record<string, unknown>): void {
  const containers = containersOf(workload).filter(isRecord);
  const name = stringAt(workload, 'metadata', 'name');
  const container = containers.length === 1 ? containers[0] : containers.find((c) => c.name === name);
  const reference = container ? stringAt(container, 'image') : undefined;
  if (!reference || reference.includes('@')) return;
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const repository = colon > lastSlash ? reference.slice(0, colon) : reference;
  const tag = colon > lastSlash ? reference.slice(colon + 1) : undefined;
  if (!IMAGE_REPOSITORY.test(repository)) return;
  found.set('image', repository, file);
  if (tag && tag !== 'latest' && TAG.test(tag)) found.set('imageTag', tag, file);
}

function firstContainerPort(workload: Record<string, unknown>): number | undefined {
  const containers = containersOf(workload);
  for (const container of containers) {
    const ports = isRecord(container) && Array.isArray(container.ports) ? container.ports : [];
    for (const port of ports) {
      const value = isRecord(port) ? port.containerPort : undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    }
  }
  return undefined;
}

const BASE_IMAGE_LANGUAGE: readonly [RegExp, Language][] = [
  [/(?:^|\/)node(?:js\d*)?(?:-|:|$)/, 'node'],
  [/(?:^|\/)python\d*(?:-|:|$)/, 'python'],
  [/(?:^|\/)golang(?::|$)/, 'go'],
  [/(?:^|\/)(?:eclipse-temurin|openjdk|amazoncorretto|maven|gradle|java\d+)(?:-|:|$)/, 'java'],
  [/(?:^|\/)rust(?::|$)/, 'rust'],
];

/** `ENV PORT=80` in the final stage: the port the app reads, whatever EXPOSE documents. */
async function detectDockerfileEnvPort(found: Found): Promise<void> {
  const text = await found.read('Dockerfile');
  if (text === undefined) return;
  let port: number | undefined;
  for (const instruction of parseDockerfile(text).getInstructions()) {
    if (instruction instanceof From) port = undefined;
    if (instruction.getKeyword() !== 'ENV') continue;
    const match = /(?:^|\s)PORT[=\s]\s{0,4}["']?(\d{1,5})["']?(?:\s|$)/.exec(instruction.getArgumentsContent() ?? '');
    if (match) port = Number(match[1]);
  }
  if (port !== undefined && port >= 1 && port <= 65535) found.set('port', port, 'Dockerfile ENV PORT');
}

/** The app's own source: the port of its listen call, and a health route for HTTP probes. */
async function detectCode(found: Found): Promise<void> {
  const language = found.value('language') as Language | undefined;
  if (!language || !(language in CATALOGUE)) return;
  const entrypoint = found.value('entrypoint') as string | undefined;
  const sources: { file: string; text: string }[] = [];
  for (const file of candidateSources(language, entrypoint)) {
    const text = await found.read(file);
    if (text !== undefined) sources.push({ file, text });
  }
  const hints = codeHints(language, sources);
  if (hints.port && hints.file) found.set('port', hints.port.value, `${hints.file} (${hints.port.how})`);
  if (hints.healthPath && hints.healthFile) found.set('probes', `http:${hints.healthPath}`, `${hints.healthFile} (a health route)`);
}

/**
 * Files the existing Dockerfile copies into its final stage that are project files (ui/,
 * templates/, static/): the app reads them at run time, so the new runtime stage copies them too.
 * A COPY --from a build stage is mapped back through that stage's WORKDIR (`COPY . .` there).
 */
async function detectAssets(found: Found, text: string): Promise<void> {
  const stages: { name?: string; workdir: string; copies: { from?: string; sources: string[] }[] }[] = [];
  for (const instruction of parseDockerfile(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof From) {
      stages.push({ ...(instruction.getBuildStage() ? { name: instruction.getBuildStage()!.toLowerCase() } : {}), workdir: '/', copies: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const args = instruction.getArguments().map((arg) => arg.getValue());
    if (keyword === 'WORKDIR' && args[0]) stage.workdir = posix.resolve(stage.workdir, args[0]);
    if (keyword !== 'COPY' || args.length < 2 || args[0]!.startsWith('[')) continue;
    const flags = 'getFlags' in instruction ? (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags() : [];
    const from = flags.find((flag) => flag.getName() === 'from')?.getValue() ?? undefined;
    stage.copies.push({ ...(from ? { from: from.toLowerCase() } : {}), sources: args.slice(0, -1) });
  }
  const final = stages.at(-1);
  if (!final || stages.length < 2) return;
  const assets: string[] = [];
  // Stages by name (the first of a name, as Array#find gave it) and each path looked up once: a
  // Dockerfile of 25,000 COPY --from lines searched the stages and the disk for each (11 s).
  const stagesByName = new Map<string, (typeof stages)[number]>();
  for (const stage of stages) if (stage.name !== undefined && !stagesByName.has(stage.name)) stagesByName.set(stage.name, stage);
  const checked = new Set<string>();
  for (const copy of final.copies) {
    const source = copy.from === undefined ? undefined : (stagesByName.get(copy.from) ?? stages[Number(copy.from)]);
    for (const written of copy.sources) {
      if (/[*?[\]$]/.test(written)) continue;
      const inProject = source ? (written.startsWith(`${source.workdir.replace(/\/$/, '')}/`) ? written.slice(source.workdir.replace(/\/$/, '').length + 1) : written.startsWith('/') ? undefined : written) : written;
      const relative = inProject === undefined ? undefined : withoutTrailing(posix.normalize(inProject).replace(/^\.\//, ''), '/');
      if (!relative || relative === '.' || relative.startsWith('..') || relative.startsWith('/') || checked.has(relative)) continue;
      checked.add(relative);
      if (await found.exists(relative)) assets.push(relative);
    }
  }
  if (assets.length > 0) found.set('assets', [...new Set(assets)], 'Dockerfile (what its final stage copies)');
}

async function detectDockerfile(found: Found): Promise<void> {
  const text = await found.read('Dockerfile');
  if (text === undefined) return;
  await detectAssets(found, text);
  const source = 'Dockerfile';
  const stages: { image: string; user?: string; ports: number[] }[] = [];
  for (const instruction of parseDockerfile(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof From) stages.push({ image: instruction.getImage() ?? '', ports: [] });
    const stage = stages.at(-1);
    if (!stage) continue;
    if (keyword === 'USER') stage.user = instruction.getArgumentsContent() ?? undefined;
    if (keyword === 'EXPOSE') {
      for (const arg of instruction.getArguments()) {
        const port = Number(/^(\d{1,5})(?:\/(?:tcp|udp))?$/.exec(arg.getValue())?.[1]);
        if (port >= 1 && port <= 65535) stage.ports.push(port);
      }
    }
  }
  const final = stages.at(-1);
  if (!final) return;
  const port = final.ports[0] ?? stages.flatMap((s) => s.ports)[0];
  if (port !== undefined) found.set('port', port, source);
  if (!found.has('language')) {
    for (const stage of stages) {
      const language = BASE_IMAGE_LANGUAGE.find(([pattern]) => pattern.test(stage.image.split('@')[0]!))?.[1];
      if (language) {
        setLanguage(found, language, `${source} (FROM ${stage.image})`);
        break;
      }
    }
  }
  const user = final.user?.split(':')[0]?.trim();
  if (user === undefined || user === 'root' || user === '0') {
    found.note(`Dockerfile: runs as root${user === undefined ? ' (no USER)' : ''}; the generated one runs as UID 65532.`);
  }
  if (!/(?:^|\/)distroless\/|(?:^|\/)static(?:-debian\d+)?:|^scratch$|chainguard/.test(final.image)) {
    found.note(`Dockerfile: ${final.image || 'the final image'} is not distroless; the generated one has no shell.`);
  }
}

/** CI files of the folder, or of the repository root (`up`, relative) for a service of a monorepo. */
async function detectCi(found: Found, up?: string): Promise<void> {
  for (const base of up ? ['.', up] : ['.']) {
    const at = (file: string) => (base === '.' ? file : `${base}/${file}`);
    if (await found.exists(at('.gitlab-ci.yml'))) found.set('ci.system', 'gitlab', at('.gitlab-ci.yml'));
    if ((await found.list(at('.github/workflows'))).some((e) => e.isFile)) found.set('ci.system', 'github', at('.github/workflows'));
  }
}

async function detectGitRemote(found: Found, timeout: number): Promise<void> {
  const result = await execa('git', ['-C', found.root, 'remote', 'get-url', 'origin'], {
    reject: false,
    timeout,
    stdin: 'ignore',
    // Never prompt for credentials, and ignore the user's pager and editor.
    env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
  });
  if (result.failed || typeof result.stdout !== 'string') return;
  const remote = parseGitRemote(result.stdout.trim());
  if (!remote) return;
  const source = 'git remote origin';
  found.set('repository', remote.repository, source);
  // A service of a monorepo gets its image from the repository and its final name (withDefaults).
  if (remote.registry && !found.has('serviceDir')) found.set('image', `${remote.registry}/${remote.repository.toLowerCase()}`, source);
  if (remote.ci) found.set('ci.system', remote.ci, source);
  if (!found.has('name')) found.set('name', toDnsLabel(remote.repository.split('/').at(-1)!), source);
  await detectDefaultBranch(found, timeout);
}

/**
 * The branch CI signs from: the remote's default branch as the clone recorded it
 * (refs/remotes/origin/HEAD), else the branch checked out; never an assumed `main`.
 */
async function detectDefaultBranch(found: Found, timeout: number): Promise<void> {
  const git = (args: string[]) =>
    execa('git', ['-C', found.root, ...args], { reject: false, timeout, stdin: 'ignore', env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' } });
  const remoteHead = await git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const fromRemote = !remoteHead.failed && typeof remoteHead.stdout === 'string' ? remoteHead.stdout.trim().replace(/^origin\//, '') : '';
  if (BRANCH.test(fromRemote)) return found.set('branch', fromRemote, "git: origin's default branch");
  const head = await git(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const checkedOut = !head.failed && typeof head.stdout === 'string' ? head.stdout.trim() : '';
  if (BRANCH.test(checkedOut)) found.set('branch', checkedOut, 'git: the branch checked out');
}

/** A branch name worth proposing (the profile schema checks it fully). */
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

export interface GitRemote {
  /** owner/name (GitLab: group/subgroup/project). */
  readonly repository: string;
  readonly registry?: 'ghcr.io' | 'registry.gitlab.com';
  readonly ci?: 'github' | 'gitlab';
}

/** https://github.com/Owner/Repo.git, git@github.com:owner/repo, ssh://git@gitlab.com/g/s/p.git -> parts. */
export function parseGitRemote(url: string): GitRemote | undefined {
  const match =
    /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(url) ?? /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(url);
  if (!match) return undefined;
  const host = match[1]!.toLowerCase();
  const repository = match[2]!;
  if (!/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/.test(repository)) return undefined;
  if (host === 'github.com') return { repository, registry: 'ghcr.io', ci: 'github' };
  if (host === 'gitlab.com') return { repository, registry: 'registry.gitlab.com', ci: 'gitlab' };
  return { repository };
}
