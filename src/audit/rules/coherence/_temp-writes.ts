// Where the repo shows that a container writes temporary files: what its program is known to do
// (gunicorn's worker heartbeat file, Spring Boot's embedded web server directories), a temporary
// directory its environment declares, an image whose own configuration writes to /tmp, and the
// app's create-secure-container profile. Each is an upstream fact, cited where it is used; a
// container the repo says nothing about gives no evidence.
import { posix } from 'node:path';
import { listOf, mappingOf, type PodContainer, stringOf } from '../../support/kubernetes.js';
import { commandWords } from '../../support/shell.js';
import type { Repo, SourceFile } from '../../types.js';
import { baseName } from '../dockerfile/_shell.js';
import { type CommandPart, type EnvValue, type Launch, commandsRun } from './_launch.js';
import { oncePer } from '../../../util/memo.js';

/** A directory the container writes to, and how the repo shows it. */
export interface TempWrite {
  /** The directory, as the message names it and a writable volume must cover it. */
  readonly path: string;
  /** Directories the program falls back to when `path` is not writable (Python's tempfile tries several). */
  readonly fallbacks: readonly string[];
  /** The evidence, a clause for the message. */
  readonly reason: string;
}

/** Whether `path` is `parent` or below it. */
export function isWithin(path: string, parent: string): boolean {
  const p = posix.normalize(path).replace(/\/$/, '') || '/';
  const q = posix.normalize(parent).replace(/\/$/, '') || '/';
  return p === q || q === '/' || p.startsWith(`${q}/`);
}

/** A literal absolute path (no $VAR or $(VAR) the shell or the kubelet would expand). */
const isLiteralPath = (path: string | undefined): path is string => path !== undefined && path.startsWith('/') && !path.includes('$');

/**
 * Whether a container can write to a path despite a read-only root filesystem: a writable
 * volumeMount covers it, or it is in /dev/shm, which the container runtime mounts as its own
 * tmpfs (the place gunicorn's documentation suggests for --worker-tmp-dir in containers).
 */
export function writableIn(container: PodContainer): (path: string) => boolean {
  const mounts = listOf(container.data.volumeMounts)
    .map(mappingOf)
    .filter((mount) => mount.readOnly !== true)
    .flatMap((mount) => stringOf(mount.mountPath) ?? []);
  return (path) => isWithin(path, '/dev/shm') || mounts.some((mount) => isWithin(path, mount));
}

// --- gunicorn ----------------------------------------------------------------------------------

const PYTHON = /^python[0-9.]*$/;

/** gunicorn's arguments, when this command runs gunicorn (`gunicorn …` or `python -m gunicorn …`). */
function gunicornArguments(command: readonly string[]): readonly string[] | undefined {
  const program = baseName(command[0] ?? '');
  if (program === 'gunicorn') return command.slice(1);
  if (!PYTHON.test(program)) return undefined;
  const module = command.indexOf('-m');
  return module > 0 && command[module + 1] === 'gunicorn' ? command.slice(module + 2) : undefined;
}

/** The value of `--name value` or `--name=value` (or a short `-x value`), the last one winning as in argparse. */
function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name && i + 1 < args.length) value = args[i + 1];
      else if (name.startsWith('--') && arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
    }
  });
  return value;
}

const WORKER_TMP_DIR = ['--worker-tmp-dir'];
const CONFIG = ['-c', '--config'];

/** `worker_tmp_dir = ...` in a gunicorn config file: the assigned text (one line; linear). */
const WORKER_TMP_DIR_SETTING = /^[ \t]*worker_tmp_dir[ \t]*=[ \t]*([^\n]*)$/m;
const QUOTED = /^(['"])([^'"\n]*)\1/;

type WorkerTmpDir = { readonly kind: 'default' } | { readonly kind: 'set'; readonly path: string } | { readonly kind: 'unknown' };

/** The repo's files with this name that may be the container's gunicorn config (below its Dockerfile, when known). */
type ConfigFiles = (name: string) => readonly SourceFile[];

/**
 * gunicorn's worker_tmp_dir, the setting that wins first (gunicorn.org/configure, in increasing
 * priority: the config file, -c or else gunicorn.conf.py in the working directory; then
 * GUNICORN_CMD_ARGS; then the command line). A config file named but not in the repo, or a value
 * computed in Python, is unknown: it may name a writable directory.
 */
function workerTmpDir(args: readonly string[], env: ReadonlyMap<string, EnvValue>, configFiles: ConfigFiles): WorkerTmpDir {
  const fromEnv = env.get('GUNICORN_CMD_ARGS');
  if (fromEnv && fromEnv.value === undefined) return { kind: 'unknown' };
  const envArgs = fromEnv?.value ? (commandWords(`gunicorn ${fromEnv.value}`)[0]?.slice(1) ?? []) : [];
  const given = optionValue(args, WORKER_TMP_DIR) ?? optionValue(envArgs, WORKER_TMP_DIR);
  if (given !== undefined) return { kind: 'set', path: given };
  const config = optionValue(args, CONFIG) ?? optionValue(envArgs, CONFIG);
  if (config?.startsWith('python:')) return { kind: 'unknown' };
  const files = configFiles(config === undefined ? 'gunicorn.conf.py' : baseName(config));
  if (config !== undefined && files.length === 0) return { kind: 'unknown' };
  for (const file of files) {
    const setting = WORKER_TMP_DIR_SETTING.exec(file.text);
    if (!setting) continue;
    const literal = QUOTED.exec(setting[1]!.trim());
    return literal ? { kind: 'set', path: literal[2]! } : { kind: 'unknown' };
  }
  return { kind: 'default' };
}

/**
 * Python's tempfile.gettempdir() (cpython Lib/tempfile.py, _candidate_tempdir_list): TMPDIR, TEMP,
 * TMP, then /tmp, /var/tmp, /usr/tmp, then the working directory; the first it can write a file in.
 * Undefined when one of the variables is set to something the repo does not show.
 */
function pythonTempCandidates(launch: Launch): string[] | undefined {
  const declared: string[] = [];
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) {
    const variable = launch.env.get(name);
    if (!variable || variable.value === '') continue;
    if (!isLiteralPath(variable.value)) return undefined;
    declared.push(variable.value);
  }
  return [...declared, '/tmp', '/var/tmp', '/usr/tmp', ...(launch.workingDir ? [launch.workingDir] : [])];
}

/** The part of the command line that names `word`, for the message. */
function partNaming(parts: readonly CommandPart[], word: string): CommandPart | undefined {
  return parts.find((part) => part.words.some((w) => w.includes(word)));
}

/**
 * gunicorn's arbiter gives every worker a heartbeat file: WorkerTmp (gunicorn/workers/workertmp.py)
 * calls tempfile.mkstemp(dir=cfg.worker_tmp_dir), and without --worker-tmp-dir that is Python's
 * default temporary directory. A worker that cannot create it fails to boot.
 */
export function gunicornWrites(launch: Launch, configFiles: ConfigFiles): TempWrite[] {
  const argv = launch.parts.flatMap((part) => part.words);
  const args = commandsRun(argv).map(gunicornArguments).find((found) => found !== undefined);
  if (!args) return [];
  const from = partNaming(launch.parts, 'gunicorn')?.from ?? 'its command';
  const setting = workerTmpDir(args, launch.env, configFiles);
  if (setting.kind === 'unknown') return [];
  if (setting.kind === 'set') {
    if (!isLiteralPath(setting.path)) return [];
    return [{ path: setting.path, fallbacks: [], reason: `gunicorn (${from}) creates its worker heartbeat files in its worker_tmp_dir, ${setting.path}` }];
  }
  const candidates = pythonTempCandidates(launch);
  if (!candidates) return [];
  const [first, ...fallbacks] = candidates;
  return [{ path: first!, fallbacks, reason: `gunicorn (${from}) creates its worker heartbeat files in Python's temporary directory (no --worker-tmp-dir)` }];
}

// --- Spring Boot -------------------------------------------------------------------------------

/**
 * Starters that bring an embedded servlet container. Spring Boot's web server factories create a
 * directory with Files.createTempDirectory (java.io.tmpdir) at startup
 * (AbstractConfigurableWebServerFactory.createTempDir): Tomcat its base directory ("tomcat",
 * unless server.tomcat.basedir is set) and, for an executable jar, its document root
 * ("tomcat-docbase"); Jetty "jetty-docbase"; Undertow "undertow". When it fails the app stops with
 * "Unable to create tempDir. java.io.tmpdir is set to …". spring-boot-starter-webmvc is Boot 4's
 * name for spring-boot-starter-web.
 */
const EMBEDDED_SERVER_STARTER = /spring-boot-starter-(?:web|webmvc|tomcat|jetty|undertow)(?=["'<:\s)]|$)/;
const BUILD_FILES = new Set(['pom.xml', 'build.gradle', 'build.gradle.kts', 'libs.versions.toml']);
const PROJECT_ROOT_FILES = new Set(['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts']);

/** A pom.xml without its `<!-- -->` comments, found with indexOf (linear). */
function withoutXmlComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf('<!--', from);
    if (start < 0) return out + text.slice(from);
    out += text.slice(from, start);
    const end = text.indexOf('-->', start + 4);
    if (end < 0) return out;
    from = end + 3;
  }
}

/**
 * A Gradle script or version catalog without its comment lines: `//` and `#` lines, and `/* *\/`
 * blocks that start a line (a `/*` inside a string, as in "src/**\/*.java", is not a comment).
 */
function withoutCommentLines(text: string): string {
  const kept: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const code = line.trimStart();
    if (inBlock) inBlock = !line.includes('*/');
    else if (code.startsWith('/*')) inBlock = !code.includes('*/', 2);
    else if (!code.startsWith('//') && !code.startsWith('#')) kept.push(line);
  }
  return kept.join('\n');
}

/** The embedded-server starter a build file declares, comments left out (read once per file: every container of the project asks). */
const declaredStarter = oncePer((file: SourceFile): string | undefined => {
  const text = posix.basename(file.path) === 'pom.xml' ? withoutXmlComments(file.text) : withoutCommentLines(file.text);
  return EMBEDDED_SERVER_STARTER.exec(text)?.[0];
});

interface StarterDeclaration {
  readonly starter: string;
  readonly file: string;
}

/** The repo's build files and the folders that hold a project root, found once per repo. */
const projectIndex = oncePer((repo: Repo): { folders: ReadonlySet<string>; files: readonly SourceFile[] } => {
  const folders = new Set<string>();
  const files: SourceFile[] = [];
  for (const file of repo.files) {
    const name = posix.basename(file.path);
    if (PROJECT_ROOT_FILES.has(name)) folders.add(posix.dirname(file.path));
    if (BUILD_FILES.has(name)) files.push(file);
  }
  return { folders, files };
});

/**
 * The embedded-server starter of the Maven or Gradle project a Dockerfile builds: the nearest
 * folder at or above the Dockerfile with a pom.xml, build.gradle(.kts) or settings.gradle(.kts),
 * and its modules below it.
 */
function projectStarter(repo: Repo, dockerfile: string): StarterDeclaration | undefined {
  const { folders, files } = projectIndex(repo);
  let project: string | undefined;
  for (let folder = posix.dirname(dockerfile); ; folder = posix.dirname(folder)) {
    if (folders.has(folder)) {
      project = folder;
      break;
    }
    if (folder === '.' || folder === '/' || folder === '') return undefined;
  }
  for (const file of files) {
    if (project !== '.' && !file.path.startsWith(`${project}/`)) continue;
    const starter = declaredStarter(file);
    if (starter) return { starter, file: file.path };
  }
  return undefined;
}

/** Names in the base images of JVMs (eclipse-temurin, amazoncorretto, openjdk, distroless/java21, …). */
const JVM_IMAGE_WORDS = ['jdk', 'jre', 'java', 'temurin', 'corretto', 'zulu', 'liberica', 'semeru', 'sapmachine', 'graalvm'];

/** Whether the image runs a JVM: built FROM a JDK or JRE image, or its command runs java. */
function runsJvm(launch: Launch): boolean {
  const base = launch.baseImage ?? '';
  if (JVM_IMAGE_WORDS.some((word) => base.includes(word))) return true;
  return commandsRun(launch.parts.flatMap((part) => part.words)).some((command) => baseName(command[0] ?? '') === 'java');
}

/** -Djava.io.tmpdir=PATH among JVM options. */
function tmpdirOption(words: readonly string[]): string | undefined {
  const option = words.filter((word) => word.startsWith('-Djava.io.tmpdir=')).at(-1);
  return option?.slice('-Djava.io.tmpdir='.length);
}

/** Variables whose JVM options reach the JVM: the launcher reads the first two, start scripts JAVA_OPTS. */
const JVM_OPTION_VARIABLES = ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS', 'JAVA_OPTS'];

export interface DeclaredTmpdir {
  readonly path: string | undefined;
  readonly from: string;
  readonly variable?: string;
}

/**
 * -Djava.io.tmpdir as the container declares it, the command line over the variables (the JVM reads
 * JAVA_TOOL_OPTIONS first, so later options win). A variable only the cluster knows is unknown.
 */
export function declaredJavaTmpdir(launch: Launch): DeclaredTmpdir | undefined {
  for (const part of [...launch.parts].reverse()) {
    const commandOption = tmpdirOption(commandsRun(part.words).flat());
    if (commandOption !== undefined) return { path: commandOption, from: part.from };
  }
  for (const name of [...JVM_OPTION_VARIABLES].reverse()) {
    const variable = launch.env.get(name);
    if (!variable) continue;
    if (variable.value === undefined) return { path: undefined, from: variable.from, variable: name };
    const option = tmpdirOption(commandWords(`java ${variable.value}`)[0] ?? []);
    if (option !== undefined) return { path: option, from: variable.from, variable: name };
  }
  return undefined;
}

/**
 * A Spring Boot web app whose image the repo builds: the Dockerfile's project declares an
 * embedded-server starter and the image runs a JVM. It writes to java.io.tmpdir, /tmp on Linux
 * unless -Djava.io.tmpdir says otherwise (the JVM does not read TMPDIR).
 */
export function springBootWrites(repo: Repo, launch: Launch): TempWrite[] {
  if (!launch.dockerfile || !runsJvm(launch)) return [];
  const declaration = projectStarter(repo, launch.dockerfile.source.file.path);
  if (!declaration) return [];
  const declared = declaredJavaTmpdir(launch);
  if (declared && !isLiteralPath(declared.path)) return [];
  const path = declared?.path ?? '/tmp';
  return [
    {
      path,
      fallbacks: [],
      reason:
        `its image (built by ${launch.dockerfile.source.file.path}) runs a Spring Boot app with ${declaration.starter} (${declaration.file}), ` +
        `whose embedded web server creates its directories in java.io.tmpdir${declared ? ` (${path})` : ''} at startup`,
    },
  ];
}

// --- declared temporary directories ------------------------------------------------------------

/**
 * A temporary directory the container's environment points at: TMPDIR, TEMP or TMP (read by
 * Python's tempfile, Node's os.tmpdir() and C's tmpfile family), or -Djava.io.tmpdir. Whoever set
 * it expects the program to write there.
 */
export function declaredTempDirWrites(launch: Launch): TempWrite[] {
  const writes: TempWrite[] = [];
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) {
    const variable = launch.env.get(name);
    if (variable && isLiteralPath(variable.value)) writes.push({ path: variable.value, fallbacks: [], reason: `${name} is set to ${variable.value} (${variable.from})` });
  }
  const java = declaredJavaTmpdir(launch);
  if (java && isLiteralPath(java.path)) {
    const where = java.variable ? `${java.variable}, ${java.from}` : java.from;
    writes.push({ path: java.path, fallbacks: [], reason: `-Djava.io.tmpdir=${java.path} is set (${where})` });
  }
  return writes;
}

// --- images whose own configuration writes to /tmp ---------------------------------------------

interface ImageWritingTmp {
  /** registry/path of the image in each registry it is published to. */
  readonly repositories: readonly string[];
  readonly name: string;
  readonly writes: string;
  /** Files whose replacement (a volume, a COPY) replaces the configuration that writes to /tmp. */
  readonly configuration: readonly string[];
}

const IMAGES_WRITING_TMP: readonly ImageWritingTmp[] = [
  {
    // github.com/nginxinc/docker-nginx-unprivileged, README and every Dockerfile: `sed` moves the
    // pid from /var/run/nginx.pid to /tmp/nginx.pid and adds proxy_, client_body_, fastcgi_,
    // uwsgi_ and scgi_temp_path /tmp/* to /etc/nginx/nginx.conf; nginx creates them at startup.
    // Published on Docker Hub, GitHub's registry and Amazon ECR Public (the README's list).
    repositories: ['docker.io/nginxinc/nginx-unprivileged', 'ghcr.io/nginxinc/nginx-unprivileged', 'public.ecr.aws/nginx/nginx-unprivileged'],
    name: 'nginxinc/nginx-unprivileged',
    writes: 'keeps the nginx pid file and the *_temp_path directories in /tmp (its nginx.conf)',
    configuration: ['/etc/nginx/nginx.conf'],
  },
];

/** The configuration files a volume or the Dockerfile's final stage puts over the image's own. */
function replacedPaths(container: PodContainer, launch: Launch): string[] {
  const mounted = listOf(container.data.volumeMounts).flatMap((raw) => stringOf(mappingOf(raw).mountPath) ?? []);
  const model = launch.dockerfile;
  const copied = (model?.finalChain ?? []).flatMap((stage) =>
    stage.steps
      .filter((step) => step.keyword === 'COPY' || step.keyword === 'ADD')
      .flatMap((step) => {
        const destination = model!.argumentsOf(step).words.at(-1)?.value;
        return destination === undefined ? [] : [model!.resolve(destination, step)];
      }),
  );
  return [...mounted, ...copied];
}

/** An image of the table that the container runs (or its Dockerfile builds FROM), its configuration left in place. */
export function knownImageWrites(container: PodContainer, launch: Launch): TempWrite[] {
  const replaced = replacedPaths(container, launch);
  return IMAGES_WRITING_TMP.flatMap((known) => {
    const runs = [launch.image, launch.baseImage].some((image) => image !== undefined && known.repositories.includes(image));
    // A mount or COPY at the file, or at a folder above it, puts the repo's own configuration there.
    const ownConfiguration = known.configuration.some((file) => replaced.some((path) => path !== '/' && isWithin(file, path)));
    if (!runs || ownConfiguration) return [];
    const via = launch.image !== undefined && known.repositories.includes(launch.image) ? 'its image' : `the image its Dockerfile (${launch.dockerfile?.source.file.path}) builds FROM`;
    return [{ path: '/tmp', fallbacks: [], reason: `${via}, ${known.name}, ${known.writes}` }];
  });
}

// --- the repo's profile ------------------------------------------------------------------------

export const PROFILE_FILE = '.secure-container.yaml';

export interface ProfilePaths {
  readonly paths: readonly string[];
  /** The profile file, for messages. */
  readonly file: string;
}

/** The writablePaths each app's create-secure-container profile in the repo declares, by app name. */
export function profileWritablePaths(repo: Repo): ReadonlyMap<string, ProfilePaths> {
  const apps = new Map<string, ProfilePaths>();
  for (const document of repo.yaml) {
    if (posix.basename(document.file.path) !== PROFILE_FILE) continue;
    const profile = mappingOf(mappingOf(document.data).profile);
    const name = stringOf(profile.name);
    if (name && Array.isArray(profile.writablePaths)) {
      apps.set(name, { paths: profile.writablePaths.filter((path): path is string => typeof path === 'string'), file: document.file.path });
    }
  }
  return apps;
}

/** The profile's authors said the app writes to /tmp: a writable path at, above or below it. */
export function profileWrites(profile: ProfilePaths | undefined): TempWrite[] {
  return (profile?.paths ?? []).flatMap((path) => {
    if (!path.startsWith('/')) return [];
    if (isWithin('/tmp', path)) return [{ path: '/tmp', fallbacks: [], reason: `its profile (${profile!.file}) lists ${path} in writablePaths` }];
    if (isWithin(path, '/tmp')) return [{ path, fallbacks: [], reason: `its profile (${profile!.file}) lists ${path} in writablePaths` }];
    return [];
  });
}

// --- all of it ---------------------------------------------------------------------------------

/** The gunicorn config files a container may read: files of that name below its Dockerfile's folder, or anywhere without one. */
export function gunicornConfigFiles(repo: Repo, launch: Launch): ConfigFiles {
  const folder = launch.dockerfile ? posix.dirname(launch.dockerfile.source.file.path) : '.';
  return (name) => repo.files.filter((file) => posix.basename(file.path) === name && (folder === '.' || file.path.startsWith(`${folder}/`)));
}
