// The generated Dockerfile and .dockerignore, for every profile of the test matrix and for every
// language × build tool × runtime version: parsed with dockerfile-ast and held to what the
// templates promise (multi-stage, exact builder tags, distroless non-root runtime without RUN,
// exec-form start, the profile's port, cache-friendly order, a context without secrets that
// still holds everything the build copies).
import { Copy, DockerfileParser, From, type Instruction, JSONInstruction, ModifiableInstruction } from 'dockerfile-ast';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/generate/plan.js';
import { buildView, type View } from '../../src/generate/view.js';
import { CATALOGUE, LANGUAGES, type Language, NONROOT_UID } from '../../src/profile/catalogue.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

// ---------------------------------------------------------------------------------------------
// Reading a Dockerfile

interface Stage {
  readonly name: string | undefined;
  readonly image: string;
  /** The stage's instructions after its FROM. */
  readonly instructions: readonly Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: { name: string | undefined; image: string; instructions: Instruction[] }[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction instanceof From) {
      stages.push({ name: instruction.getBuildStage() ?? undefined, image: instruction.getImage() ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function flagValue(instruction: Instruction, name: string): string | undefined {
  if (!(instruction instanceof ModifiableInstruction)) return undefined;
  return instruction.getFlags().find((flag) => flag.getName() === name)?.getValue() ?? undefined;
}

function flagValues(instruction: Instruction, name: string): string[] {
  if (!(instruction instanceof ModifiableInstruction)) return [];
  return instruction.getFlags().flatMap((flag) => (flag.getName() === name && flag.getValue() ? [flag.getValue()!] : []));
}

/** COPY sources and destination, flags left out. */
function copyParts(copy: Instruction): { sources: string[]; destination: string } {
  const args = copy.getArguments().map((arg) => arg.getValue());
  return { sources: args.slice(0, -1), destination: args.at(-1) ?? '' };
}

/** The JSON array of an exec-form CMD or ENTRYPOINT; undefined for the shell form. */
function execForm(instruction: Instruction): string[] | undefined {
  const raw = instruction.getRawArgumentsContent()?.trim() ?? '';
  if (!(instruction instanceof JSONInstruction) || !raw.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const keyword = (instruction: Instruction) => instruction.getKeyword().toUpperCase();
const ofKind = (stage: Stage, kind: string) => stage.instructions.filter((instruction) => keyword(instruction) === kind);

// ---------------------------------------------------------------------------------------------
// The rules every generated Dockerfile keeps

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
const SYNTAX_LINE = '# syntax=docker/dockerfile:1';
const DISTROLESS_NONROOT = /^gcr\.io\/distroless\/[a-z0-9]+-debian13:nonroot$/;
const PATCH_VERSION = /(^|[^0-9.])\d+\.\d+\.\d+([^0-9.]|$)/;
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

interface Expected {
  readonly builderImage: string;
  readonly runtimeImage: string;
  readonly port: number;
  readonly uid: number;
}

/** Every broken promise as one line; an empty list means the Dockerfile keeps them all. */
function dockerfileProblems(text: string, expected: Expected): string[] {
  const problems: string[] = [];
  const dockerfile = DockerfileParser.parse(text);

  if (text.split('\n')[0] !== SYNTAX_LINE) problems.push(`first line is not "${SYNTAX_LINE}"`);
  const directives = dockerfile.getDirectives().map((d) => `${d.getName()}=${d.getValue()}`);
  if (directives.join() !== 'syntax=docker/dockerfile:1') problems.push(`parser directives are [${directives.join(', ')}]`);
  if (/\{\{|\}\}|undefined|\[object Object\]/.test(text)) problems.push('template residue in the output');

  const instructions = dockerfile.getInstructions();
  if (instructions[0] && keyword(instructions[0]) !== 'FROM') problems.push(`starts with ${keyword(instructions[0])}, not FROM`);
  for (const instruction of instructions) {
    const line = instruction.getRange().start.line + 1;
    if (!KEYWORDS.has(keyword(instruction))) problems.push(`line ${line}: unknown instruction ${instruction.getKeyword()}`);
    if (!instruction.getRawArgumentsContent()?.trim()) problems.push(`line ${line}: ${keyword(instruction)} without arguments`);
  }

  const stages = stagesOf(text);
  if (stages.length < 2) problems.push(`${stages.length} stage(s): a multi-stage build needs a builder and a runtime`);
  const final = stages.at(-1);
  if (!final) return problems;

  stages.forEach((stage, index) => {
    const earlier = stages.slice(0, index).map((s) => s.name);
    const isFinal = index === stages.length - 1;
    if (!isFinal && !earlier.includes(stage.image)) problems.push(...builderImageProblems(stage.image, expected));
    let pipefail = false;
    for (const instruction of stage.instructions) {
      const line = instruction.getRange().start.line + 1;
      const kind = keyword(instruction);
      if (kind === 'ADD') problems.push(`line ${line}: ADD (use COPY)`);
      if (kind === 'LABEL' && instruction.getArguments().some((arg) => !arg.getValue().includes('='))) {
        problems.push(`line ${line}: LABEL argument without key=value`);
      }
      if (kind === 'SHELL' && /pipefail/.test(instruction.getRawArgumentsContent() ?? '')) pipefail = true;
      if (kind === 'RUN' && pipesOutsideQuotes(instruction.getRawArgumentsContent() ?? '') && !pipefail) {
        problems.push(`line ${line}: RUN pipes without SHELL ["/bin/bash","-o","pipefail","-c"]`);
      }
      if (kind === 'ARG' || kind === 'ENV') {
        for (const arg of instruction.getArguments()) {
          const name = arg.getValue().split('=')[0]!;
          if (SECRET_NAME.test(name)) problems.push(`line ${line}: ${kind} ${name} looks like a secret`);
        }
      }
      const from = instruction instanceof Copy ? flagValue(instruction, 'from') : undefined;
      if (from !== undefined && !earlier.includes(from)) problems.push(`line ${line}: COPY --from=${from} names no earlier stage`);
    }
  });

  if (!stages.slice(0, -1).some((stage) => stage.image === expected.builderImage)) {
    problems.push(`no stage is built on ${expected.builderImage}`);
  }
  if (final.image !== expected.runtimeImage) problems.push(`final stage is ${final.image}, not ${expected.runtimeImage}`);
  if (!DISTROLESS_NONROOT.test(final.image)) problems.push(`final stage ${final.image} is not a distroless debian13 :nonroot image`);
  if (ofKind(final, 'RUN').length > 0) problems.push('RUN in the final stage (it has no shell)');
  const user = ofKind(final, 'USER').at(-1)?.getArgumentsContent();
  if (user !== `${expected.uid}:${expected.uid}` && user !== String(expected.uid)) problems.push(`final USER is ${user ?? 'missing'}`);
  for (const copy of ofKind(final, 'COPY')) {
    if (flagValue(copy, 'chown') !== undefined || flagValue(copy, 'chmod') !== undefined) {
      problems.push(`line ${copy.getRange().start.line + 1}: COPY hands the app's files to another owner or mode`);
    }
  }
  const starts = [...ofKind(final, 'CMD'), ...ofKind(final, 'ENTRYPOINT')];
  if (starts.length === 0) problems.push('final stage has neither CMD nor ENTRYPOINT');
  for (const start of starts) {
    if (!execForm(start)) problems.push(`line ${start.getRange().start.line + 1}: ${keyword(start)} is not in exec (JSON) form`);
  }
  const exposed = ofKind(final, 'EXPOSE').map((expose) => expose.getArgumentsContent());
  if (exposed.join() !== String(expected.port)) problems.push(`EXPOSE is [${exposed.join(', ')}], not ${expected.port}`);
  return problems;
}

/** A `|` pipe in a shell script, not counting `||` or text inside quotes. */
function pipesOutsideQuotes(script: string): boolean {
  return /(^|[^|])\|(?!\|)/.test(script.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, ''));
}

function builderImageProblems(image: string, expected: Expected): string[] {
  const tag = /:([^:/@]+)(@|$)/.exec(image)?.[1];
  if (!tag) return [`builder ${image} has no tag`];
  if (tag === 'latest') return [`builder ${image} uses latest`];
  if (image !== expected.builderImage && !PATCH_VERSION.test(tag)) return [`builder ${image} is not an exact version`];
  return [];
}

// ---------------------------------------------------------------------------------------------
// What each build tool installs first, before the sources arrive

interface DependencyStep {
  /** Copied before the sources; undefined where the tool cannot resolve without them. */
  readonly manifest: string | undefined;
  readonly install: RegExp;
  /** The install keeps its downloads in a BuildKit cache mount. */
  readonly cacheMount: boolean;
}

const DEPENDENCY_STEPS: Readonly<Record<string, DependencyStep>> = {
  npm: { manifest: 'package-lock.json', install: /\bnpm ci --omit=dev\b/, cacheMount: true },
  pnpm: { manifest: 'pnpm-lock.yaml', install: /\bpnpm install --frozen-lockfile --prod\b/, cacheMount: true },
  yarn: { manifest: 'yarn.lock', install: /\byarn install --immutable\b/, cacheMount: true },
  pip: { manifest: 'requirements.txt', install: /\bpip install --no-cache-dir\b/, cacheMount: false },
  poetry: { manifest: 'poetry.lock', install: /\bpoetry install --only main --no-root\b/, cacheMount: true },
  uv: { manifest: 'uv.lock', install: /\buv sync --locked --no-dev --no-install-project\b/, cacheMount: true },
  go: { manifest: 'go.mod', install: /\bgo mod download\b/, cacheMount: true },
  maven: { manifest: 'pom.xml', install: /\bmvn\b.*\bdependency:go-offline\b/, cacheMount: true },
  gradle: { manifest: undefined, install: /\bgradle\b.*\bassemble\b/, cacheMount: true },
  cargo: { manifest: undefined, install: /\bcargo build --release --locked\b/, cacheMount: true },
};

/** Where in a stage the manifest is copied, the dependencies installed and the sources copied. */
function dependencyOrder(stage: Stage, step: DependencyStep) {
  const at = (predicate: (instruction: Instruction) => boolean) => stage.instructions.findIndex(predicate);
  const isContextCopy = (instruction: Instruction) => instruction instanceof Copy && flagValue(instruction, 'from') === undefined;
  const install = at((i) => keyword(i) === 'RUN' && step.install.test(i.getRawArgumentsContent() ?? ''));
  return {
    manifest: step.manifest ? at((i) => isContextCopy(i) && copyParts(i).sources.includes(step.manifest!)) : -1,
    install,
    sources: at((i) => isContextCopy(i) && copyParts(i).sources.includes('.')),
    cacheMount: install >= 0 && flagValues(stage.instructions[install]!, 'mount').some((mount) => mount.startsWith('type=cache')),
  };
}

// ---------------------------------------------------------------------------------------------
// The build context: what .dockerignore keeps out and what must stay in

/** Files a project of this kind typically holds and the build needs (beyond the COPY sources). */
const PROJECT_FILES: Readonly<Record<Language, readonly string[]>> = {
  node: ['src/server.js', 'dist/server.js', 'tsconfig.json', 'README.md', '.yarnrc.yml', '.yarn/releases/yarn-4.5.3.cjs', '.yarn/patches/left-pad.patch'],
  python: ['app.py', 'reports/__init__.py', 'src/reports/main.py', 'README.md'],
  go: ['main.go', 'cmd/gateway/main.go', 'internal/server/server.go', 'vendor/modules.txt'],
  java: ['src/main/java/com/acme/App.java', 'src/main/resources/application.yml', '.mvn/extensions.xml', 'settings.gradle.kts', 'gradle/libs.versions.toml'],
  rust: ['src/main.rs', 'src/bin/server.rs', 'build.rs', '.cargo/config.toml'],
};

/** Local dependency folders and build outputs the image rebuilds, by build tool. */
const LOCAL_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  npm: ['node_modules/left-pad/index.js', 'packages/web/node_modules/x/index.js'],
  pnpm: ['node_modules/.pnpm/lock.yaml', '.pnpm-store/v3/files/00/ab'],
  yarn: ['node_modules/left-pad/index.js', '.yarn/cache/left-pad.zip', '.yarn/install-state.gz'],
  pip: ['.venv/bin/python', '__pycache__/app.cpython-313.pyc'],
  poetry: ['.venv/bin/python', 'reports/__pycache__/main.cpython-313.pyc'],
  uv: ['.venv/bin/python', 'src/reports/__pycache__/main.cpython-313.pyc'],
  go: ['server.test'],
  maven: ['target/app.jar', 'module/target/classes/App.class'],
  gradle: ['build/libs/app.jar', '.gradle/8.14/checksums/checksums.lock'],
  cargo: ['target/release/app', 'target/debug/deps/app.d'],
};

/** What must never reach the builder, whatever the language. */
const SECRETS_AND_DEPLOYMENT = [
  '.git', '.git/config', '.env', '.env.production', 'config/.env.local', 'id_rsa', 'deploy/id_ed25519',
  'tls/server.key', 'certs/client.pem', 'keystore.p12', '.npmrc', '.netrc', '.secure-container.yaml',
  'k8s/deployment.yaml', 'Dockerfile',
];

/** A COPY source as a path that exists: globs resolved to what they stand for (go.sum*, .yar[n]). */
function concretePath(source: string): string | undefined {
  const path = source.replace(/\[(.)\]/g, '$1').replace(/\*/g, '').replace(/^\.\//, '').replace(/\/+$/, '');
  return path === '' || path === '.' ? undefined : path;
}

/** Paths the build needs from the context that .dockerignore would keep out. */
function neededButIgnored(dockerfile: string, dockerignore: string, view: View): string[] {
  const ignored = ignore().add(dockerignore);
  const copied = stagesOf(dockerfile)
    .flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction instanceof Copy && flagValue(instruction, 'from') === undefined)
    .flatMap((copy) => copyParts(copy).sources.map(concretePath))
    .filter((path): path is string => path !== undefined);
  const entrypointFile = /\.(js|mjs|cjs|py)$/.test(view.entrypoint) ? [view.entrypoint] : [];
  const needed = [...copied, ...entrypointFile, ...PROJECT_FILES[view.profile.language]];
  return [...new Set(needed)].filter((path) => ignored.ignores(path));
}

/** Paths that must stay out of the context but .dockerignore lets in. */
function leakedIntoContext(dockerignore: string, view: View): string[] {
  const ignored = ignore().add(dockerignore);
  const generated = [view.paths.falcoRules, view.paths.admissionPolicy].filter((path): path is string => path !== undefined);
  const mustIgnore = [...SECRETS_AND_DEPLOYMENT, ...generated, ...LOCAL_OUTPUTS[view.buildToolName]!];
  return mustIgnore.filter((path) => !ignored.ignores(path));
}

// ---------------------------------------------------------------------------------------------
// The cases: the matrix, then every language × build tool × runtime version

function combinations(): [string, Profile][] {
  const cases: [string, Profile][] = [];
  for (const language of LANGUAGES) {
    const spec = CATALOGUE[language];
    for (const { version } of spec.versions) {
      for (const buildTool of spec.buildTools) {
        const base = { name: 'app', image: 'ghcr.io/acme/app', language, runtimeVersion: version, buildTool };
        cases.push([`${language} ${version} ${buildTool}`, profileFrom(base)]);
        if (language === 'python') cases.push([`${language} ${version} ${buildTool} -m`, profileFrom({ ...base, entrypoint: 'app.main' })]);
      }
    }
  }
  return cases;
}

const CASES: [string, Profile][] = [...Object.entries(PROFILES), ...combinations()];

function generated(profile: Profile) {
  const files = plan(profile);
  const file = (path: string) => {
    const found = files.find((f) => f.path === path);
    if (!found) throw new Error(`plan() produced no ${path}`);
    return found.content;
  };
  const view = buildView(profile);
  return { dockerfile: file(view.paths.dockerfile), dockerignore: file('.dockerignore'), view };
}

const expectedOf = (view: View): Expected => ({
  builderImage: view.builderImage,
  runtimeImage: view.runtimeImage,
  port: view.port,
  uid: view.uid,
});

describe.each(CASES)('Dockerfile for %s', (_name, profile) => {
  const { dockerfile, dockerignore, view } = generated(profile);
  const stages = stagesOf(dockerfile);
  const final = stages.at(-1)!;

  it('keeps every structural promise', () => {
    expect(view.uid).toBe(NONROOT_UID);
    expect(dockerfileProblems(dockerfile, expectedOf(view))).toEqual([]);
  });

  it('starts the app the way its distroless image expects', () => {
    const exec = (kind: string) => {
      const instruction = ofKind(final, kind).at(-1);
      return instruction ? execForm(instruction) : undefined;
    };
    const copiedTo = ofKind(final, 'COPY').map((copy) => copyParts(copy).destination);
    switch (view.profile.language) {
      case 'node':
        // distroless/nodejs's entrypoint is node itself.
        expect(exec('ENTRYPOINT')).toBeUndefined();
        expect(exec('CMD')).toEqual([view.entrypoint]);
        expect(copiedTo).toContain('./node_modules');
        break;
      case 'python':
        expect(exec('ENTRYPOINT')).toEqual(['/venv/bin/python3']);
        expect(exec('CMD')).toEqual(view.pythonModule ? ['-m', view.entrypoint] : [view.entrypoint]);
        expect(copiedTo).toContain('/venv');
        break;
      case 'go':
        expect(exec('ENTRYPOINT')).toEqual(['/app']);
        expect(copiedTo).toContain('/app');
        break;
      case 'java': {
        // distroless/java's entrypoint is `java -jar`.
        expect(exec('ENTRYPOINT')).toBeUndefined();
        expect(exec('CMD')).toEqual(['app.jar']);
        const jar = ofKind(final, 'COPY').map(copyParts).find((copy) => copy.destination.endsWith('app.jar'));
        // The build stage puts the one runnable jar at /app/app.jar (test/generate/real-projects.test.ts builds it).
        expect(jar?.sources).toEqual(['/app/app.jar']);
        break;
      }
      case 'rust':
        expect(exec('ENTRYPOINT')).toEqual([`/usr/local/bin/${view.entrypoint}`]);
        expect(copiedTo).toContain(`/usr/local/bin/${view.entrypoint}`);
        break;
    }
  });

  it('installs dependencies from the lockfile before the sources arrive', () => {
    const step = DEPENDENCY_STEPS[view.buildToolName]!;
    const orders = stages.slice(0, -1).map((stage) => dependencyOrder(stage, step));
    const installing = orders.find((order) => order.install >= 0);
    expect(installing, `no stage runs ${step.install}`).toBeDefined();
    expect(installing!.cacheMount).toBe(step.cacheMount);
    if (step.manifest) {
      expect(installing!.manifest, `${step.manifest} is not copied first`).toBeGreaterThanOrEqual(0);
      expect(installing!.manifest).toBeLessThan(installing!.install);
      if (installing!.sources >= 0) expect(installing!.install).toBeLessThan(installing!.sources);
    }
  });

  it('.dockerignore keeps secrets and local outputs out but lets in all the build copies', () => {
    expect(leakedIntoContext(dockerignore, view)).toEqual([]);
    expect(neededButIgnored(dockerfile, dockerignore, view)).toEqual([]);
  });
});

const PYTHON_CASES = CASES.filter(([, profile]) => profile.language === 'python');

describe.each(PYTHON_CASES)('Python virtual environment for %s', (_name, profile) => {
  const { dockerfile, view } = generated(profile);
  const build = stagesOf(dockerfile).at(-2)!;

  it('is pointed at the runtime interpreter by the last step of the build', () => {
    const lastRun = ofKind(build, 'RUN').at(-1)?.getRawArgumentsContent() ?? '';
    expect(lastRun).toContain(`ln -sf /usr/bin/python${view.runtimeVersion} /venv/bin/python`);
    expect(lastRun).toContain('home = /usr/bin');
  });
});

// The checks above must be able to fail: each broken variant of a real Dockerfile is caught.
describe('the Dockerfile checks catch', () => {
  const { dockerfile, dockerignore, view } = generated(PROFILES['python-pip-public-github-key-kyverno']!);
  const expected = expectedOf(view);
  const problemsAfter = (from: string | RegExp, to: string) => {
    const changed = dockerfile.replace(from, to);
    expect(changed, `${String(from)} is not in the Dockerfile`).not.toBe(dockerfile);
    return dockerfileProblems(changed, expected);
  };

  it.each([
    ['a root user', 'USER 65532:65532', 'USER root', /final USER is root/],
    ['a RUN in the final stage', 'EXPOSE 8000', 'RUN echo hi\nEXPOSE 8000', /RUN in the final stage/],
    ['a shell-form CMD', 'CMD ["app.py"]', 'CMD python app.py', /CMD is not in exec/],
    ['another port', 'EXPOSE 8000', 'EXPOSE 9000', /EXPOSE is \[9000\]/],
    ['a COPY from an unknown stage', 'COPY --from=build /venv', 'COPY --from=builder /venv', /names no earlier stage/],
    ['ADD', 'COPY requirements.txt ./', 'ADD requirements.txt ./', /ADD \(use COPY\)/],
    ['a floating builder tag', view.builderImage, 'python:latest', /uses latest/],
    ['a builder tag without patch version', view.builderImage, 'python:3.13-slim', /not an exact version/],
    ['a missing syntax line', /^# syntax=docker\/dockerfile:1\n/, '', /first line/],
    ['a secret in ENV', 'PIP_DISABLE_PIP_VERSION_CHECK=1', 'PIP_INDEX_TOKEN=abc', /looks like a secret/],
    ['a pipe without pipefail', 'RUN python -m venv /venv', 'RUN curl -s https://x | sh', /pipes without SHELL/],
    ['files chowned to the app user', 'COPY --from=build /app ./', 'COPY --from=build --chown=65532:65532 /app ./', /another owner/],
    ['another runtime image', 'FROM gcr.io/distroless/python3-debian13:nonroot', 'FROM python:3.13.9-slim-trixie', /final stage is python/],
  ])('%s', (_what, from, to, problem) => {
    expect(problemsAfter(from, to).join('\n')).toMatch(problem);
  });

  it('a single-stage build', () => {
    const runtimeOnly = `${SYNTAX_LINE}\n${dockerfile.slice(dockerfile.lastIndexOf('\nFROM ') + 1)}`;
    expect(dockerfileProblems(runtimeOnly, expected).join('\n')).toMatch(/1 stage\(s\)[\s\S]*no stage is built on/);
  });

  it('a .dockerignore that hides the lockfile, or lets .env through', () => {
    expect(neededButIgnored(dockerfile, `${dockerignore}\nrequirements.txt\n`, view)).toEqual(['requirements.txt']);
    expect(leakedIntoContext(dockerignore.replace('**/.env*\n', ''), view)).toEqual(
      expect.arrayContaining(['.env', '.env.production', 'config/.env.local']),
    );
  });
});
