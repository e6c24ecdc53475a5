// The built command given hostile inputs: FIFOs, /dev/zero, a linked saved profile, prototype
// keys in an audit config, an endless standard input, paths with control characters. Each run
// ends promptly with exit 2 and a message that names the path and quotes nothing from the file.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
const ENV = { ...process.env, NO_COLOR: '1', CI: 'true' };
const SHADOW = 'root:$6$c2VjcmV0LWhhc2g$0123456789abcdef:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n';

function run(args: string[], options: { uid?: number; gid?: number } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: ENV, input: '', timeout: 15_000, ...options });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

const GENERATE = ['--yes', '--name', 'web', '--language', 'node', '--dry-run'];
let dir: string;
beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-untrusted-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('special files as inputs', () => {
  it.each([
    ['--profile', (fifo: string) => ['--profile', fifo]],
    ['--public-key', (fifo: string) => ['--sign', 'key', '--public-key', fifo]],
  ])('refuses a FIFO with no writer as %s at once', async (_flag, args) => {
    const fifo = path.join(dir, 'input.fifo');
    execFileSync('mkfifo', [fifo]);
    const target = path.join(dir, 'app');
    await mkdir(target);
    const { code, stderr, timedOut } = run([target, ...GENERATE, ...args(fifo)]);
    expect(timedOut).toBe(false);
    expect(code).toBe(2);
    expect(stderr).toContain(`${fifo}: is a named pipe (FIFO), not a regular file`);
  });

  it('refuses a FIFO as the saved .secure-container.yaml', async () => {
    execFileSync('mkfifo', [path.join(dir, '.secure-container.yaml')]);
    const { code, stderr, timedOut } = run([dir, ...GENERATE]);
    expect(timedOut).toBe(false);
    expect(code).toBe(2);
    expect(stderr).toContain('.secure-container.yaml: is a named pipe (FIFO), not a regular file; not a profile');
  });

  it('refuses /dev/zero as --profile and --public-key without reading it', () => {
    expect(run([dir, ...GENERATE, '--profile', '/dev/zero']).stderr).toContain('/dev/zero: is a character device, not a regular file; not a profile');
    const { code, stderr } = run([dir, ...GENERATE, '--sign', 'key', '--public-key', '/dev/zero']);
    expect(code).toBe(2);
    expect(stderr).toBe('create-secure-container: --public-key /dev/zero: is a character device, not a regular file\n');
  });

  it('refuses a saved .secure-container.yaml that links elsewhere, and prints none of the target', async () => {
    await writeFile(path.join(dir, 'shadow'), SHADOW);
    await symlink(path.join(dir, 'shadow'), path.join(dir, '.secure-container.yaml'));
    const { code, stderr } = run([dir, ...GENERATE]);
    expect(code).toBe(2);
    expect(stderr).toContain('.secure-container.yaml: is a symbolic link; it is not followed here');
    expect(stderr).not.toMatch(/root|daemon|20228/);
  });
});

describe('prototype keys', () => {
  it('are refused in the saved profile, naming the key path', async () => {
    await writeFile(path.join(dir, '.secure-container.yaml'), 'version: 1\nprofile:\n  __proto__:\n    polluted: 1\n');
    const { code, stderr } = run([dir, ...GENERATE]);
    expect(code).toBe(2);
    expect(stderr).toContain('.secure-container.yaml: profile.__proto__: the key "__proto__" is not allowed');
    expect(stderr).not.toMatch(/unknown field polluted/);
  });

  it('are refused in the audit configuration, naming line and key path', async () => {
    await writeFile(path.join(dir, '.secure-container.yaml'), 'audit:\n  suppressions:\n    - rule: k8s/host-path\n      reason: ok\n      __proto__:\n        polluted: 1\n');
    const { code, stderr } = run(['audit', dir]);
    expect(code).toBe(2);
    expect(stderr).toBe('create-secure-container: .secure-container.yaml:5:7: audit.suppressions[0].__proto__: the key "__proto__" is not allowed (it could change the behaviour of every object in the program)\n');
  });
});

describe('an endless standard input for audit -', () => {
  it('is refused after 32 MiB, without reading the rest', async () => {
    const child = spawn(process.execPath, [BIN, 'audit', '-'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdin.on('error', () => {}); // EPIPE once the command stops reading: expected
    const chunk = Buffer.from('apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(2000));
    let sent = 0;
    let open = true;
    const pump = () => {
      while (open && child.stdin.write(chunk)) sent += chunk.length;
      if (open) sent += chunk.length;
    };
    child.stdin.on('drain', pump);
    pump();
    const code = await new Promise((resolve) => child.on('close', (exit) => ((open = false), resolve(exit))));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^create-secure-container: standard input is larger than 32 MiB, the most audit - reads; write the manifests to a folder/);
    expect(sent).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('file-system errors', () => {
  it('say which path and why, with exit 2 (permission denied)', async () => {
    const target = path.join(dir, 'app');
    await mkdir(target);
    await chmod(dir, 0o755);
    // As root, run as nobody so the folder is not writable; otherwise make it read-only.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(target, 0o555);
    const { code, stderr } = run([target, '--yes', '--name', 'web', '--language', 'node'], asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/^create-secure-container: .*cannot .*: permission denied\n$/);
    expect(stderr).not.toContain('unexpected error');
  });

  it('escape control characters in a path they name', async () => {
    const profile = path.join(dir, 'evil\u001b]0;owned\u0007.yaml');
    const { code, stderr } = run([dir, ...GENERATE, '--profile', profile]);
    expect(code).toBe(2);
    expect(stderr).toContain('evil\\x1b]0;owned\\x07.yaml: no such file or directory');
    expect(stderr).not.toContain('\u001b');
  });
});
