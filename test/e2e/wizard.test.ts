// The wizard as a person uses it: the built binary in a real pseudo-terminal, read from the
// screen. Each walk ends by comparing what the wizard wrote with what the non-interactive command
// writes for the same answers in the same test run (templates may change; the equality may not).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { splitShellWords } from '../../src/profile/shell-words.js';
import { KEYS, Terminal } from './terminal.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
const GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

let scratch: string;
let pathDir: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  scratch = await mkdtemp(path.join(tmpdir(), 'csc-e2e-'));
  // A PATH with node and git only, plus the fake tools a test adds: the result must not depend on
  // which of docker, trivy or kubectl happen to be installed on the machine running the tests.
  pathDir = path.join(scratch, 'bin');
  await mkdir(pathDir);
  await symlink(process.execPath, path.join(pathDir, 'node'));
  if (GIT) await symlink(GIT, path.join(pathDir, 'git'));
  return () => rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

async function copyExample(name: string, as: string): Promise<string> {
  const dir = path.join(scratch, as, name);
  await cp(path.join(ROOT, 'examples', name), dir, { recursive: true });
  return dir;
}

function startWizard(dir: string, { cols = 80, rows = 24, env = {} }: { cols?: number; rows?: number; env?: Record<string, string | undefined> } = {}) {
  const terminal = new Terminal('node', [BIN, dir], {
    cwd: scratch,
    cols,
    rows,
    env: { CI: '0', CONTINUOUS_INTEGRATION: undefined, TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, PATH: pathDir, ...env },
  });
  terminals.push(terminal);
  return terminal;
}

/** Runs the non-interactive command (no terminal, CI=true) and returns its exit code. */
function runWithFlags(dir: string, args: readonly string[]): number | null {
  const result = spawnSync(process.execPath, [BIN, dir, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' }, input: '' });
  if (result.status !== 0) throw new Error(`non-interactive run failed (${result.status}):\n${result.stderr}`);
  return result.status;
}

async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full);
    if (!entry.isFile() || relative.startsWith(`.git${path.sep}`)) continue;
    out[relative] = await readFile(full, 'utf8');
  }
  return out;
}

/**
 * Ink subscribes a screen's key handler just after its first frame is drawn; a person never types
 * that fast, a test can. Wait a moment after a screen appears before pressing its keys.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Every question a default walk asks: what only the project can say, then the recommended setup. */
const DEFAULT_WALK = ['Language', 'Entry point', 'Port the app listens on', 'Who may connect', 'Recommended setup'];

/** Picks "Customise" on the recommended setup screen. */
async function customise(terminal: Terminal): Promise<string> {
  const screen = await terminal.waitFor('? Recommended setup');
  terminal.write(KEYS.down);
  await terminal.waitFor('❯ Customise');
  terminal.write(KEYS.enter);
  return screen;
}

/** Waits for a question (the "?" of a prompt waiting for input), then accepts its default. */
async function accept(terminal: Terminal, question: string): Promise<string> {
  const screen = await terminal.waitFor(`? ${question}`);
  terminal.write(KEYS.enter);
  return screen;
}

async function type(terminal: Terminal, question: string, text: string): Promise<void> {
  await terminal.waitFor(`? ${question}`);
  terminal.answer(text);
}

async function gitRemote(dir: string, url: string): Promise<void> {
  // The branch is named, so the files do not depend on the machine's init.defaultBranch.
  spawnSync(GIT, ['init', '-q', '--initial-branch=main', dir]);
  spawnSync(GIT, ['-C', dir, 'remote', 'add', 'origin', url]);
}

describe('the wizard in a terminal', () => {
  it('walks a Node project at 80x24: detected defaults on screen, typed answers validated, the same files as the flags give', async () => {
    const dir = await copyExample('node-app', 'wizard');
    if (GIT) await gitRemote(dir, 'https://github.com/Acme/Node-App.git');
    // A stand-in kubectl, so the offer to run checks and the streamed output can be seen.
    await writeFile(path.join(pathDir, 'kubectl'), '#!/bin/sh\nif [ "$1" = version ]; then echo "Client Version: v1.33.0"; exit 0; fi\n[ "$1 $2" = "kustomize k8s/" ] || exit 3\necho "kind: Namespace"\necho "kind: Deployment"\n');
    await chmod(path.join(pathDir, 'kubectl'), 0o755);
    try {
      // CI unset rather than CI=0 here: Node and chalk take any CI variable as "no colour", and
      // this walk checks that a person's terminal gets colour by default.
      const terminal = startWizard(dir, { env: { CI: undefined } });
      const first = await terminal.waitFor('? Language');
      expect(first).toMatch(/--runtime-version\s+22\s+from package\.json engines\.node/);
      expect(first).toMatch(/--build-tool\s+npm\s+from package-lock\.json/);
      expect(first).toMatch(/--entrypoint\s+server\.js\s+from package\.json scripts\.start/);
      expect(first).toContain('(detected from package.json)');
      terminal.write(KEYS.enter);
      await accept(terminal, 'Entry point');
      // Inline validation: a bad port is explained and kept for correcting, with the help line.
      await type(terminal, 'Port the app listens on', '80a');
      const invalid = await terminal.waitFor('is not allowed');
      expect(invalid).toContain('below 1024 sets a sysctl');
      terminal.write('\x7f\x7f\x7f');
      terminal.answer('8080');
      await terminal.waitFor('✔ Port the app listens on 8080');
      await accept(terminal, 'Who may connect');
      const setup = await customise(terminal);
      expect(setup).toMatch(/Network\s+default deny; in: via an HTTPRoute on the Gateway gateway-system\/public, only from pods in gateway-system, on port 8080; out: DNS only/);
      if (GIT) expect(setup).toMatch(/Image\s+ghcr\.io\/acme\/node-app:0\.1\.0, built from Acme\/Node-App/);
      expect(await accept(terminal, 'App name')).toContain('(node-app, detected from package.json)');
      await accept(terminal, 'Runtime version');
      await accept(terminal, 'Build tool');
      await accept(terminal, 'Route from outside the cluster');
      await accept(terminal, 'Gateway the route attaches to');
      await type(terminal, 'Host names', 'shop.example.com');
      await accept(terminal, 'Namespace of the pods that forward outside traffic');
      await accept(terminal, 'Labels of those pods');
      await type(terminal, 'Outbound connections', 'postgres=10.0.0.0/16,https');
      await accept(terminal, 'Paths the app writes to');
      if (GIT) expect(await accept(terminal, 'Image repository')).toContain('(ghcr.io/acme/node-app, detected from git remote origin)');
      else await accept(terminal, 'Image repository');
      await accept(terminal, 'Source repository');
      await accept(terminal, 'CI system');
      await accept(terminal, 'Image signing');
      await accept(terminal, 'Admission policy');
      await accept(terminal, 'Falco runtime rules');
      const summary = await accept(terminal, 'Your answers');
      expect(summary).toMatch(/--port\s+8080/);
      const review = await terminal.waitFor('Review: node-app');
      expect(review).toMatch(/\[x\] new\s+Dockerfile/);
      // The review fits the terminal: its heading stays on the first row (nothing scrolled it off)
      // and the key help on the last rows. (Its first frame can arrive before the lines of the
      // question screen are cleared, under load: wait for the layout, then look at it.)
      const rows = await terminal.waitForRows((shown) => /^Review: node-app/.test(shown[0] ?? ''));
      expect(rows[0]).toMatch(/^Review: node-app/);
      expect(rows.slice(-3).join('\n')).toMatch(/w write/);
      await settle();
      terminal.write('w');
      await terminal.waitFor('? Run checks on the generated files now?');
      terminal.write(KEYS.space);
      terminal.write(KEYS.enter);
      await terminal.waitFor('kind: Deployment');
      await terminal.waitFor('✔ passed');
      expect(await terminal.exitCode()).toBe(0);
      expect(terminal.transcript()).toMatch(/Next steps/);
      // Colour is on by default (so the NO_COLOR walk below proves something).
      expect(terminal.raw()).toMatch(/\x1b\[[0-9;]*[1-9][0-9;]*m/);

      const expected = await copyExample('node-app', 'flags');
      runWithFlags(expected, [
        '--yes', '--language', 'node', '--name', 'node-app', '--runtime-version', '22', '--entrypoint', 'server.js',
        '--port', '8080', '--hostnames', 'shop.example.com', '--egress', 'postgres=10.0.0.0/16,https',
        ...(GIT ? ['--image', 'ghcr.io/acme/node-app', '--repository', 'Acme/Node-App'] : []),
      ]);
      expect(await tree(dir)).toEqual(await tree(expected));
    } finally {
      await rm(path.join(pathDir, 'kubectl'), { force: true });
    }
  });

  it('walks a Python project on a wide terminal, with internal exposure and extra writable paths', async () => {
    const dir = await copyExample('python-app', 'wizard');
    const terminal = startWizard(dir, { cols: 132, rows: 40 });
    const first = await terminal.waitFor('? Language');
    expect(first).toMatch(/--runtime-version\s+3\.13\s+from pyproject\.toml requires-python/);
    expect(first).toMatch(/--build-tool\s+pip\s+from requirements\.txt/);
    expect(first).toMatch(/--entrypoint\s+app\.py\s+from app\.py/);
    terminal.write(KEYS.enter);
    await accept(terminal, 'Entry point');
    // Esc goes back one question, with the answer given kept as the default.
    await terminal.waitFor('? Port the app listens on');
    terminal.write(KEYS.escape);
    await terminal.waitFor('? Entry point (app.py');
    terminal.write(KEYS.enter);
    expect(await accept(terminal, 'Port the app listens on')).toContain('(8000, detected from app.py (the fallback of the PORT variable))');
    await terminal.waitFor('? Who may connect');
    terminal.write(KEYS.down);
    await terminal.waitFor('❯ internal');
    terminal.write(KEYS.enter);
    // Internal exposure needs clients: an empty answer is refused with the reason.
    await type(terminal, 'Client apps allowed to connect', '');
    await terminal.waitFor('internal exposure needs at least one client');
    terminal.answer('frontend,web/gateway');
    expect(await customise(terminal)).toMatch(/in: only frontend, web\/gateway, on port 8000/);
    // One Python runtime version in the catalogue: not a question.
    for (const question of ['App name', 'Build tool', 'Outbound connections']) await accept(terminal, question);
    await type(terminal, 'Paths the app writes to', '/tmp,/var/cache/app');
    for (const question of ['Image repository', 'Source repository', 'CI system', 'Image signing', 'Admission policy', 'Falco runtime rules', 'Your answers']) {
      await accept(terminal, question);
    }
    // Wide: the file under the cursor is previewed beside the list.
    const review = await terminal.waitFor('Review: python-app');
    expect(review).toMatch(/› \[x\] new\s+Dockerfile.*\s1\s{2}\S/);
    await settle();
    terminal.write('w');
    expect(await terminal.exitCode()).toBe(0);

    const expected = await copyExample('python-app', 'flags');
    runWithFlags(expected, [
      '--yes', '--language', 'python', '--name', 'python-app', '--runtime-version', '3.13', '--build-tool', 'pip', '--entrypoint', 'app.py',
      '--exposure', 'internal', '--clients', 'frontend,web/gateway', '--writable', '/tmp,/var/cache/app',
    ]);
    expect(await tree(dir)).toEqual(await tree(expected));
  });

  it('walks a Go project with its own Dockerfile: shows the diff and keeps the file without consent (NO_COLOR)', async () => {
    const dir = await copyExample('go-app', 'wizard');
    const original = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const terminal = startWizard(dir, { env: { NO_COLOR: '1' } });
    const first = await terminal.waitFor('? Language');
    expect(first).toMatch(/--port\s+8081\s+from main\.go \(the fallback of the PORT variable\)/);
    expect(first).toMatch(/--entrypoint\s+\.\s+from main\.go/);
    expect(first).toMatch(/runs as root/);
    // Before the questions, what weakens the Dockerfile it has: why the new one differs.
    expect(first).toMatch(/What weakens the existing setup: \d+ findings? \(.*\); the generated files avoid them\./);
    expect(first).toMatch(/^ {2}(critical|high|medium) +Dockerfile:\d+ /m);
    for (const question of DEFAULT_WALK) {
      const screen = await accept(terminal, question);
      if (question === 'Port the app listens on') expect(screen).toContain('(8081, detected from main.go (the fallback of the PORT variable))');
    }
    const review = await terminal.waitFor('Review: go-app');
    expect(review).toMatch(/› \[ \] changed\s+Dockerfile \+\d+ -\d+/);
    expect(review).toMatch(/1 changed file kept as on disk/);
    await settle();
    terminal.write(KEYS.enter);
    const diff = await terminal.waitFor('diff against the file on disk');
    expect(diff).toMatch(/^-FROM golang:1\.25$/m);
    await settle();
    terminal.write(KEYS.escape);
    await terminal.waitFor('Review: go-app');
    await settle();
    terminal.write('w');
    expect(await terminal.exitCode()).toBe(0);
    // No colour codes at all (SGR sequences), everywhere: prompts, review, summary.
    expect(terminal.raw()).not.toMatch(/\x1b\[[0-9;]*[1-9][0-9;]*m/);

    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(original);
    const expected = await copyExample('go-app', 'flags');
    runWithFlags(expected, ['--yes', '--language', 'go', '--name', 'go-app', '--runtime-version', '1.25', '--entrypoint', '.', '--port', '8081', '--force']);
    const { Dockerfile: generated, 'Dockerfile.bak': _backup, ...others } = await tree(expected);
    expect(generated).not.toBe(original);
    expect(await tree(dir)).toEqual({ ...others, Dockerfile: original });
  });

  it('opens a saved profile at the summary; files that are its own unedited output start selected when a revised answer changes them', async () => {
    const flags = ['--yes', '--language', 'node', '--name', 'node-app', '--entrypoint', 'server.js'];
    const dir = await copyExample('node-app', 'saved');
    runWithFlags(dir, flags);
    const terminal = startWizard(dir);
    const summary = await terminal.waitFor('? Your answers');
    expect(terminal.transcript()).toContain('Answers loaded from .secure-container.yaml');
    expect(summary).toMatch(/❯ Continue: review the files/);
    // Down to --port: language, name, runtime-version, build-tool, entrypoint, port.
    for (let i = 0; i < 6; i++) terminal.write(KEYS.down);
    await terminal.waitFor(/❯ --port\s+8080/);
    terminal.write(KEYS.enter);
    await type(terminal, 'Port the app listens on', '9090');
    await accept(terminal, 'Your answers');
    // The files on disk are this tool's own output, unedited: replacing them loses nothing, so
    // they start selected.
    const review = await terminal.waitFor('Review: node-app');
    expect(review).toMatch(/\[x\] changed\s+k8s\/deployment\.yaml \+\d+ -\d+\s+written by us earlier/);
    expect(review).toMatch(/ {6}unchanged\s+\.dockerignore/);
    await settle();
    terminal.write('w');
    expect(await terminal.exitCode()).toBe(0);
    expect(terminal.transcript()).toMatch(/Previous versions kept as .*k8s\/deployment\.yaml\.bak/);

    const expected = await copyExample('node-app', 'saved-flags');
    runWithFlags(expected, flags);
    runWithFlags(expected, ['--port', '9090', '--force']);
    expect(await tree(dir)).toEqual(await tree(expected));
  });

  it.each(['node-app', 'python-app', 'go-app'])(
    'reaches written files in %s in 6 keystrokes, and the command it prints reproduces them',
    async (example) => {
      const dir = await copyExample(example, 'keystrokes');
      const terminal = startWizard(dir);
      let keystrokes = 0;
      for (const question of DEFAULT_WALK) {
        await accept(terminal, question);
        keystrokes++;
      }
      await terminal.waitFor(`Review: ${example}`);
      await settle();
      terminal.write('w');
      keystrokes++;
      expect(await terminal.exitCode()).toBe(0);
      expect(keystrokes).toBeLessThanOrEqual(6);

      // The printed command is valid flag syntax that gives the same files without questions.
      const printed = terminal.transcript().match(/The same setup without questions\s+(npx create-secure-container .+)/)?.[1];
      expect(printed).toBeDefined();
      const [, , shownDir, ...args] = splitShellWords(printed!.trim());
      expect(path.resolve(scratch, shownDir!)).toBe(dir);
      const expected = await copyExample(example, 'keystrokes-flags');
      // go-app has a Dockerfile of its own: the review kept it (a changed file starts unselected);
      // --yes refuses to replace it without --force, which keeps a .bak.
      runWithFlags(expected, ['--yes', ...args, ...(example === 'go-app' ? ['--force'] : [])]);
      const { Dockerfile: flagsDockerfile, 'Dockerfile.bak': _backup, ...flagsOthers } = await tree(expected);
      const { Dockerfile: wizardDockerfile, ...wizardOthers } = await tree(dir);
      expect(wizardOthers).toEqual(flagsOthers);
      if (example !== 'go-app') expect(wizardDockerfile).toBe(flagsDockerfile);
    },
  );

  it('offers the build only when the Docker daemon answers; a failing check is printed whole and the exit code says so', async () => {
    const dir = await copyExample('python-app', 'checks');
    const fakes = {
      // A client whose daemon is down: `docker --version` works, `docker version` fails.
      docker: '#!/bin/sh\nif [ "$1" = --version ]; then echo "Docker version 28.2.2, build e6534b4"; exit 0; fi\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n',
      hadolint: `#!/bin/sh\nif [ "$1" = --version ]; then echo "Haskell Dockerfile Linter 2.12.0"; exit 0; fi\necho "Dockerfile:3 DL3008 ${'x'.repeat(150)} end-of-the-long-line"\nexit 1\n`,
    };
    for (const [name, script] of Object.entries(fakes)) {
      await writeFile(path.join(pathDir, name), script);
      await chmod(path.join(pathDir, name), 0o755);
    }
    try {
      const terminal = startWizard(dir);
      for (const question of DEFAULT_WALK) await accept(terminal, question);
      await terminal.waitFor('Review: python-app');
      await settle();
      terminal.write('w');
      const offer = await terminal.waitFor('? Run checks on the generated files now?');
      expect(terminal.transcript()).toContain('Not offered:');
      expect(terminal.transcript()).toContain('the image build (the Docker daemon does not answer `docker version`)');
      expect(offer).not.toContain('docker build');
      terminal.write(KEYS.space);
      terminal.write(KEYS.enter);
      expect(await terminal.exitCode()).toBe(1);
      // The window cut the long line; the report after it does not.
      expect(terminal.transcript()).toContain('end-of-the-long-line');
      expect(terminal.transcript()).toMatch(/1 check failed: hadolint Dockerfile\. The files stay written/);
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM /m);
    } finally {
      for (const name of Object.keys(fakes)) await rm(path.join(pathDir, name), { force: true });
    }
  });

  it('Ctrl-C mid-interview exits 130, restores the cursor and leaves the directory untouched', async () => {
    const dir = await copyExample('node-app', 'interrupted');
    const before = await tree(dir);
    const terminal = startWizard(dir);
    for (const question of ['Language', 'Entry point']) await accept(terminal, question);
    await terminal.waitFor('? Port the app listens on');
    terminal.write(KEYS.ctrlC);
    expect(await terminal.exitCode()).toBe(130);
    expect(terminal.screen()).toContain('Interrupted; nothing was written.');
    expect(terminal.raw().lastIndexOf('\x1b[?25h')).toBeGreaterThan(terminal.raw().lastIndexOf('\x1b[?25l'));
    expect(await tree(dir)).toEqual(before);
  });

  it('Ctrl-C in the review exits 130 and q (confirmed) cancels with 1; neither writes anything', async () => {
    const dir = await copyExample('go-app', 'review-exit');
    const before = await tree(dir);
    for (const [keys, code, message] of [[[KEYS.ctrlC], 130, 'Interrupted; nothing was written.'], [['q', 'y'], 1, 'Cancelled; nothing was written.']] as const) {
      const terminal = startWizard(dir);
      for (const question of DEFAULT_WALK) await accept(terminal, question);
      await terminal.waitFor('Review: go-app');
      await settle();
      for (const key of keys) {
        terminal.write(key);
        if (key === 'q') await terminal.waitFor('Leave without writing anything?');
      }
      expect(await terminal.exitCode()).toBe(code);
      expect(terminal.screen()).toContain(message);
      expect(await tree(dir)).toEqual(before);
    }
  });
});
