// Realistic example projects (test/fixtures/projects/*, written for this suite and laid out the way
// real ones are): `--yes` must pick the right language, entry point and port from the project's own
// files, and the generated Dockerfile must build and start, checked by the build-stage simulation
// (test/helpers/build-sim.ts): every COPY --from source exists in its stage, and the final command
// names a file or module that exists in the runtime stage. The TypeScript project is also built for
// real with the command its Dockerfile runs, and started.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCommand } from '../../src/commands/generate.js';
import { BuildFailure, simulateBuild } from '../helpers/build-sim.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROJECTS = path.join(ROOT, 'test/fixtures/projects');

interface Expected {
  readonly language: string;
  readonly buildTool: string;
  readonly entrypoint: string;
  readonly command?: string[];
  readonly port: number;
  /** What the container runs: image entrypoint + CMD. */
  readonly argv: string[];
  /** A detected value printed with its source file. */
  readonly printed: RegExp;
}

const CASES: Record<string, Expected> = {
  'node-ts': {
    language: 'node',
    buildTool: 'npm',
    entrypoint: 'dist/server.js',
    port: 3000,
    argv: ['/nodejs/bin/node', 'dist/server.js'],
    printed: /--entrypoint dist\/server\.js {2}\(package\.json scripts\.start\)/,
  },
  'pnpm-workspace': {
    language: 'node',
    buildTool: 'pnpm',
    entrypoint: 'src/index.js',
    port: 3000,
    argv: ['/nodejs/bin/node', 'src/index.js'],
    printed: /--build-tool pnpm {2}\(package\.json packageManager\)/,
  },
  'python-uv': {
    language: 'python',
    buildTool: 'uv',
    entrypoint: 'app.py',
    command: ['invoice-service'],
    port: 8000,
    argv: ['/venv/bin/python3', '/venv/bin/invoice-service'],
    printed: /--command invoice-service {2}\(pyproject\.toml \[project\.scripts\]\)/,
  },
  'python-poetry-fastapi': {
    language: 'python',
    buildTool: 'poetry',
    entrypoint: 'main.py',
    command: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000', '--proxy-headers'],
    port: 8000,
    argv: ['/venv/bin/python3', '-m', 'uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000', '--proxy-headers'],
    printed: /--command 'uvicorn main:app --host 0\.0\.0\.0 --port 8000 --proxy-headers' {2}\(README\.md\)/,
  },
  'python-flask-gunicorn': {
    language: 'python',
    buildTool: 'pip',
    entrypoint: 'app.py',
    command: ['gunicorn', 'app:app', '--bind', '0.0.0.0:5000', '--workers', '2', '--access-logfile', '-'],
    port: 5000,
    argv: ['/venv/bin/python3', '-m', 'gunicorn', 'app:app', '--bind', '0.0.0.0:5000', '--workers', '2', '--access-logfile', '-'],
    printed: /--port 5000 {2}\(Procfile \(the command's listen address\)\)/,
  },
  'go-cmd': {
    language: 'go',
    buildTool: 'go',
    entrypoint: './cmd/server',
    port: 8080,
    argv: ['/app'],
    printed: /--entrypoint \.\/cmd\/server {2}\(cmd\/server\/main\.go, the main package that serves\)/,
  },
  'java-maven': {
    language: 'java',
    buildTool: 'maven',
    entrypoint: 'target/app.jar',
    port: 8080,
    argv: ['/usr/bin/java', '-jar', 'app.jar'],
    printed: /--runtime-version 21 {2}\(pom\.xml Java release\)/,
  },
  'java-gradle': {
    language: 'java',
    buildTool: 'gradle',
    entrypoint: 'build/libs/app.jar',
    port: 8080,
    argv: ['/usr/bin/java', '-jar', 'app.jar'],
    printed: /--build-tool gradle {2}\(build\.gradle\.kts\)/,
  },
  rust: {
    language: 'rust',
    buildTool: 'cargo',
    entrypoint: 'edge-proxy',
    port: 8080,
    argv: ['/usr/local/bin/edge-proxy'],
    printed: /--entrypoint edge-proxy {2}\(Cargo\.toml\)/,
  },
};

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'csc-projects-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Generated {
  readonly dir: string;
  readonly stdout: string;
  readonly profile: Record<string, unknown>;
  readonly dockerfile: string;
}
const generated = new Map<string, Promise<Generated>>();

/**
 * A copy of the fixture, generated into with `--yes` as a user would (the command's own entry,
 * in this process: dist/ may be rebuilt by a parallel run). Each fixture is generated once.
 */
function generateInto(fixture: string): Promise<Generated> {
  let result = generated.get(fixture);
  if (!result) {
    result = generateOnce(fixture);
    generated.set(fixture, result);
  }
  return result;
}

async function generateOnce(fixture: string): Promise<Generated> {
  const dir = path.join(work, fixture);
  await cp(path.join(PROJECTS, fixture), dir, { recursive: true });
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  let code: number;
  try {
    code = await generateCommand([dir, '--yes', '--no-color']);
  } finally {
    write.mockRestore();
  }
  if (code !== 0) throw new Error(`exit ${code}: ${stdout}`);
  const saved = parseYaml(await readFile(path.join(dir, '.secure-container.yaml'), 'utf8')) as { profile: Record<string, unknown> };
  return { dir, stdout, profile: saved.profile, dockerfile: await readFile(path.join(dir, 'Dockerfile'), 'utf8') };
}

describe.each(Object.entries(CASES))('%s', (fixture, expected) => {
  it('--yes detects the language, build tool, entry point and port, prints them with their files, and the Dockerfile builds and starts', async () => {
    const { dir, stdout, profile, dockerfile } = await generateInto(fixture);
    expect(profile).toMatchObject({ language: expected.language, buildTool: expected.buildTool, entrypoint: expected.entrypoint, port: expected.port });
    expect(profile.command).toEqual(expected.command);
    expect(stdout).toMatch(/^Detected \(a flag overrides any of them\)$/m);
    expect(stdout).toMatch(expected.printed);
    const build = simulateBuild(dockerfile, dir);
    expect(build.argv).toEqual(expected.argv);
  });
});

describe('the simulation catches what Docker would', () => {
  it('the old Java line, COPY --from=build /src/target/app.jar, fails: Maven writes <artifactId>-<version>.jar', async () => {
    const { dir, dockerfile } = await generateInto('java-maven');
    const old = dockerfile.replace(/COPY --from=build \/app\/app\.jar \.\/app\.jar/, 'COPY --from=build /src/target/app.jar ./app.jar');
    expect(() => simulateBuild(old, dir)).toThrow(/COPY --from \/src\/target\/app\.jar: not found in that stage/);
  });

  it('the jar selection refuses a build that leaves two runnable jars, naming them', async () => {
    const { dir, dockerfile } = await generateInto('java-gradle');
    // Without the -plain.jar exclusion, Spring Boot's Gradle build leaves two jars.
    const loose = dockerfile.replace(" ! -name '*-plain.jar'", '');
    expect(() => simulateBuild(loose, dir)).toThrow(/expected one runnable jar in \/src\/build\/libs, found 2: shipping-0\.3\.0-plain\.jar shipping-0\.3\.0\.jar|found 2: shipping-0\.3\.0\.jar shipping-0\.3\.0-plain\.jar/);
  });

  it('the old Poetry step (install the project itself) fails on a flat main.py project, as Poetry 2 does', async () => {
    const { dir, dockerfile } = await generateInto('python-poetry-fastapi');
    const old = dockerfile.replace(/RUN --mount=type=cache,target=\/root\/\.cache\/pypoetry \\\n {4}if python -c .*\\\n {4}then (\/opt\/poetry\/bin\/poetry install) --only-root (.*); fi\n/, 'RUN $1 --only main $2\n');
    expect(old).not.toBe(dockerfile);
    expect(() => simulateBuild(old, dir)).toThrow(BuildFailure);
    expect(() => simulateBuild(old, dir)).toThrow(/No file\/folder found for package quotes-api/);
  });

  it('Poetry installs the project itself when it is a package: its console script reaches the runtime', async () => {
    const { dir, dockerfile } = await generateInto('python-poetry-fastapi');
    const packaged = path.join(work, 'poetry-packaged');
    await cp(dir, packaged, { recursive: true });
    await mkdir(path.join(packaged, 'quotes_api'));
    await writeFile(path.join(packaged, 'quotes_api/__init__.py'), 'def main() -> None: ...\n');
    const pyproject = await readFile(path.join(packaged, 'pyproject.toml'), 'utf8');
    await writeFile(path.join(packaged, 'pyproject.toml'), pyproject.replace('[tool.poetry', '[project.scripts]\nquotes = "quotes_api:main"\n\n[tool.poetry'));
    // The Dockerfile's own check (run for real by the simulation) decides; the flat project skips it.
    expect(simulateBuild(dockerfile, packaged).runtime.files.has('/venv/bin/quotes')).toBe(true);
    expect(simulateBuild(dockerfile, dir).runtime.files.has('/venv/bin/quotes')).toBe(false);
  });

  it('a Go build of the CLI package would start the wrong program; a missing package fails', async () => {
    const { dir, dockerfile } = await generateInto('go-cmd');
    expect(() => simulateBuild(dockerfile.replace('./cmd/server', './cmd/missing'), dir)).toThrow(/no main package in \/src\/cmd\/missing/);
  });

  it('a pnpm workspace package linked into node_modules must reach the runtime stage', async () => {
    const { dir, dockerfile } = await generateInto('pnpm-workspace');
    // The app's own src/ copied, but not packages/: the entry point is there, the link dangles.
    const withoutSources = dockerfile.replace(/^COPY --from=build \/app \.\/$/m, 'COPY --from=build /app/src ./src');
    expect(withoutSources).not.toBe(dockerfile);
    expect(() => simulateBuild(withoutSources, dir)).toThrow(/\/app\/node_modules\/@catalog\/money links to \/app\/packages\/money, which is not in the runtime stage/);
  });

  it.each([
    ['amd64', 'amd64'],
    ['amd64', 'arm64'],
    ['arm64', 'amd64'],
    ['arm64', 'arm64'],
  ] as const)('the Rust image cross-compiles on %s for %s: the binary is for the image, built with the target standard library, linker and C library', async (build, target) => {
    const { dir, dockerfile } = await generateInto('rust');
    const result = simulateBuild(dockerfile, dir, { build, target });
    expect(result.runtime.files.get('/usr/local/bin/edge-proxy')).toBe(`elf:${target}`);
    // Cross toolchains are installed only for another architecture (Debian has none for its own).
    expect(result.log.join('\n')).toContain('rustup target add');
    expect(result.stages[0]!.files.has('/usr/bin/aarch64-linux-gnu-gcc')).toBe(build === 'arm64' || target === 'arm64');
  });

  it('a Rust build without the cross toolchain step, or without the linker settings, fails for another architecture', async () => {
    const { dir, dockerfile } = await generateInto('rust');
    const withoutToolchain = dockerfile.replace(/^ {4}if \[ "\$TARGETARCH" != "\$BUILDARCH" \]; then \\\n[\s\S]*? {4}fi\n/m, '');
    expect(withoutToolchain).not.toBe(dockerfile);
    expect(() => simulateBuild(withoutToolchain, dir, { build: 'amd64', target: 'arm64' })).toThrow(/can't find crate for `std`/);
    expect(simulateBuild(withoutToolchain, dir, { build: 'amd64', target: 'amd64' }).argv).toEqual(['/usr/local/bin/edge-proxy']);
    const withoutLinker = dockerfile.replace(/^ENV CARGO_TARGET_[\s\S]*?\n(?=WORKDIR)/m, '');
    expect(withoutLinker).not.toBe(dockerfile);
    expect(() => simulateBuild(withoutLinker, dir, { build: 'amd64', target: 'arm64' })).toThrow(/linking for aarch64-unknown-linux-gnu with cc, a linker for amd64/);
    // The old template: a native build on the builder's platform ships an amd64 binary in an arm64 image.
    const native = dockerfile.replace('--target "$(cat /rust-target)" ', '').replace('"target/$(cat /rust-target)/release/edge-proxy"', 'target/release/edge-proxy');
    expect(() => simulateBuild(native, dir, { build: 'amd64', target: 'arm64' })).toThrow(/built for amd64, but the image is for arm64: exec format error/);
  });

  it('the Go image cross-compiles with GOARCH from TARGETARCH', async () => {
    const { dir, dockerfile } = await generateInto('go-cmd');
    expect(simulateBuild(dockerfile, dir, { build: 'amd64', target: 'arm64' }).runtime.files.get('/app')).toBe('elf:arm64');
    expect(() => simulateBuild(dockerfile.replace(' GOARCH=$TARGETARCH', ''), dir, { build: 'amd64', target: 'arm64' })).toThrow(/exec format error/);
  });

  it('a Node CMD that names the source file instead of the build output fails', async () => {
    const { dir, dockerfile } = await generateInto('node-ts');
    expect(() => simulateBuild(dockerfile.replace('CMD ["dist/server.js"]', 'CMD ["server.js"]'), dir)).toThrow(/server\.js is not in the runtime stage/);
  });
});

describe('the TypeScript project, built and started for real', () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('runs the Dockerfile install and build commands, then `node dist/server.js` answers on the detected port', async () => {
    const { dir, profile, dockerfile } = await generateInto('node-ts');
    // The build stage's install and build commands, as the Dockerfile has them.
    const install = /^ {4}(npm ci --no-audit --no-fund)$/m.exec(dockerfile)?.[1];
    const build = /^RUN (npm run build --if-present) \\$/m.exec(dockerfile)?.[1];
    expect(install).toBeDefined();
    expect(build).toBeDefined();
    const ci = spawnSync('sh', ['-c', `${install} --offline`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (ci.status !== 0) {
      // No npm cache with these exact tarballs (offline): the same packages from this repository.
      await mkdir(path.join(dir, 'node_modules/@types'), { recursive: true });
      await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
      for (const name of ['typescript', '@types/node', 'undici-types']) await symlink(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name));
      await symlink('../typescript/bin/tsc', path.join(dir, 'node_modules/.bin/tsc'));
    }
    const built = spawnSync('sh', ['-c', build!], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(built.stderr).not.toMatch(/error TS/);
    expect(built.status).toBe(0);
    expect(existsSync(path.join(dir, 'dist/server.js'))).toBe(true);

    const port = profile.port as number;
    server = spawn(process.execPath, [profile.entrypoint as string], { cwd: dir, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      server!.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      setTimeout(() => reject(new Error('the server did not start in 5 s')), 5000);
    });
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/healthz' }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(`${response.statusCode} ${text}`));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('200 ok');
    // The app closes its server on SIGTERM (as Kubernetes stops a pod) and exits cleanly.
    const exited = new Promise((resolve) => server!.once('exit', (code, signal) => resolve({ code, signal })));
    server.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
