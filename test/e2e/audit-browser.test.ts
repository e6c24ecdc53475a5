// The audit browser as a person uses it: the built binary in a real pseudo-terminal at 80x24, on a
// copy of examples/insecure-repo. Open a rule group, preview and apply "fix all", watch the count
// drop, undo, record a suppression with a reason, quit; then check the files on disk, that nothing
// was left behind, and that the exit code is the one the non-interactive run gives for the result.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, Terminal } from './terminal.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
/** The rule whose "fix all" the walk applies: several findings in one repository, each with a fix. */
const RULE = 'workflow/missing-permissions';

let scratch: string;
const terminals: Terminal[] = [];

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  scratch = await mkdtemp(path.join(tmpdir(), 'csc-e2e-audit-'));
  return () => rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});

async function copyInsecureRepo(as: string): Promise<string> {
  const dir = path.join(scratch, as);
  await cp(path.join(ROOT, 'examples/insecure-repo'), dir, { recursive: true });
  return dir;
}

function startBrowser(dir: string, env: Record<string, string | undefined> = {}): Terminal {
  const terminal = new Terminal('node', [BIN, 'audit', '.'], {
    cwd: dir,
    cols: 80,
    rows: 24,
    env: { CI: undefined, CONTINUOUS_INTEGRATION: undefined, GITHUB_ACTIONS: undefined, TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
  });
  terminals.push(terminal);
  return terminal;
}

/** Ink subscribes a screen's keys just after drawing it; a person never types that fast. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

function findingCount(screen: string): number {
  const match = /score \d+\/100 {2}(\d+) findings?/.exec(screen);
  if (!match) throw new Error(`no finding count on the screen:\n${screen}`);
  return Number(match[1]);
}

async function tree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    out[path.relative(root, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return out;
}

/** The non-interactive run on the same folder: its exit code is what `q` must return. */
function reportExitCode(dir: string): number | null {
  return spawnSync(process.execPath, [BIN, 'audit', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, CI: 'true' }, input: '' }).status;
}

describe('the audit browser in a terminal', () => {
  it('fixes all of a rule, undoes it, records a suppression and quits with the gate exit code', async () => {
    const dir = await copyInsecureRepo('walk');
    const original = await tree(dir);
    const terminal = startBrowser(dir);
    const first = await terminal.waitFor(/score \d+\/100/, 15000);
    const total = findingCount(first);
    expect(first).toContain('critical');
    expect(first).toContain('by rule (g)');
    // Fits 80x24: no row wider than the terminal, the key line at the bottom.
    expect(terminal.rows().every((row) => row.length <= 80)).toBe(true);
    expect(first).toContain('? keys · q quit');
    await settle();

    // Find the rule group and open it.
    terminal.write('/');
    terminal.write(RULE);
    await terminal.waitFor(`/${RULE}▌`);
    terminal.write(KEYS.enter);
    await settle();
    terminal.write(KEYS.enter);
    const group = await terminal.waitFor(new RegExp(`── ${RULE} — (\\d+) findings`));
    const ruleCount = Number(new RegExp(`── ${RULE} — (\\d+) findings`).exec(group)![1]);
    expect(ruleCount).toBeGreaterThan(1);
    await settle();

    // Preview "fix all": a diff of the workflow files.
    terminal.write('F');
    const preview = await terminal.waitFor(`Fix all ${ruleCount} of ${RULE}`);
    expect(preview).toContain('--- a/.github/workflows/ci.yml');
    expect(preview).toMatch(/^\+permissions:/m);
    expect(preview).toContain('y apply');
    await settle();
    terminal.write('y');
    const fixed = await terminal.waitFor(/Fixed \d+ findings in \d+ files \(u undoes\)/, 15000);
    expect(findingCount(fixed)).toBeLessThan(total);
    expect(fixed).toContain(`${total} → ${findingCount(fixed)} findings`);
    const onDisk = await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8');
    expect(onDisk).toMatch(/^permissions:/m);
    expect(original['.github/workflows/ci.yml']).not.toMatch(/^permissions:/m);
    await settle();

    // Undo: the files are as the audit first read them, and the count is back.
    terminal.write('u');
    const undone = await terminal.waitFor('Undid the last fix', 15000);
    expect(findingCount(undone)).toBe(total);
    expect(await readFile(path.join(dir, '.github/workflows/ci.yml'), 'utf8')).toBe(original['.github/workflows/ci.yml']);
    await settle();

    // Suppress the finding under the cursor with a reason, inline.
    terminal.write('c');
    await settle();
    terminal.write('/');
    terminal.write('k8s/host-path');
    await terminal.waitFor('/k8s/host-path▌');
    terminal.write(KEYS.enter);
    await settle();
    terminal.write('i');
    await terminal.waitFor('Reason (required)');
    await settle();
    terminal.write(KEYS.enter);
    await terminal.waitFor('a reason is required');
    terminal.write('the log agent reads the docker socket');
    await settle();
    terminal.write(KEYS.enter);
    const suppressed = await terminal.waitFor(/Suppressed k8s\/host-path at k8s\/deployment\.yaml:\d+ inline/, 15000);
    expect(findingCount(suppressed)).toBe(total - 1);
    await settle();

    terminal.write('q');
    const code = await terminal.exitCode(15000);
    expect(terminal.screen()).toMatch(new RegExp(`Audit: ${total - 1} findings left, score \\d+/100; exit 1`));

    // On disk: the workflows as they were, one comment added above the host path, nothing else.
    const after = await tree(dir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(original).sort());
    for (const file of Object.keys(original)) if (file !== 'k8s/deployment.yaml') expect(after[file], file).toBe(original[file]);
    const added = after['k8s/deployment.yaml']!.split('\n').filter((line) => !original['k8s/deployment.yaml']!.split('\n').includes(line));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^\s+# secure-container-ignore k8s\/host-path the log agent reads the docker socket$/);
    expect(code).toBe(reportExitCode(dir));
    expect(code).toBe(1);
  }, 90_000);

  it('honours NO_COLOR and exits 130 on Ctrl-C', async () => {
    const dir = await copyInsecureRepo('no-color');
    const terminal = startBrowser(dir, { NO_COLOR: '1' });
    await terminal.waitFor(/score \d+\/100/, 15000);
    await settle();
    terminal.write(KEYS.ctrlC);
    expect(await terminal.exitCode()).toBe(130);
    expect(terminal.raw()).not.toMatch(/\x1b\[[0-9;]*[1-9][0-9;]*m/);
    expect(terminal.screen()).toMatch(/Audit: interrupted; \d+ findings left/);
  }, 30_000);
});
