// The wizard in realistic projects (test/fixtures/projects/*, written for this suite and laid out
// the way real ones are), as a person uses it in a pseudo-terminal: the detected values are on the
// screen before the first question, accepting every default reaches written files in at most six
// keystrokes, and what is written is a coherent setup: the audit of the result reports no
// coherence/* or network/* finding, and every resource the kustomization lists exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, Terminal } from './terminal.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
const PROJECTS = path.join(ROOT, 'test/fixtures/projects');
const KUBECTL = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();

interface Case {
  /** Detection report lines that must be on screen before the first question. */
  readonly detected: readonly RegExp[];
  /** What the saved profile must hold after accepting every default. */
  readonly profile: Record<string, unknown>;
}

const CASES: Record<string, Case> = {
  'go-cmd': {
    detected: [/--language\s+go\s+from go\.mod/, /--entrypoint\s+\.\/cmd\/server\s+from cmd\/server\/main\.go/],
    profile: { language: 'go', entrypoint: './cmd/server', port: 8080 },
  },
  // A Go service with cmd/server and cmd/uictl plus ui/, which its existing Dockerfile copies.
  'go-ui': {
    detected: [/--entrypoint\s+\.\/cmd\/server\s+from cmd\/server\/main\.go/, /--assets\s+ui\s+from Dockerfile/],
    profile: { language: 'go', entrypoint: './cmd/server', port: 9797, assets: ['ui'] },
  },
  'node-ts': {
    detected: [/--entrypoint\s+dist\/server\.js\s+from package\.json scripts\.start/],
    profile: { language: 'node', entrypoint: 'dist/server.js' },
  },
  'python-flask-gunicorn': {
    detected: [/--port\s+5000\s+from Procfile/],
    profile: { language: 'python', port: 5000, command: ['gunicorn', 'app:app', '--bind', '0.0.0.0:5000', '--workers', '2', '--access-logfile', '-'] },
  },
  'java-maven': {
    detected: [/--build-tool\s+maven\s+from pom\.xml/],
    profile: { language: 'java', buildTool: 'maven' },
  },
  rust: {
    detected: [/--entrypoint\s+edge-proxy\s+from Cargo\.toml/],
    profile: { language: 'rust', entrypoint: 'edge-proxy' },
  },
};

let scratch: string;
const terminals: Terminal[] = [];
beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  scratch = await mkdtemp(path.join(tmpdir(), 'csc-e2e-projects-'));
  // A PATH with node only: what is written must not depend on which optional tools are installed.
  await mkdir(path.join(scratch, 'bin'));
  await symlink(process.execPath, path.join(scratch, 'bin', 'node'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Polls until probe returns a value; fails after the timeout (a hang is the failure). */
async function until<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the next screen');
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** Enter on every question the wizard asks until the review shows; returns how many keys that took. */
async function acceptDefaultsUntilReview(terminal: Terminal): Promise<number> {
  let keystrokes = 0;
  for (let answered = 0; ; answered++) {
    const next = await until(() => {
      const screen = terminal.screen();
      if (screen.includes('Review: ')) return 'review';
      const done = terminal.transcript().match(/^✔ /gm)?.length ?? 0;
      return done === answered && /^\? /m.test(screen) ? 'question' : undefined;
    });
    if (next === 'review') break;
    await settle();
    terminal.write(KEYS.enter);
    keystrokes++;
  }
  await settle();
  return keystrokes;
}

describe.each(Object.entries(CASES))('the wizard in %s', (name, expected) => {
  it('shows what it detected, writes with the defaults in at most 6 keystrokes, and the result is coherent', { timeout: 60_000 }, async () => {
    const dir = path.join(scratch, 'projects', name);
    await cp(path.join(PROJECTS, name), dir, { recursive: true });
    const terminal = new Terminal('node', [BIN, dir], {
      cwd: scratch,
      env: { CI: '0', CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', TERM: 'xterm-256color', PATH: path.join(scratch, 'bin') },
    });
    terminals.push(terminal);

    await terminal.waitFor('? Language', 15_000);
    // The whole output: a long detection report scrolls its first lines off a 24-row screen.
    for (const line of expected.detected) expect(terminal.transcript()).toMatch(line);
    // Enter on every question that applies to this project, then on the recommended setup.
    let keystrokes = await acceptDefaultsUntilReview(terminal);
    terminal.write('w');
    keystrokes++;
    expect(await terminal.exitCode(15_000)).toBe(0);
    expect(keystrokes).toBeLessThanOrEqual(6);

    const saved = parse(await readFile(path.join(dir, '.secure-container.yaml'), 'utf8')) as { profile: Record<string, unknown> };
    expect(saved.profile).toMatchObject(expected.profile);

    const audit = spawnSync(process.execPath, [BIN, 'audit', dir, '--format', 'json', '--only', 'coherence,network', '--fail-on', 'none'], { encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    const findings = (JSON.parse(audit.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);

    const kustomization = parse(await readFile(path.join(dir, 'k8s/kustomization.yaml'), 'utf8')) as { resources: string[] };
    for (const resource of kustomization.resources) expect(existsSync(path.join(dir, 'k8s', resource)), resource).toBe(true);
    // Where kubectl is installed, kustomize itself builds it (offline), every file included.
    if (KUBECTL) {
      const built = spawnSync(KUBECTL, ['kustomize', path.join(dir, 'k8s')], { encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      for (const kind of ['Namespace', 'ServiceAccount', 'Deployment', 'NetworkPolicy']) expect(built.stdout).toMatch(new RegExp(`^kind: ${kind}$`, 'm'));
    }
  });
});

describe('the wizard in a .NET project', () => {
  it('names the language as unsupported and stops, instead of proposing a Node.js Dockerfile', { timeout: 30_000 }, async () => {
    const dir = path.join(scratch, 'projects', 'dotnet-service');
    await cp(path.join(PROJECTS, 'dotnet-service'), dir, { recursive: true });
    const terminal = new Terminal('node', [BIN, dir], {
      cwd: scratch,
      env: { CI: '0', CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', TERM: 'xterm-256color', PATH: path.join(scratch, 'bin') },
    });
    terminals.push(terminal);
    expect(await terminal.exitCode(15_000)).toBe(2);
    const screen = terminal.transcript();
    expect(screen).toContain('unsupported language: .NET (Orders.csproj)');
    expect(screen).toContain('create-secure-container audit');
    expect(screen).not.toContain('? Language');
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
    // --yes stops the same way, with the same words.
    const yes = spawnSync(process.execPath, [BIN, dir, '--yes'], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
    expect(yes.status).toBe(2);
    expect(yes.stderr).toContain('unsupported language: .NET (Orders.csproj)');
  });
});

// A service of a monorepo (the voting app's layout): run in the service folder, the wizard writes
// the service's files there and its workflow at the repository root, where GitHub reads it.
describe('the wizard in a service folder of a monorepo', () => {
  it('detects the folder, keeps the keystroke count, and writes the workflow at the root filtered to the service', { timeout: 60_000 }, async () => {
    const repo = path.join(scratch, 'monorepo');
    await cp(path.join(PROJECTS, 'python-flask-gunicorn'), path.join(repo, 'vote'), { recursive: true });
    // A .git folder is what marks the repository root (git itself is not on this PATH).
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, '.github/workflows'), { recursive: true });
    const terminal = new Terminal('node', [BIN, path.join(repo, 'vote')], {
      cwd: scratch,
      env: { CI: '0', CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', TERM: 'xterm-256color', PATH: path.join(scratch, 'bin') },
    });
    terminals.push(terminal);
    const first = await terminal.waitFor('? Language', 15_000);
    expect(first).toMatch(/--service-dir\s+vote\s+from git: the repository root is \.\./);
    let keystrokes = await acceptDefaultsUntilReview(terminal);
    expect(terminal.screen()).toMatch(/\.github\/workflows\/container-\S+\.yml/);
    terminal.write('w');
    keystrokes++;
    expect(await terminal.exitCode(15_000)).toBe(0);
    expect(keystrokes).toBeLessThanOrEqual(6);

    const saved = parse(await readFile(path.join(repo, 'vote/.secure-container.yaml'), 'utf8')) as { profile: { name: string; serviceDir: string } };
    expect(saved.profile.serviceDir).toBe('vote');
    const workflow = parse(await readFile(path.join(repo, `.github/workflows/container-${saved.profile.name}.yml`), 'utf8')) as { on: { push: { paths: string[] } } };
    expect(workflow.on.push.paths).toContain('vote/**');
    expect(existsSync(path.join(repo, 'vote/.github'))).toBe(false);
    expect(existsSync(path.join(repo, 'vote/k8s/deployment.yaml'))).toBe(true);
    const audit = spawnSync(process.execPath, [BIN, 'audit', repo, '--format', 'json', '--only', 'coherence,network,workflow', '--fail-on', 'none'], { encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as { findings: { ruleId: string; message: string }[] }).findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});

// A repository that already deploys with k8s/ (a Deployment, a Service, an Ingress, a ConfigMap and
// the kustomization applying them). The Ingress is read as the way in; keeping the old
// kustomization while new manifests are written is refused with the reason, and replacing it keeps
// every resource the old one applied.
describe('the wizard in a project with existing manifests and an Ingress', () => {
  it('detects the Ingress, refuses to orphan new manifests, and writes a coherent setup once the kustomization is selected', { timeout: 60_000 }, async () => {
    const dir = path.join(scratch, 'projects', 'node-k8s-ingress');
    await cp(path.join(PROJECTS, 'node-k8s-ingress'), dir, { recursive: true });
    const terminal = new Terminal('node', [BIN, dir], {
      cwd: scratch,
      env: { CI: '0', CONTINUOUS_INTEGRATION: undefined, NO_COLOR: '1', TERM: 'xterm-256color', PATH: path.join(scratch, 'bin') },
    });
    terminals.push(terminal);
    await terminal.waitFor('? Language', 15_000);
    const detected = terminal.transcript();
    expect(detected).toMatch(/--route\s+ingress\s+from k8s\/ingress\.yaml/);
    expect(detected).toMatch(/--ingress-class\s+nginx\s+from k8s\/ingress\.yaml/);
    expect(detected).toMatch(/--port\s+8080\s+from k8s\/deployment\.yaml/);
    // The questions take as few keys as in the bundled examples; the review then needs the choice.
    expect(await acceptDefaultsUntilReview(terminal)).toBeLessThanOrEqual(5);
    terminal.write('w');
    await terminal.waitFor('k8s/kustomization.yaml is kept as it is, but it does not list');
    // Down to the kustomization's row (the active row is marked ›), as a person would, then select it and write.
    const activeRow = () => terminal.screen().split('\n').find((line) => line.trimStart().startsWith('›')) ?? '';
    for (let moves = 0; !activeRow().includes('k8s/kustomization.yaml'); moves++) {
      expect(moves, 'the kustomization row was never reached').toBeLessThan(30);
      terminal.write('j');
      await settle();
    }
    terminal.write(' ');
    await settle();
    terminal.write('w');
    expect(await terminal.exitCode(15_000)).toBe(0);

    const kustomization = parse(await readFile(path.join(dir, 'k8s/kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources).toEqual(expect.arrayContaining(['namespace.yaml', 'networkpolicy.yaml', 'deployment.yaml', 'service.yaml', 'ingress.yaml', 'configmap.yaml']));
    for (const resource of kustomization.resources) expect(existsSync(path.join(dir, 'k8s', resource)), resource).toBe(true);
    // The kept Ingress and Deployment are the originals; the audit finds the setup coherent.
    expect(await readFile(path.join(dir, 'k8s/ingress.yaml'), 'utf8')).toBe(await readFile(path.join(PROJECTS, 'node-k8s-ingress/k8s/ingress.yaml'), 'utf8'));
    const audit = spawnSync(process.execPath, [BIN, 'audit', dir, '--format', 'json', '--only', 'coherence,network', '--fail-on', 'none'], { encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as { findings: { ruleId: string; message: string }[] }).findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    if (KUBECTL) {
      const built = spawnSync(KUBECTL, ['kustomize', path.join(dir, 'k8s')], { encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      expect(built.stdout).toMatch(/^kind: Ingress$/m);
    }
  });
});
