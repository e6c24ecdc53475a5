// audit --output into what a user can name: /dev/null, /dev/stdout, a FIFO, a regular file, a
// link to one, /dev/full. Special files are written in place (never replaced by a regular file);
// regular files are replaced atomically by rename, through a link without replacing the link.
// Device nodes and the /dev/stdout link are private copies in a temp folder: a regression must
// not be able to replace the machine's own /dev/null (the bug this guards against did, as root).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/create-secure-container.js');
const ENV = { ...process.env, NO_COLOR: '1', CI: 'true' };
const EXAMPLE = path.join(ROOT, 'examples/insecure-repo');

function audit(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, 'audit', EXAMPLE, '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8', env: ENV, input: '' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * /dev/null or /dev/full (char device 1,N). As root the test makes its own node in the temp
 * folder, so a regression (a rename over the target) can only replace that node, never the
 * system's /dev/null; without root the system's own is used, which nobody can rename over.
 */
async function privateDevice(name: 'null' | 'full', minor: number): Promise<string> {
  if (process.getuid?.() !== 0) return `/dev/${name}`;
  const node = path.join(dir, name);
  execFileSync('mknod', ['-m', '666', node, 'c', '1', String(minor)]);
  return node;
}

let dir: string;
beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-output-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit --output', () => {
  it('writes into /dev/null in place: it stays a character device', async () => {
    const devNull = await privateDevice('null', 3);
    const { code, stderr } = audit(['-o', devNull]);
    expect(stderr).toMatch(/Wrote the json report \(\d+ findings\) to \S*null\n/);
    expect(code).toBe(1);
    expect((await lstat(devNull)).isCharacterDevice()).toBe(true);
  });

  it('delivers the report through -o /dev/stdout when stdout is a pipe', async () => {
    // A link of our own to /proc/self/fd/1, which is what /dev/stdout is on Linux.
    const stdoutLink = path.join(dir, 'stdout');
    await symlink('/proc/self/fd/1', stdoutLink);
    const { code, stdout } = audit(['-o', stdoutLink]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).findings.length).toBeGreaterThan(10);
    expect((await lstat(stdoutLink)).isSymbolicLink()).toBe(true);
  });

  it('writes into a FIFO that has a reader', async () => {
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve(text)).on('error', reject);
    });
    const child = spawn(process.execPath, [BIN, 'audit', EXAMPLE, '--format', 'json', '-o', fifo], { env: ENV, stdio: 'ignore' });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(JSON.parse(await received).findings.length).toBeGreaterThan(10);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('replaces a regular file atomically (a new inode, no temp file left)', async () => {
    const out = path.join(dir, 'report.json');
    await writeFile(out, 'old report');
    const before = await stat(out);
    expect(audit(['-o', out]).code).toBe(1);
    const after = await stat(out);
    expect(after.ino).not.toBe(before.ino);
    expect(JSON.parse(await readFile(out, 'utf8')).findings.length).toBeGreaterThan(10);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the file a link points to, atomically, and the link stays a link', async () => {
    const real = path.join(dir, 'reports', 'latest.json');
    await mkdir(path.dirname(real));
    await writeFile(real, 'old report');
    const before = await stat(real);
    const link = path.join(dir, 'report.json');
    await symlink(real, link);
    expect(audit(['-o', link]).code).toBe(1);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const after = await stat(real);
    expect(after.ino).not.toBe(before.ino);
    expect(JSON.parse(await readFile(real, 'utf8')).findings.length).toBeGreaterThan(10);
    expect([...(await readdir(dir)), ...(await readdir(path.dirname(real)))].filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says in words why a special file cannot be written (/dev/full: no space left)', async () => {
    const devFull = await privateDevice('full', 7);
    const { code, stderr } = audit(['-o', devFull]);
    expect(code).toBe(2);
    expect(stderr).toBe(`create-secure-container: --output ${devFull}: cannot write: no space left on the device\n`);
    expect((await lstat(devFull)).isCharacterDevice()).toBe(true);
  });
});
