// A build-stage simulation: the generated Dockerfile's logic checked without Docker. Each stage
// keeps a virtual file system; COPY from the context copies the project's files, COPY --from
// copies from an earlier stage (and fails when the path is not there), and RUN steps of the known
// build tools produce what those tools are documented to produce (tsc: outDir; go build -o;
// Maven: target/<finalName or artifactId-version>.jar; Gradle: build/libs/<name>-<version>.jar,
// with Spring Boot's -plain.jar; uv/Poetry/pip: /venv with the dependencies and console scripts).
// Paths under a RUN's cache mounts vanish after the step, as in BuildKit. An unknown RUN step is
// an error, so a template change cannot pass by being ignored. The final CMD/ENTRYPOINT must name
// a file (or an importable module) that exists in the runtime stage. A build runs for one target
// architecture on one builder architecture: a stage `FROM --platform=$BUILDPLATFORM` runs on the
// builder's, and a compiled binary must be for the target's (cross-compiling Rust needs the target's
// standard library, a C linker for it and its C library, as on Debian).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Copy, DockerfileParser, From, JSONInstruction } from 'dockerfile-ast';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { runShellScript } from './build-sim-shell.js';

type Files = Map<string, string>;

interface Stage {
  readonly name?: string;
  readonly files: Files;
  workdir: string;
  env: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  image: string;
  /** The architecture the stage's commands run on (Docker's names: amd64, arm64). */
  readonly arch: Arch;
  /** ARG values the stage declared. */
  readonly args: Record<string, string>;
}

export type Arch = 'amd64' | 'arm64';
export interface Platforms {
  /** The machine that runs the build. */
  readonly build: Arch;
  /** The platform the image is for. */
  readonly target: Arch;
}
const NATIVE: Platforms = { build: 'amd64', target: 'amd64' };

/** Rust's and GNU's names for each architecture. */
const TRIPLE: Record<Arch, string> = { amd64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu' };
const GNU: Record<Arch, string> = { amd64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };
const archOfTriple = (triple: string): Arch | undefined => (Object.keys(TRIPLE) as Arch[]).find((arch) => TRIPLE[arch] === triple);
const rustlib = (triple: string) => `/usr/local/rustup/toolchains/stable/lib/rustlib/${triple}/lib/libstd.rlib`;
const APT_LISTS = '/var/lib/apt/lists/';

export class BuildFailure extends Error {
  override name = 'BuildFailure';
}

export interface SimulationResult {
  readonly stages: readonly Stage[];
  readonly runtime: Stage;
  /** The argv the container starts with (image entrypoint + CMD). */
  readonly argv: readonly string[];
  /** Every step, for failure messages. */
  readonly log: readonly string[];
}

/** Files the base images bring that the Dockerfile refers to (by the architecture they run on). */
const IMAGE_FILES: readonly [RegExp, (arch: Arch) => readonly string[]][] = [
  [/^ghcr\.io\/astral-sh\/uv:/, () => ['/uv', '/uvx']],
  [/^gcr\.io\/distroless\/nodejs\d+/, () => ['/nodejs/bin/node']],
  [/^gcr\.io\/distroless\/python3/, () => ['/usr/bin/python3.13']],
  [/^gcr\.io\/distroless\/java\d+/, () => ['/usr/bin/java']],
  // The Rust image: the toolchain with the standard library for its own architecture, and Debian's gcc.
  [/^rust:/, (arch) => ['/usr/local/cargo/bin/cargo', '/usr/local/cargo/bin/rustup', rustlib(TRIPLE[arch]), `/usr/bin/${GNU[arch]}-gcc`, `/usr/lib/${GNU[arch]}/libc.so`]],
];
/** The entrypoint an image runs when the Dockerfile sets none. */
const IMAGE_ENTRYPOINT: readonly [RegExp, string[]][] = [
  [/^gcr\.io\/distroless\/nodejs\d+/, ['/nodejs/bin/node']],
  [/^gcr\.io\/distroless\/java\d+/, ['/usr/bin/java', '-jar']],
];
/** Console scripts that dependencies install into the environment's bin/. */
const CONSOLE_SCRIPTS: Readonly<Record<string, string[]>> = { uvicorn: ['uvicorn'], gunicorn: ['gunicorn'], flask: ['flask'], fastapi: ['fastapi'] };

export function simulateBuild(dockerfile: string, contextDir: string, platforms: Platforms = NATIVE): SimulationResult {
  const context = readContext(contextDir);
  const stages: Stage[] = [];
  const log: string[] = [];
  let stage: Stage | undefined;
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof From) {
      const image = instruction.getImage() ?? '';
      const parent = stages.find((s) => s.name === image);
      const platform = instruction.getPlatformFlag()?.getValue();
      if (platform !== undefined && platform !== null && platform !== '$BUILDPLATFORM') throw new BuildFailure(`FROM --platform=${platform} is not simulated`);
      const arch = platform === '$BUILDPLATFORM' ? platforms.build : (parent?.arch ?? platforms.target);
      stage = {
        name: instruction.getBuildStage() ?? undefined,
        image: parent?.image ?? image,
        arch,
        args: {},
        files: new Map(parent?.files ?? (IMAGE_FILES.find(([re]) => re.test(image))?.[1](arch) ?? []).map((f) => [f, ''] as const)),
        workdir: parent?.workdir ?? '/',
        env: { ...(parent?.env ?? {}) },
        ...(parent?.entrypoint ? { entrypoint: parent.entrypoint } : {}),
      };
      stages.push(stage);
      log.push(`FROM ${image}${stage.name ? ` AS ${stage.name}` : ''}`);
      continue;
    }
    if (!stage) continue;
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'WORKDIR') stage.workdir = resolve(stage.workdir, args[0]!);
    else if (keyword === 'ARG') {
      const automatic: Record<string, string> = { BUILDARCH: platforms.build, TARGETARCH: platforms.target, BUILDOS: 'linux', TARGETOS: 'linux', BUILDPLATFORM: `linux/${platforms.build}`, TARGETPLATFORM: `linux/${platforms.target}` };
      for (const arg of args) {
        const [name, value] = arg.split('=', 2) as [string, string | undefined];
        const given = automatic[name] ?? value;
        if (given !== undefined) stage.args[name] = given;
      }
    }
    else if (keyword === 'ENV') {
      for (const property of (instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
        // ENV values see the stage's ARGs and earlier ENVs ($NAME, ${NAME}).
        const scope = { ...stage.args, ...stage.env };
        stage.env[property.getName()] = (property.getValue() ?? '').replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => scope[name] ?? whole);
      }
    } else if (keyword === 'COPY' && instruction instanceof Copy) {
      const from = instruction.getFromFlag()?.getValue() ?? undefined;
      const sourceFiles = from ? stageFiles(stages, from) : context;
      const words = args.filter((a) => !a.startsWith('--'));
      copy(stage, sourceFiles, words.slice(0, -1), words.at(-1)!, from !== undefined);
      log.push(`COPY ${from ? `--from=${from} ` : ''}${words.join(' ')}`);
    } else if (keyword === 'RUN') {
      const range = instruction.getRange();
      const text = dockerfile
        .slice(offsetOf(dockerfile, range.start), offsetOf(dockerfile, range.end))
        .replace(/^RUN\s+/, '')
        .replace(/\\\n/g, ' ')
        .replace(/\s+/g, ' ');
      run(stage, text, log);
    } else if (keyword === 'ENTRYPOINT' || keyword === 'CMD') {
      const words = instruction instanceof JSONInstruction ? instruction.getJSONStrings().map((s) => s.getJSONValue()) : undefined;
      if (!words) throw new BuildFailure(`${keyword} is not in exec form: the distroless runtime has no shell`);
      if (keyword === 'ENTRYPOINT') {
        stage.entrypoint = words;
        delete stage.cmd;
      } else stage.cmd = words;
    }
  }
  const runtime = stages.at(-1);
  if (!runtime) throw new BuildFailure('no stage');
  const entrypoint = runtime.entrypoint ?? IMAGE_ENTRYPOINT.find(([re]) => re.test(runtime.image))?.[1] ?? [];
  const argv = [...entrypoint, ...(runtime.cmd ?? [])];
  checkStart(runtime, argv);
  checkArchitecture(runtime, argv, platforms.target);
  checkLinks(runtime);
  return { stages, runtime, argv, log };
}

function offsetOf(text: string, position: { line: number; character: number }): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < position.line; i++) offset += lines[i]!.length + 1;
  return offset + position.character;
}

function readContext(dir: string): Files {
  const files: Files = new Map();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else files.set(`/${name}`, readFileSync(path.join(dir, name), 'utf8'));
    }
  };
  walk('');
  return files;
}

function resolve(cwd: string, p: string): string {
  return path.posix.resolve(cwd, p);
}

function stageFiles(stages: readonly Stage[], name: string): Files {
  const source = stages.find((s) => s.name === name);
  if (!source) throw new BuildFailure(`COPY --from=${name}: no such stage`);
  return source.files;
}

function exists(files: Files, p: string): boolean {
  if (files.has(p)) return true;
  const prefix = p === '/' ? '/' : `${p}/`;
  for (const key of files.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function isDir(files: Files, p: string): boolean {
  return !files.has(p) && exists(files, p);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      re += glob.slice(i, end + 1);
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The top-level names in `from` (context root or a stage path) matching a COPY source. */
function matchSources(files: Files, source: string, root: string): string[] {
  const absolute = resolve(root, source);
  if (!/[*?[]/.test(source)) return exists(files, absolute) ? [absolute] : [];
  const dir = path.posix.dirname(absolute);
  const pattern = globToRegExp(path.posix.basename(absolute));
  const names = new Set<string>();
  for (const key of files.keys()) {
    if (!key.startsWith(dir === '/' ? '/' : `${dir}/`)) continue;
    const name = key.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0]!;
    if (pattern.test(name)) names.add(path.posix.join(dir, name));
  }
  return [...names];
}

function copy(stage: Stage, from: Files, sources: readonly string[], dest: string, fromStage: boolean): void {
  const target = resolve(stage.workdir, dest);
  const many = sources.length > 1 || dest.endsWith('/');
  for (const source of sources) {
    const matches = matchSources(from, source, '/');
    const isGlob = /[*?[]/.test(source);
    if (matches.length === 0) {
      if (isGlob) continue; // BuildKit: a wildcard that matches nothing copies nothing
      throw new BuildFailure(`COPY ${fromStage ? '--from ' : ''}${source}: not found${fromStage ? ' in that stage' : ' in the build context'}`);
    }
    for (const match of matches) {
      if (isDir(from, match)) {
        // A directory's contents go into the destination (a globbed one keeps its name only as its destination says).
        const into = isGlob && !dest.endsWith('/') ? target : target;
        for (const [file, content] of from) if (file.startsWith(match === '/' ? '/' : `${match}/`)) stage.files.set(path.posix.join(into, file.slice(match.length)), content);
      } else {
        stage.files.set(many || isDir(stage.files, target) ? path.posix.join(target, path.posix.basename(match)) : target, from.get(match)!);
      }
    }
  }
}

// ---- RUN -----------------------------------------------------------------------------------

function run(stage: Stage, raw: string, log: string[]): void {
  const caches = [...raw.matchAll(/--mount=type=cache,target=(\S+)/g)].map((m) => m[1]!);
  const text = raw.replace(/--mount=\S+/g, '').trim();
  log.push(`RUN ${text}`);
  // Scripts with shell variables or substitutions run through the parsed-shell evaluator.
  if (/^set -eu\b|"\$\(cat /.test(text)) {
    runShellScript(text, {
      variables: { ...stage.args, ...stage.env },
      readFile: (p) => stage.files.get(resolve(stage.workdir, p)),
      writeFile: (p, content) => put(stage, p, content),
      runCommand: (words) => runCommand(stage, words),
      fail: (message) => {
        throw new BuildFailure(message);
      },
    });
  } else runScript(stage, text);
  for (const cache of caches) for (const file of [...stage.files.keys()]) if (file === cache || file.startsWith(`${cache}/`)) stage.files.delete(file);
}

/** A script: `a && b`, `a; b`, `if [ -f X ]; then A; else B; fi`, `if python -c '…'; then A; fi`. */
function runScript(stage: Stage, script: string): void {
  const conditional = /^if (.+?); then (.+?);(?: else (.+?);)? fi$/s.exec(script.trim());
  if (conditional) {
    if (condition(stage, conditional[1]!)) runScript(stage, conditional[2]!);
    else if (conditional[3]) runScript(stage, conditional[3]);
    return;
  }
  if (/^set -- \$\(find /.test(script.trim())) return selectJar(stage, script);
  for (const step of splitSteps(script)) runStep(stage, step.trim());
}

function splitSteps(script: string): string[] {
  const steps: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current += c;
    } else if (script.startsWith('&&', i)) {
      steps.push(current);
      current = '';
      i++;
    } else current += c;
  }
  steps.push(current);
  return steps.filter((s) => s.trim() !== '');
}

function condition(stage: Stage, test: string): boolean {
  const file = /^\[ -[fx] (\S+) \]$/.exec(test.trim());
  if (file) return stage.files.has(resolve(stage.workdir, file[1]!));
  const python = /^python -c '(.+)'$/s.exec(test.trim());
  if (python) return runPythonCheck(stage, python[1]!);
  throw new BuildFailure(`unknown condition: ${test}`);
}

/** Runs the generated Python check for real, in a folder holding the stage's working directory. */
function runPythonCheck(stage: Stage, code: string): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'csc-sim-'));
  try {
    for (const [file, content] of stage.files) {
      if (!file.startsWith(`${stage.workdir}/`)) continue;
      const target = path.join(dir, file.slice(stage.workdir.length + 1));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    const result = spawnSync('python3', ['-c', code], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
    if (result.status !== 0 && result.status !== 1) throw new BuildFailure(`the Python check failed: ${result.stderr}`);
    return result.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function read(stage: Stage, relative: string): string {
  const p = resolve(stage.workdir, relative);
  const content = stage.files.get(p);
  if (content === undefined) throw new BuildFailure(`${p} is needed but not in the stage`);
  return content;
}

function put(stage: Stage, p: string, content = ''): void {
  stage.files.set(resolve(stage.workdir, p), content);
}

function runStep(stage: Stage, step: string): void {
  const words = step.split(/\s+/);
  const [tool] = words;
  if (/^(corepack enable|mkdir -p|ln -sf|npm run build --if-present|pnpm run --if-present build)/.test(step)) {
    if (step.startsWith('npm run build') || step.startsWith('pnpm run')) return nodeBuild(stage);
    if (step.startsWith('ln -sf')) {
      if (!exists(stage.files, path.posix.dirname(words[3]!))) throw new BuildFailure(`ln: ${path.posix.dirname(words[3]!)} does not exist`);
      put(stage, words[3]!);
    }
    return;
  }
  if (step.startsWith('sed -i ')) {
    const file = words.at(-1)!;
    if (!stage.files.has(resolve(stage.workdir, file))) throw new BuildFailure(`sed: ${file}: no such file`);
    return;
  }
  if (step === 'rm -rf node_modules') {
    for (const file of [...stage.files.keys()]) if (file.startsWith(resolve(stage.workdir, 'node_modules/'))) stage.files.delete(file);
    return;
  }
  if (/^npm ci\b/.test(step)) {
    read(stage, 'package.json');
    read(stage, 'package-lock.json');
    return installNodeModules(stage, !step.includes('--omit=dev'));
  }
  if (/^pnpm install\b/.test(step)) {
    read(stage, 'package.json');
    installNodeModules(stage, !step.includes('--prod'));
    return linkWorkspacePackages(stage, read(stage, 'pnpm-lock.yaml'));
  }
  if (tool === 'go') return goStep(stage, words);
  if (/^(?:sh \.\/mvnw|mvn) /.test(step)) return maven(stage, step);
  if (/^(?:sh \.\/gradlew|gradle) /.test(step)) return gradle(stage);
  if (/^cargo build /.test(step)) return cargo(stage, words);
  if (tool === 'apt-get') return aptGet(stage, words);
  if (/^cp /.test(step)) {
    const [, from, to] = words;
    const content = stage.files.get(resolve(stage.workdir, from!));
    if (content === undefined) throw new BuildFailure(`cp: ${from}: no such file`);
    return put(stage, to!, content);
  }
  if (/^python -m venv /.test(step)) {
    put(stage, `${words[3]}/pyvenv.cfg`, 'home = /usr/local/bin');
    return put(stage, `${words[3]}/bin/python`);
  }
  if (/^\/opt\/poetry\/bin\/pip install .*"poetry==/.test(step)) return put(stage, '/opt/poetry/bin/poetry');
  if (/^pip install .*--requirement requirements\.txt/.test(step)) {
    if (!stage.files.has('/venv/bin/python')) throw new BuildFailure('pip: no virtual environment at /venv');
    return installPython(stage, requirementNames(read(stage, 'requirements.txt')), false);
  }
  if (/^\/opt\/poetry\/bin\/poetry install /.test(step)) return poetry(stage, step);
  if (/^uv sync /.test(step)) return uv(stage, step);
  throw new BuildFailure(`unknown RUN step: ${step}`);
}

// ---- Node ----------------------------------------------------------------------------------

function installNodeModules(stage: Stage, dev: boolean): void {
  const pkg = JSON.parse(read(stage, 'package.json')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const names = Object.keys({ ...pkg.dependencies, ...(dev ? pkg.devDependencies : {}) });
  put(stage, 'node_modules/.package-lock.json', '{}');
  for (const name of names) put(stage, `node_modules/${name}/package.json`, '{}');
}

const LINK = '\u0000link:';

/**
 * pnpm links a workspace dependency (`link:packages/money` in the lockfile) as a symbolic link into
 * node_modules; the link is copied as it is, so its target must exist where the app runs.
 */
function linkWorkspacePackages(stage: Stage, lockfile: string): void {
  const importer = (parseYaml(lockfile) as { importers?: Record<string, { dependencies?: Record<string, { version?: string }> }> }).importers?.['.'];
  for (const [name, dependency] of Object.entries(importer?.dependencies ?? {})) {
    const target = /^link:(.+)$/.exec(dependency.version ?? '')?.[1];
    if (target) stage.files.set(resolve(stage.workdir, `node_modules/${name}`), `${LINK}${resolve(stage.workdir, target)}`);
  }
}

/** Every link under the runtime's node_modules must point at something the runtime stage has. */
function checkLinks(runtime: Stage): void {
  for (const [file, content] of runtime.files) {
    if (!content.startsWith(LINK)) continue;
    const target = content.slice(LINK.length);
    if (!exists(runtime.files, path.posix.join(target, 'package.json'))) throw new BuildFailure(`${file} links to ${target}, which is not in the runtime stage`);
  }
}

/** `npm run build`: tsc writes each .ts under rootDir to outDir as .js; no build script: nothing. */
function nodeBuild(stage: Stage): void {
  const pkg = JSON.parse(read(stage, 'package.json')) as { scripts?: Record<string, string> };
  const build = pkg.scripts?.build;
  if (!build) return;
  if (!/^tsc(?:\s+-p\s+(\S+))?$/.test(build)) throw new BuildFailure(`unknown build script: ${build}`);
  if (!stage.files.has(resolve(stage.workdir, 'node_modules/typescript/package.json'))) throw new BuildFailure('tsc: typescript is not installed (dev dependencies missing)');
  const configFile = /-p\s+(\S+)/.exec(build)?.[1] ?? 'tsconfig.json';
  const config = JSON.parse(read(stage, configFile)) as { compilerOptions?: { outDir?: string; rootDir?: string } };
  const outDir = resolve(stage.workdir, config.compilerOptions?.outDir ?? '.');
  const rootDir = resolve(stage.workdir, config.compilerOptions?.rootDir ?? '.');
  for (const file of [...stage.files.keys()]) {
    if (!file.startsWith(`${rootDir}/`) || !/\.m?ts$/.test(file) || file.endsWith('.d.ts') || file.includes('/node_modules/')) continue;
    stage.files.set(path.posix.join(outDir, file.slice(rootDir.length + 1).replace(/\.(m?)ts$/, '.$1js')), '');
  }
}

// ---- Go ------------------------------------------------------------------------------------

function goStep(stage: Stage, words: string[]): void {
  read(stage, 'go.mod');
  if (words[1] === 'mod' && words[2] === 'download') return;
  if (words[1] !== 'build') throw new BuildFailure(`unknown go command: ${words.join(' ')}`);
  const out = words[words.indexOf('-o') + 1]!;
  const pkg = resolve(stage.workdir, words.at(-1)!);
  const main = [...stage.files].find(([file, content]) => path.posix.dirname(file) === pkg && file.endsWith('.go') && /^package main\b/m.test(content));
  if (!main) throw new BuildFailure(`go build: no main package in ${pkg}`);
  // GOARCH (set from TARGETARCH) picks the architecture the binary is for; else the stage's own.
  const arch = stage.env.GOARCH ?? stage.arch;
  if (arch !== 'amd64' && arch !== 'arm64') throw new BuildFailure(`go build: GOARCH=${arch} is not simulated`);
  if (stage.env.CGO_ENABLED !== '0' && arch !== stage.arch) throw new BuildFailure('go build: cross-compiling with cgo needs a C cross compiler');
  put(stage, out, `elf:${arch}`);
}

// ---- Java ----------------------------------------------------------------------------------

function maven(stage: Stage, step: string): void {
  if (step.startsWith('sh ./mvnw')) read(stage, 'mvnw');
  const pom = read(stage, 'pom.xml');
  if (!/\bpackage\b/.test(step)) return;
  const own = pom.replace(/<(parent|dependencies|dependencyManagement|plugins|profiles)>[\s\S]*?<\/\1>/g, '');
  const artifactId = /<artifactId>([^<]+)<\/artifactId>/.exec(own)?.[1];
  const version = /<version>([^<]+)<\/version>/.exec(own)?.[1];
  const finalName = /<finalName>([^<]+)<\/finalName>/.exec(pom)?.[1];
  const name = finalName ?? `${artifactId}-${version}`;
  put(stage, `target/${name}.jar`, 'jar');
  // spring-boot-maven-plugin's repackage keeps the plain jar as <name>.jar.original.
  if (pom.includes('spring-boot-maven-plugin')) put(stage, `target/${name}.jar.original`, 'jar');
}

function gradle(stage: Stage): void {
  const build = stage.files.get(resolve(stage.workdir, 'build.gradle.kts')) ?? read(stage, 'build.gradle');
  const settings = stage.files.get(resolve(stage.workdir, 'settings.gradle.kts')) ?? stage.files.get(resolve(stage.workdir, 'settings.gradle')) ?? '';
  const name = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(settings)?.[1] ?? path.posix.basename(stage.workdir);
  const version = /^version\s*=\s*["']([^"']+)["']/m.exec(build)?.[1];
  const base = version ? `${name}-${version}` : name;
  put(stage, `build/libs/${base}.jar`, 'jar');
  if (build.includes('org.springframework.boot')) put(stage, `build/libs/${base}-plain.jar`, 'jar');
}

/** The template's jar selection: find in DIR with -name and ! -name patterns, exactly one, then cp "$1" DEST. */
function selectJar(stage: Stage, script: string): void {
  const find = /find (\S+) -maxdepth 1 -type f -name '([^']+)'((?:\s+! -name '[^']+')*)/.exec(script);
  const dest = /cp "\$1" (\S+)$/.exec(script.trim())?.[1];
  if (!find || !dest) throw new BuildFailure(`unknown jar selection: ${script}`);
  const dir = resolve(stage.workdir, find[1]!);
  const include = globToRegExp(find[2]!);
  const excludes = [...find[3]!.matchAll(/! -name '([^']+)'/g)].map((m) => globToRegExp(m[1]!));
  const jars = [...stage.files.keys()].filter((file) => path.posix.dirname(file) === dir).map((file) => path.posix.basename(file));
  const chosen = jars.filter((name) => include.test(name) && !excludes.some((re) => re.test(name)));
  if (chosen.length !== 1) throw new BuildFailure(`expected one runnable jar in ${dir}, found ${chosen.length}: ${chosen.join(' ')}`);
  stage.files.set(resolve(stage.workdir, dest), stage.files.get(path.posix.join(dir, chosen[0]!))!);
}

// ---- Rust ----------------------------------------------------------------------------------

function cargo(stage: Stage, words: readonly string[]): void {
  const manifest = parseToml(read(stage, 'Cargo.toml')) as { package?: { name?: string }; bin?: { name?: string }[] };
  if (words.includes('--locked')) read(stage, 'Cargo.lock');
  const bin = words[words.indexOf('--bin') + 1]!;
  const bins = [manifest.package?.name, ...(manifest.bin ?? []).map((b) => b.name)];
  if (!bins.includes(bin)) throw new BuildFailure(`cargo: no bin target named ${bin}`);
  const triple = words.includes('--target') ? words[words.indexOf('--target') + 1]! : TRIPLE[stage.arch];
  const arch = archOfTriple(triple);
  if (!arch) throw new BuildFailure(`cargo: target ${triple} is not simulated`);
  if (!stage.files.has(rustlib(triple))) throw new BuildFailure(`cargo: can't find crate for \`std\`: the ${triple} target may not be installed (rustup target add ${triple})`);
  // rustc links through the C compiler Cargo is told to use for the target (cc by default: the builder's own).
  const linker = stage.env[`CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_LINKER`] ?? 'cc';
  const linkerArch = linker === 'cc' ? stage.arch : (Object.keys(GNU) as Arch[]).find((a) => linker === `${GNU[a]}-gcc`);
  if (linker !== 'cc' && !stage.files.has(`/usr/bin/${linker}`)) throw new BuildFailure(`cargo: linker \`${linker}\` not found`);
  if (linkerArch !== arch) throw new BuildFailure(`cargo: linking for ${triple} with ${linker}, a linker for ${linkerArch ?? 'another architecture'}`);
  if (arch !== stage.arch && !stage.files.has(`/usr/${GNU[arch]}/lib/libc.so`)) throw new BuildFailure(`cargo: the ${GNU[arch]} C library is missing (libc6-dev-${arch}-cross)`);
  put(stage, words.includes('--target') ? `target/${triple}/release/${bin}` : `target/release/${bin}`, `elf:${arch}`);
}

/** Debian's apt in a build stage: the package lists must be fetched in the same image first. */
function aptGet(stage: Stage, words: readonly string[]): void {
  if (words[1] === 'update') return put(stage, `${APT_LISTS}ready`);
  if (words[1] !== 'install') throw new BuildFailure(`apt-get ${words[1]} is not simulated`);
  if (!stage.files.has(`${APT_LISTS}ready`)) throw new BuildFailure('apt-get install: Unable to locate package (no package lists: run apt-get update first)');
  for (const name of words.slice(2).filter((w) => !w.startsWith('-'))) {
    const crossGcc = /^gcc-(x86-64|aarch64)-linux-gnu$/.exec(name);
    const crossLibc = /^libc6-dev-(amd64|arm64)-cross$/.exec(name);
    if (crossGcc) {
      const arch: Arch = crossGcc[1] === 'aarch64' ? 'arm64' : 'amd64';
      // Debian builds the cross compilers for the other architectures only.
      if (arch === stage.arch) throw new BuildFailure(`apt-get install: Unable to locate package ${name} on ${stage.arch}`);
      put(stage, `/usr/bin/${GNU[arch]}-gcc`, 'gcc');
    } else if (crossLibc) put(stage, `/usr/${GNU[crossLibc[1] as Arch]}/lib/libc.so`);
    else throw new BuildFailure(`apt-get install ${name}: not simulated`);
  }
}

function rustup(stage: Stage, words: readonly string[]): void {
  if (words[1] !== 'target' || words[2] !== 'add') throw new BuildFailure(`rustup ${words.slice(1).join(' ')} is not simulated`);
  for (const triple of words.slice(3)) {
    if (!archOfTriple(triple)) throw new BuildFailure(`rustup: target ${triple} is not simulated`);
    put(stage, rustlib(triple));
  }
}

/** The started program, when it is a binary built here, must be for the image's architecture. */
function checkArchitecture(runtime: Stage, argv: readonly string[], target: Arch): void {
  const content = runtime.files.get(argv[0]!);
  const built = content?.startsWith('elf:') ? content.slice(4) : undefined;
  if (built && built !== target) throw new BuildFailure(`${argv[0]} is built for ${built}, but the image is for ${target}: exec format error`);
}

/** One simple command from the parsed-shell evaluator. */
function runCommand(stage: Stage, words: readonly string[]): void {
  const [tool] = words;
  if (tool === 'apt-get') return aptGet(stage, words);
  if (tool === 'rustup') return rustup(stage, words);
  if (tool === 'cargo' && words[1] === 'build') return cargo(stage, words);
  if (tool === 'rm' && words[1] === '-rf') {
    for (const target of words.slice(2)) {
      const prefix = target.endsWith('/*') ? resolve(stage.workdir, target.slice(0, -1)) : resolve(stage.workdir, target);
      for (const file of [...stage.files.keys()]) if (file === prefix || file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) stage.files.delete(file);
    }
    return;
  }
  runStep(stage, words.join(' '));
}

// ---- Python --------------------------------------------------------------------------------

function requirementNames(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('-'))
    .map((line) => normalize(/^[A-Za-z0-9._-]+/.exec(line)![0]));
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

interface PyProject {
  project?: { name?: string; dependencies?: string[]; scripts?: Record<string, string> };
  tool?: { poetry?: { name?: string; packages?: unknown; 'package-mode'?: boolean; dependencies?: Record<string, unknown>; scripts?: Record<string, string> } };
  'build-system'?: unknown;
}

function pyproject(stage: Stage): PyProject {
  return parseToml(read(stage, 'pyproject.toml')) as PyProject;
}

function dependencyNames(project: PyProject): string[] {
  const pep621 = (project.project?.dependencies ?? []).map((d) => /^[A-Za-z0-9._-]+/.exec(d)![0]);
  const poetry = Object.keys(project.tool?.poetry?.dependencies ?? {}).filter((d) => d !== 'python');
  return [...pep621, ...poetry].map(normalize);
}

function installPython(stage: Stage, names: readonly string[], project: PyProject | false): void {
  for (const name of names) {
    put(stage, `/venv/lib/python3.13/site-packages/${name}/__init__.py`);
    for (const script of CONSOLE_SCRIPTS[name] ?? []) put(stage, `/venv/bin/${script}`, '#!/venv/bin/python');
  }
  if (project) {
    for (const script of Object.keys({ ...project.project?.scripts, ...project.tool?.poetry?.scripts })) put(stage, `/venv/bin/${script}`, '#!/venv/bin/python');
  }
}

/** Poetry's own rule for the project itself: a package named after it at the root or in src/, or `packages`. */
function poetryProjectIsPackage(stage: Stage, project: PyProject): boolean {
  if (project.tool?.poetry?.['package-mode'] === false) return false;
  if (project.tool?.poetry?.packages) return true;
  const name = normalize(project.project?.name ?? project.tool?.poetry?.name ?? '');
  return ['', 'src/'].some((dir) => exists(stage.files, resolve(stage.workdir, `${dir}${name}`)) || stage.files.has(resolve(stage.workdir, `${dir}${name}.py`)));
}

function poetry(stage: Stage, step: string): void {
  read(stage, 'poetry.lock');
  const project = pyproject(stage);
  if (!stage.files.has('/venv/bin/python')) throw new BuildFailure('poetry: no virtual environment at /venv');
  const onlyRoot = step.includes('--only-root');
  if (!onlyRoot) installPython(stage, dependencyNames(project), false);
  if (step.includes('--no-root')) return;
  if (project.tool?.poetry?.['package-mode'] === false) return;
  if (!poetryProjectIsPackage(stage, project)) {
    throw new BuildFailure(`poetry install: The current project could not be installed: No file/folder found for package ${project.project?.name ?? project.tool?.poetry?.name}`);
  }
  installPython(stage, [], project);
}

function uv(stage: Stage, step: string): void {
  read(stage, 'uv.lock');
  const project = pyproject(stage);
  if (!stage.files.has('/usr/local/bin/uv')) throw new BuildFailure('uv: not in the stage');
  put(stage, '/venv/bin/python');
  put(stage, '/venv/pyvenv.cfg', 'home = /usr/local/bin');
  installPython(stage, dependencyNames(project), false);
  // Without a build system uv treats the project as virtual: nothing of it is installed.
  if (!step.includes('--no-install-project') && project['build-system']) installPython(stage, [], project);
}

// ---- Start ---------------------------------------------------------------------------------

function checkStart(runtime: Stage, argv: readonly string[]): void {
  if (argv.length === 0) throw new BuildFailure('the runtime stage starts nothing');
  const at = (p: string) => resolve(runtime.workdir, p);
  const [program, ...rest] = argv;
  if (!runtime.files.has(program!)) throw new BuildFailure(`the program ${program} is not in the runtime stage`);
  if (program === '/nodejs/bin/node' || (program === '/usr/bin/java' && rest[0] === '-jar')) {
    const file = program === '/usr/bin/java' ? rest[1] : rest[0];
    if (!file || !runtime.files.has(at(file))) throw new BuildFailure(`${file} is not in the runtime stage (workdir ${runtime.workdir})`);
    return;
  }
  if (/\/python3(\.\d+)?$/.test(program!)) {
    if (rest[0] === '-m') return checkModule(runtime, rest[1]!, rest.slice(2));
    if (!rest[0] || !runtime.files.has(at(rest[0]))) throw new BuildFailure(`${rest[0]} is not in the runtime stage (workdir ${runtime.workdir})`);
  }
}

/** A module the interpreter can import: from the working directory or the environment. */
function importable(runtime: Stage, module: string): boolean {
  const rel = module.replace(/\./g, '/');
  const places = [runtime.workdir, '/venv/lib/python3.13/site-packages'];
  return places.some((dir) => runtime.files.has(path.posix.join(dir, `${rel}.py`)) || exists(runtime.files, path.posix.join(dir, rel)));
}

function checkModule(runtime: Stage, module: string, args: readonly string[]): void {
  if (!importable(runtime, module)) throw new BuildFailure(`python -m ${module}: the module is not in the runtime stage`);
  // A server's app argument (module:attribute) must be importable from the working directory too.
  if (['uvicorn', 'gunicorn', 'hypercorn'].includes(module)) {
    const app = args.find((a) => /^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$/.test(a));
    if (!app) throw new BuildFailure(`${module}: no app given (module:attribute)`);
    if (!importable(runtime, app.split(':')[0]!)) throw new BuildFailure(`${module}: the app module ${app.split(':')[0]} is not in the runtime stage`);
  }
}
