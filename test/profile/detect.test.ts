import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, entrypointFromStartScript, parseGitRemote, toDnsLabel } from '../../src/profile/detect.js';
import { validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { newestSatisfying } from '../../src/profile/version-range.js';
import { tempProjectPerTest, writeFiles } from '../helpers/temp-project.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const HAS_GIT = spawnSync('git', ['--version']).status === 0;

let dir: string;
tempProjectPerTest('csc-detect-', (created) => (dir = created));
const files = (entries: Record<string, string>) => writeFiles(dir, entries);

const offline = { git: false } as const;

describe('the examples', () => {
  it('node-app: language, name, version from engines, npm from the lockfile, entry point from scripts.start', async () => {
    const found = await detect(path.join(EXAMPLES, 'node-app'), offline);
    // Issue 10: the port its server really listens on (8080, not the Node default 3000), and HTTP probes on its health route.
    expect(found.input).toEqual({ language: 'node', name: 'node-app', runtimeVersion: '22', buildTool: 'npm', entrypoint: 'server.js', port: 8080, probes: 'http:/healthz' });
    expect(found.sources).toEqual({
      language: 'package.json',
      name: 'package.json',
      runtimeVersion: 'package.json engines.node',
      buildTool: 'package-lock.json',
      entrypoint: 'package.json scripts.start',
      port: 'server.js (the fallback next to process.env.PORT)',
      probes: 'server.js (a health route)',
    });
  });

  it('python-app: pyproject name and requires-python, pip from requirements.txt, app.py', async () => {
    const found = await detect(path.join(EXAMPLES, 'python-app'), offline);
    expect(found.input).toEqual({ language: 'python', name: 'python-app', runtimeVersion: '3.13', buildTool: 'pip', entrypoint: 'app.py', port: 8000, probes: 'http:/healthz' });
    expect(found.sources.port).toBe('app.py (the fallback of the PORT variable)');
    expect(found.sources.runtimeVersion).toBe('pyproject.toml requires-python');
  });

  it('go-app: module name, go version, root main package, and EXPOSE from the Dockerfile with notes on it', async () => {
    const found = await detect(path.join(EXAMPLES, 'go-app'), offline);
    expect(found.input).toEqual({ language: 'go', name: 'go-app', runtimeVersion: '1.25', buildTool: 'go', entrypoint: '.', port: 8081, probes: 'http:/healthz' });
    // The code's own fallback outranks EXPOSE (documentation only); here they agree.
    expect(found.sources).toMatchObject({ port: 'main.go (the fallback of the PORT variable)', entrypoint: 'main.go' });
    expect(found.notes.join('\n')).toMatch(/runs as root \(no USER\)/);
    expect(found.notes.join('\n')).toMatch(/golang:1\.25 is not distroless/);
  });

  it('every example detects to values that make a valid profile', async () => {
    for (const example of ['node-app', 'python-app', 'go-app']) {
      const found = await detect(path.join(EXAMPLES, example), offline);
      expect(() => validateProfile(withDefaults(found.input, example).value)).not.toThrow();
    }
  });
});

describe('detection rules', () => {
  it('finds nothing in an empty folder', async () => {
    expect(await detect(dir, offline)).toEqual({ input: {}, sources: {}, notes: [], languages: [], ambiguous: [] });
  });

  it('prefers packageManager and pnpm/yarn lockfiles, and main when start is not plain node', async () => {
    await files({
      'package.json': JSON.stringify({ name: '@scope/Web_UI', main: 'dist/index.js', scripts: { start: 'next start' }, engines: { node: '>=20' } }),
      'pnpm-lock.yaml': '',
    });
    const found = await detect(dir, offline);
    expect(found.input).toMatchObject({ name: 'web-ui', buildTool: 'pnpm', entrypoint: 'dist/index.js', runtimeVersion: '24' });
    expect(found.sources).toMatchObject({ buildTool: 'pnpm-lock.yaml', entrypoint: 'package.json main' });
  });

  it('an engines range no supported version satisfies is a note and an open question, not a silent default', async () => {
    await files({ 'package.json': JSON.stringify({ name: 'old', engines: { node: '^16' } }) });
    const found = await detect(dir, offline);
    expect(found.input.runtimeVersion).toBeUndefined();
    expect(found.notes).toEqual(['package.json: engines.node "^16" allows none of the supported Node.js versions (22, 24); the image would run another version than the project declares.']);
    expect(found.ambiguous).toEqual([
      { field: 'runtimeVersion', candidates: ['22', '24'], why: 'package.json: engines.node "^16" allows none of the supported Node.js versions, so the image would change the version the project runs on' },
    ]);
  });

  it('reads poetry from its lockfile and [tool.poetry], a module entry point is not guessed', async () => {
    await files({ 'pyproject.toml': '[tool.poetry]\nname = "reports"\n[tool.poetry.dependencies]\npython = "^3.12"\n', 'poetry.lock': '' });
    const found = await detect(dir, offline);
    expect(found.input).toEqual({ language: 'python', name: 'reports', runtimeVersion: '3.13', buildTool: 'poetry' });
  });

  it('uv.lock wins over requirements.txt', async () => {
    await files({ 'pyproject.toml': '[project]\nname = "svc"\n', 'uv.lock': '', 'requirements.txt': '' });
    expect((await detect(dir, offline)).input.buildTool).toBe('uv');
  });

  it('skips malformed manifests with a note instead of failing', async () => {
    await files({ 'package.json': '{ "name": ' });
    // The file still says which language the project is, even though nothing else is read from it.
    expect(await detect(dir, offline)).toEqual({
      input: {},
      sources: {},
      notes: ['package.json: not valid JSON; nothing was read from it.'],
      languages: [{ language: 'node', source: 'package.json' }],
      ambiguous: [],
    });
    await rm(path.join(dir, 'package.json'));
    await files({ 'pyproject.toml': '[project\nname = "x"' });
    const python = await detect(dir, offline);
    expect(python.notes).toEqual(['pyproject.toml: not valid TOML; nothing was read from it.']);
    expect(python.input).toEqual({ language: 'python' });
  });

  it('finds a Go main package under cmd/ and a major-version module name', async () => {
    await files({ 'go.mod': 'module example.com/acme/gateway/v2\n\ngo 1.24\n', 'cmd/gateway/main.go': 'package main\n', 'internal/x.go': 'package x\n' });
    const found = await detect(dir, offline);
    // go 1.24 is a minimum: the newest supported release builds it.
    expect(found.input).toEqual({ language: 'go', name: 'gateway', runtimeVersion: '1.26', buildTool: 'go', entrypoint: './cmd/gateway' });
  });

  it('reads Cargo.toml: the first [[bin]] is the entry point', async () => {
    await files({ 'Cargo.toml': '[package]\nname = "edge_proxy"\nversion = "0.1.0"\n\n[[bin]]\nname = "proxy"\npath = "src/main.rs"\n' });
    expect((await detect(dir, offline)).input).toEqual({ language: 'rust', name: 'edge-proxy', buildTool: 'cargo', entrypoint: 'proxy' });
  });

  it('reads the project artifactId and release from pom.xml, not the parent or a dependency', async () => {
    await files({
      'pom.xml':
        '<project><parent><artifactId>spring-boot-starter-parent</artifactId></parent>' +
        '<artifactId>ledger</artifactId><properties><java.version>17</java.version></properties>' +
        '<dependencies><dependency><artifactId>lib</artifactId></dependency></dependencies></project>',
    });
    expect((await detect(dir, offline)).input).toEqual({ language: 'java', name: 'ledger', buildTool: 'maven', runtimeVersion: '17' });
  });

  it('reads Gradle: rootProject.name and the toolchain version', async () => {
    await files({ 'build.gradle.kts': 'java { toolchain { languageVersion = JavaLanguageVersion.of(25) } }\n', 'settings.gradle.kts': 'rootProject.name = "billing"\n' });
    expect((await detect(dir, offline)).input).toEqual({ language: 'java', name: 'billing', buildTool: 'gradle', runtimeVersion: '25' });
  });

  it('reads how the project is deployed today: the image and tag it runs, and an Ingress or HTTPRoute as the way in (issue 10)', async () => {
    await files({
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: shop\n          image: ghcr.io/acme/shop:2.3.1\n        - name: proxy\n          image: envoyproxy/envoy:v1.31.0\n',
      'k8s/ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  ingressClassName: traefik\n  rules:\n    - host: shop.example.com\n    - host: "bad host"\n',
    });
    const found = await detect(dir, offline);
    expect(found.input).toMatchObject({ image: 'ghcr.io/acme/shop', imageTag: '2.3.1', exposure: 'public', route: { kind: 'ingress', ingressClass: 'traefik', hostnames: ['shop.example.com'] } });
    expect(found.sources).toMatchObject({ image: 'k8s/deployment.yaml', 'route.kind': 'k8s/ingress.yaml' });

    await rm(path.join(dir, 'k8s/ingress.yaml'));
    await files({ 'deploy/route.yaml': 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: shop\n  namespace: shop\nspec:\n  parentRefs:\n    - name: edge\n      namespace: infra\n  hostnames: [shop.example.com]\n' });
    const other = await detect(dir, offline);
    expect(other.input).toMatchObject({ route: { kind: 'gateway', gateway: { namespace: 'infra', name: 'edge' }, hostnames: ['shop.example.com'] } });
  });

  it('takes namespace and containerPort from existing manifests before the Dockerfile', async () => {
    await files({
      'k8s/app.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' +
        'spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          ports:\n            - containerPort: 9000\n',
      Dockerfile: 'FROM node:22\nEXPOSE 3000\nUSER node\n',
    });
    const found = await detect(dir, offline);
    expect(found.input).toEqual({ namespace: 'shop', port: 9000, language: 'node' });
    expect(found.sources).toEqual({ namespace: 'k8s/app.yaml', port: 'k8s/app.yaml', language: 'Dockerfile (FROM node:22)' });
    expect(found.notes.join('\n')).not.toMatch(/runs as root/);
  });

  it('ignores manifests that are not YAML, and bounds YAML aliases', async () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n';
    await files({ 'k8s/bomb.yaml': bomb, 'k8s/broken.yaml': 'kind: [', 'k8s/readme.md': 'kind: Namespace' });
    expect((await detect(dir, offline)).input).toEqual({});
  });

  it('does not follow symbolic links out of the project', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'csc-outside-'));
    try {
      await writeFile(path.join(outside, 'package.json'), JSON.stringify({ name: 'secret' }));
      await symlink(path.join(outside, 'package.json'), path.join(dir, 'package.json'));
      expect((await detect(dir, offline)).input).toEqual({});
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('skips files over the size cap', async () => {
    await files({ 'package.json': JSON.stringify({ name: 'big', filler: 'x'.repeat(1024 * 1024) }) });
    expect((await detect(dir, offline)).input).toEqual({});
  });

  it('takes the CI system from existing CI files', async () => {
    await files({ '.gitlab-ci.yml': 'build: {}\n' });
    expect((await detect(dir, offline)).input).toEqual({ ci: { system: 'gitlab' } });
  });

  it.runIf(HAS_GIT)('turns the git remote into the image repository, source repository and CI system', async () => {
    spawnSync('git', ['init', '-q', '--initial-branch=trunk', dir]);
    spawnSync('git', ['-C', dir, 'remote', 'add', 'origin', 'git@gitlab.com:Acme/Shop/Orders.git']);
    const found = await detect(dir);
    // Issue 10: the branch checked out, not an assumed main.
    expect(found.input).toEqual({ repository: 'Acme/Shop/Orders', image: 'registry.gitlab.com/acme/shop/orders', ci: { system: 'gitlab' }, name: 'orders', branch: 'trunk' });
    expect(found.sources.image).toBe('git remote origin');
    expect(found.sources.branch).toBe('git: the branch checked out');
    // A clone knows the remote's default branch: that one wins over a feature branch checked out.
    spawnSync('git', ['-C', dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/master']);
    spawnSync('git', ['-C', dir, 'checkout', '-q', '-b', 'feature/x']);
    const clone = await detect(dir);
    expect([clone.input.branch, clone.sources.branch]).toEqual(['master', "git: origin's default branch"]);
  });

  it('is fine without a git repository', async () => {
    expect((await detect(dir)).input).toEqual({});
  });
});

describe('helpers', () => {
  it('parses git remote URLs of each form', () => {
    expect(parseGitRemote('https://github.com/Acme/Web.git')).toEqual({ repository: 'Acme/Web', registry: 'ghcr.io', ci: 'github' });
    expect(parseGitRemote('git@github.com:acme/web')).toEqual({ repository: 'acme/web', registry: 'ghcr.io', ci: 'github' });
    expect(parseGitRemote('ssh://git@gitlab.com:2222/g/sub/p.git')).toEqual({ repository: 'g/sub/p', registry: 'registry.gitlab.com', ci: 'gitlab' });
    expect(parseGitRemote('https://user:token@git.example.com/team/app')).toEqual({ repository: 'team/app' });
    expect(parseGitRemote('/srv/git/app.git')).toBeUndefined();
    expect(parseGitRemote('https://github.com/acme/$(id)')).toBeUndefined();
  });

  it('reads only a plain `node FILE` start script', () => {
    expect(entrypointFromStartScript('node --enable-source-maps ./dist/server.js')).toBe('dist/server.js');
    expect(entrypointFromStartScript('node server.js && echo done')).toBeUndefined();
    expect(entrypointFromStartScript('ts-node src/index.ts')).toBeUndefined();
  });

  it('makes DNS labels from project names', () => {
    expect(toDnsLabel('@acme/My_App.v2')).toBe('my-app-v2');
    expect(toDnsLabel('123')).toBeUndefined();
  });

  it('picks the newest supported version a range allows, in npm and PEP 440 forms', () => {
    const node = ['22', '24'];
    expect(newestSatisfying('>=20.19', node)).toBe('24');
    expect(newestSatisfying('^22.12', node)).toBe('22');
    expect(newestSatisfying('22.x', node)).toBe('22');
    expect(newestSatisfying('>=22.12 <23', node)).toBe('22');
    expect(newestSatisfying('^20 || ^22', node)).toBe('22');
    expect(newestSatisfying('18 - 22', node)).toBe('22');
    expect(newestSatisfying('~24.1', node)).toBe('24');
    expect(newestSatisfying('<22', node)).toBeUndefined();
    expect(newestSatisfying('latest', node)).toBeUndefined();
    const python = ['3.13'];
    expect(newestSatisfying('>=3.11,<4', python)).toBe('3.13');
    expect(newestSatisfying('~=3.12', python)).toBe('3.13');
    expect(newestSatisfying('==3.13.*', python)).toBe('3.13');
    expect(newestSatisfying('>=3.8, !=3.13.1', python)).toBe('3.13');
    expect(newestSatisfying('<3.13', python)).toBeUndefined();
  });

  // Issue 10: what the app's own files say about its port, in the order that decides.
  it('takes the port from ENV PORT over the code, the code over EXPOSE, and manifests in kustomize/ too', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-detect-port-'));
    try {
      await writeFile(path.join(dir, 'package.json'), '{"name":"result","main":"server.js"}');
      await writeFile(path.join(dir, 'server.js'), "const port = process.env.PORT || 4000;\napp.get('/readyz', ok);\napp.listen(port);\n");
      await writeFile(path.join(dir, 'Dockerfile'), 'FROM node:22\nENV PORT=80\nEXPOSE 80\nCMD ["node", "server.js"]\n');
      expect((await detect(dir, offline)).sources.port).toBe('Dockerfile ENV PORT');
      await writeFile(path.join(dir, 'Dockerfile'), 'FROM node:22\nEXPOSE 80\nCMD ["node", "server.js"]\n');
      const fromCode = await detect(dir, offline);
      expect([fromCode.input.port, fromCode.sources.port]).toEqual([4000, 'server.js (the fallback next to process.env.PORT)']);
      expect(fromCode.input.probes).toBe('http:/readyz');
      await mkdir(path.join(dir, 'kustomize'));
      await writeFile(path.join(dir, 'kustomize/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      containers:\n        - name: r\n          image: r:1\n          ports: [{containerPort: 9898}]\n');
      expect((await detect(dir, offline)).input.port).toBe(9898);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a Go port flag default and stays linear on hostile source', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-detect-go-'));
    try {
      await writeFile(path.join(dir, 'go.mod'), 'module example.com/podinfo\n\ngo 1.25\n');
      await mkdir(path.join(dir, 'cmd/podinfo'), { recursive: true });
      await writeFile(path.join(dir, 'cmd/podinfo/main.go'), 'package main\n\nfunc main() {\n\tfs.Int("port", 9898, "HTTP port")\n\thttp.ListenAndServe(addr, nil)\n}\n');
      expect((await detect(dir, offline)).input.port).toBe(9898);
      await writeFile(path.join(dir, 'cmd/podinfo/main.go'), `package main\n${'os.Getenv("PORT")'.repeat(20_000)}${'.IntP("port", "'.repeat(20_000)}\n`);
      const started = performance.now();
      await detect(dir, offline);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Issue 10: files the existing Dockerfile copies into its final stage are runtime assets; the new
// runtime stage must copy them too, or the app serves nothing (podinfo's ui/, a frontend's templates/).
describe('runtime assets', () => {
  it('maps a COPY --from the build stage back through its WORKDIR to the project folder', async () => {
    const found = await detect(path.resolve(import.meta.dirname, '../fixtures/projects/go-ui'), { git: false });
    expect(found.input.assets).toEqual(['ui']);
    expect(found.sources.assets).toBe('Dockerfile (what its final stage copies)');
    expect(found.input.entrypoint).toBe('./cmd/server');
    expect(found.input.port).toBe(9797);
  });
});

describe('go.mod toolchain', () => {
  it('takes the Go release from the toolchain line over the minimum on the go line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-detect-toolchain-'));
    try {
      await writeFile(path.join(dir, 'go.mod'), 'module example.com/api\n\ngo 1.25.0\n\ntoolchain go1.26.1\n');
      await writeFile(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
      const found = await detect(dir, { git: false });
      expect([found.input.runtimeVersion, found.sources.runtimeVersion]).toEqual(['1.26', 'go.mod toolchain']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
