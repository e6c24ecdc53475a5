// The safe write against hostile layouts, concurrent runs, special files and failing disks:
// every refusal names the path and the cause, and nothing is written outside the target or left
// half-done inside it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileChange, WriteError, compareWithDisk, writeChanges } from '../../src/generate/write.js';

let dir: string;
let outside: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-hostile-'));
  outside = await mkdtemp(path.join(tmpdir(), 'csc-outside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const SECRET = 'root:$6$secret-hash:19000:0:99999:7:::\n';

/** Every entry under root (files, links, folders), relative, sorted. */
async function tree(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).map(String).sort();
}

/** Every regular file under root whose bytes are the secret. */
async function copiesOfSecret(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await tree(root)) {
    const stats = await lstat(path.join(root, name));
    if (stats.isFile() && (await readFile(path.join(root, name), 'utf8')) === SECRET) found.push(name);
  }
  return found;
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

describe('symbolic links', () => {
  it('a target that links outside: --force keeps the link itself as the backup, never the bytes it points to', async () => {
    await writeFile(path.join(outside, 'shadow'), SECRET);
    await symlink(path.join(outside, 'shadow'), path.join(dir, 'Dockerfile'));
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    expect(changes[0]).toMatchObject({ status: 'changed', previous: '', note: expect.stringMatching(/symbolic link/) });
    const result = await writeChanges(dir, changes, { force: true });
    expect(result.backups).toEqual(['Dockerfile.bak']);
    expect((await lstat(path.join(dir, 'Dockerfile.bak'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(dir, 'Dockerfile.bak'))).toBe(path.join(outside, 'shadow'));
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(await copiesOfSecret(dir)).toEqual([]);
    expect(await readFile(path.join(outside, 'shadow'), 'utf8')).toBe(SECRET);
    expect(await tree(outside)).toEqual(['shadow']);
  });

  it('a folder that links outside (.github -> ../outside): refused, and nothing is created outside or inside', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM old\n');
    const files = [
      { path: 'Dockerfile', content: 'FROM new\n' },
      { path: '.github/workflows/ci.yml', content: 'on: push\n' },
    ];
    const changes = await compareWithDisk(dir, files);
    await symlink(outside, path.join(dir, '.github'));
    const refusal = await writeChanges(dir, changes, { force: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WriteError);
    expect((refusal as Error).message).toMatch(/^\.github\/workflows\/ci\.yml: the folder \.github is a symbolic link/);
    expect(await tree(outside)).toEqual([]);
    expect(await tree(dir)).toEqual(['.github', 'Dockerfile']);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM old\n');
    await expect(compareWithDisk(dir, files)).rejects.toThrow(/the folder \.github is a symbolic link/);
  });

  it('a link planted on the .bak name before the write: the backup takes the next name and nothing outside is written', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM mine\n');
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    await symlink(path.join(outside, 'victim'), path.join(dir, 'Dockerfile.bak'));
    const result = await writeChanges(dir, changes, { force: true });
    expect(result.backups).toEqual(['Dockerfile.bak.1']);
    expect(await readFile(path.join(dir, 'Dockerfile.bak.1'), 'utf8')).toBe('FROM mine\n');
    expect(await tree(outside)).toEqual([]);
  });

  it('a link raced onto the chosen .bak name during the commit: the backup refuses it (no follow) and takes the next name', async () => {
    await writeFile(path.join(outside, 'victim'), 'untouched\n');
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM mine\n');
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    const steps: string[] = [];
    const result = await writeChanges(dir, changes, {
      force: true,
      beforeStep: async (step) => {
        steps.push(step);
        // The name Dockerfile.bak was chosen and journaled; an attacker links it to a file outside.
        if (step === 'backup') await symlink(path.join(outside, 'victim'), path.join(dir, 'Dockerfile.bak'));
      },
    });
    expect(steps).toEqual(['stage-new', 'stage-backup', 'journal', 'backup', 'move']);
    expect(result.backups).toEqual(['Dockerfile.bak.1']);
    expect(await readFile(path.join(outside, 'victim'), 'utf8')).toBe('untouched\n');
    expect(await readFile(path.join(dir, 'Dockerfile.bak.1'), 'utf8')).toBe('FROM mine\n');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  it('a staging folder or lock that is a link: refused, and nothing is written through it', async () => {
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    await symlink(outside, path.join(dir, '.secure-container.staging'));
    await expect(writeChanges(dir, changes)).rejects.toThrow(/^\.secure-container\.staging: exists and is not a folder this tool made/);
    await rm(path.join(dir, '.secure-container.staging'));
    await symlink(path.join(outside, 'lock'), path.join(dir, '.secure-container.lock'));
    await expect(writeChanges(dir, changes)).rejects.toThrow(/^\.secure-container\.lock: exists and is not a lock file/);
    expect(await tree(outside)).toEqual([]);
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(false);
  });
});

describe('special files', () => {
  it('a FIFO at a planned path: compareWithDisk and writeChanges refuse at once instead of hanging', async () => {
    const fifo = path.join(dir, 'Dockerfile');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo is not available');
    await expect(compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }])).rejects.toThrow(
      /^Dockerfile: exists and is a named pipe \(FIFO\), not a regular file/,
    );
    // A change computed before the FIFO appeared (hand-made here): the write re-reads and refuses.
    const planned: FileChange = { file: { path: 'Dockerfile', content: 'FROM scratch\n' }, status: 'new', added: 1, removed: 0 };
    await expect(writeChanges(dir, [planned], { force: true })).rejects.toThrow(/named pipe/);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await tree(dir)).toEqual(['Dockerfile']);
  }, 5_000);
});

describe('large files', () => {
  it('a file over 4 MiB at a planned path is refused without being read in full, and its bytes are never in the message', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), Buffer.alloc(5 * 1024 * 1024, 'x'));
    const error = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toBe('Dockerfile: is larger than 4 MiB; not a file this tool replaces (move it away first)');
  });
});

describe('concurrent writes', () => {
  const plan = (label: string) => [
    { path: 'Dockerfile', content: `FROM ${label}\n` },
    { path: 'k8s/deployment.yaml', content: `label: ${label}\n` },
    { path: '.secure-container.yaml', content: `name: ${label}\n` },
  ];

  it('two writes into the same target: exactly one succeeds, the other refuses, no file replaced without a .bak', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM mine\n');
    const [a, b] = [await compareWithDisk(dir, plan('a')), await compareWithDisk(dir, plan('b'))];
    const results = await Promise.allSettled([writeChanges(dir, a!, { force: true }), writeChanges(dir, b!, { force: true })]);
    const ok = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(WriteError);
    expect(String(refused[0]!.reason.message)).toMatch(/another run \(process \d+ on .+\) is writing into this folder|changed on disk since it was read/);
    const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
    for (const file of plan(winner)) expect(await readFile(path.join(dir, file.path), 'utf8')).toBe(file.content);
    expect(await readFile(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe('FROM mine\n');
    expect((await tree(dir)).filter((name) => name.startsWith('.secure-container.') && name !== '.secure-container.yaml')).toEqual([]);
  });

  it('a second run after the first finished refuses: its files changed on disk since it read them', async () => {
    const [a, b] = [await compareWithDisk(dir, plan('a')), await compareWithDisk(dir, plan('b'))];
    await writeChanges(dir, a, { force: true });
    await expect(writeChanges(dir, b, { force: true })).rejects.toThrow(/^Dockerfile: changed on disk since it was read; nothing was written/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
  });

  it('a lock held by a live process: refused, naming the process and what to do', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      const lock = { pid: holder.pid, host: hostname(), started: new Date().toISOString() };
      await writeFile(path.join(dir, '.secure-container.lock'), JSON.stringify(lock));
      const changes = await compareWithDisk(dir, plan('a'));
      await expect(writeChanges(dir, changes)).rejects.toThrow(
        new RegExp(`another run \\(process ${holder.pid} on .+\\) is writing into this folder; nothing was written.*delete \\.secure-container\\.lock`),
      );
      expect(await tree(dir)).toEqual(['.secure-container.lock']);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a stale lock (its process is gone) is taken over', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lock = { pid: Number(gone.stdout), host: hostname(), started: '2026-01-01T00:00:00.000Z' };
    await writeFile(path.join(dir, '.secure-container.lock'), JSON.stringify(lock));
    await writeFile(path.join(dir, `.secure-container.lock.${lock.pid}.0badc0de`), 'a draft of a killed run');
    await writeChanges(dir, await compareWithDisk(dir, plan('a')));
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
    expect(await tree(dir)).toEqual(['.secure-container.yaml', 'Dockerfile', 'k8s', 'k8s/deployment.yaml']);
  });
});

describe('lock files without a readable holder', () => {
  it('a fresh one is respected (its writer may be filling it in); one older than 10 s is taken over', async () => {
    const lockFile = path.join(dir, '.secure-container.lock');
    await writeFile(lockFile, '');
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    await expect(writeChanges(dir, changes)).rejects.toThrow(/another run \(another process\) is writing into this folder/);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, minuteAgo, minuteAgo);
    await writeChanges(dir, changes);
    expect(await tree(dir)).toEqual(['Dockerfile']);
  });

  it('a holder in a lock is never echoed unless it is well-formed', async () => {
    const lockFile = path.join(dir, '.secure-container.lock');
    await writeFile(lockFile, JSON.stringify({ pid: process.pid, host: 'evil\u001b[2J', started: 'now' }));
    const changes = await compareWithDisk(dir, [{ path: 'Dockerfile', content: 'FROM scratch\n' }]);
    const error = await writeChanges(dir, changes).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/another run \(another process\)/);
    expect((error as Error).message).not.toContain('evil');
  });
});

describe('failures at each step leave the files all-old, with a message naming the path and the cause', () => {
  const old = [
    { path: 'Dockerfile', content: 'EXPOSE 8080\n' },
    { path: 'k8s/deployment.yaml', content: 'containerPort: 8080\n' },
    { path: '.secure-container.yaml', content: 'port: 8080\n' },
  ];
  const next = old.map((file) => ({ ...file, content: file.content.replace('8080', '9090') }));

  beforeEach(async () => {
    await mkdir(path.join(dir, 'k8s'));
    for (const file of old) await writeFile(path.join(dir, file.path), file.content);
  });

  async function expectAllOld(): Promise<void> {
    for (const file of old) expect(await readFile(path.join(dir, file.path), 'utf8')).toBe(file.content);
    expect(await tree(dir)).toEqual(['.secure-container.yaml', 'Dockerfile', 'k8s', 'k8s/deployment.yaml']);
  }

  it.each([
    ['stage-backup', 'ENOSPC', /^k8s\/deployment\.yaml\.bak: cannot stage the backup copy: no space left on the device$/],
    ['stage-backup', 'EACCES', /^k8s\/deployment\.yaml\.bak: cannot stage the backup copy: permission denied$/],
    ['stage-new', 'ENOSPC', /^k8s\/deployment\.yaml: cannot stage the new version: no space left on the device$/],
    ['stage-new', 'EROFS', /^k8s\/deployment\.yaml: cannot stage the new version: read-only file system$/],
    ['journal', 'ENOSPC', /^\.secure-container\.staging\/journal\.json: cannot write the journal: no space left on the device$/],
  ])('%s fails with %s: nothing replaced, no staging left', async (failingStep, code, message) => {
    const changes = await compareWithDisk(dir, next);
    const error = await writeChanges(dir, changes, {
      force: true,
      beforeStep: (step, shown) => {
        if (step === failingStep && (step === 'journal' || shown.startsWith('k8s/'))) throw errnoError(code);
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(message);
    await expectAllOld();
  });

  it('a failure after the commit point (a backup on a full disk): the next write finishes the set first', async () => {
    const changes = await compareWithDisk(dir, next);
    const error = await writeChanges(dir, changes, {
      force: true,
      beforeStep: (step, shown) => {
        if (step === 'backup' && shown === 'k8s/deployment.yaml') throw errnoError('ENOSPC');
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^k8s\/deployment\.yaml: cannot create the backup: no space left on the device\. The write stopped after 1 of 3 files were replaced; the next write into this folder finishes the rest first/,
    );
    // A later run with another plan: it completes the interrupted set, then refuses its own stale comparison.
    const stale = await compareWithDisk(dir, old);
    await expect(writeChanges(dir, stale, { force: true })).rejects.toThrow(
      /changed on disk since it was read; nothing was written\. .*An interrupted earlier write into this folder was finished first \(2 files\)/,
    );
    for (const file of next) expect(await readFile(path.join(dir, file.path), 'utf8')).toBe(file.content);
    for (const file of old) expect(await readFile(path.join(dir, `${file.path}.bak`), 'utf8')).toBe(file.content);
    expect((await tree(dir)).filter((name) => /staging|lock|\.tmp$/.test(name))).toEqual([]);
  });

  it('temp files left by the old module and a staging folder without a journal are removed by the next write', async () => {
    await writeFile(path.join(dir, '.Dockerfile.0123456789ab.tmp'), 'half');
    await writeFile(path.join(dir, 'k8s/.deployment.yaml.a1b2c3d4e5f6.tmp'), 'half');
    await writeFile(path.join(dir, '.unrelated.0123456789ab.tmp'), 'not ours');
    await mkdir(path.join(dir, '.secure-container.staging'));
    await writeFile(path.join(dir, '.secure-container.staging/n0'), 'staged by a killed run');
    await writeChanges(dir, await compareWithDisk(dir, next), { force: true });
    expect((await tree(dir)).filter((name) => !name.includes('.bak'))).toEqual([
      '.secure-container.yaml',
      '.unrelated.0123456789ab.tmp',
      'Dockerfile',
      'k8s',
      'k8s/deployment.yaml',
    ]);
  });

  it('a real full file system (a 64 KiB tmpfs): refused with "no space left on the device", all-old', async (context) => {
    const mountPoint = await mkdtemp(path.join(tmpdir(), 'csc-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      await rm(mountPoint, { recursive: true, force: true });
      context.skip(`cannot mount a small tmpfs here (${(mounted.stderr || String(mounted.error)).trim()}); the injected ENOSPC tests cover this`);
    }
    try {
      await mkdir(path.join(mountPoint, 'k8s'));
      for (const file of old) await writeFile(path.join(mountPoint, file.path), file.content);
      const big = next.map((file) => ({ ...file, content: file.content.repeat(2000) })); // ~40 KiB each
      const error = await writeChanges(mountPoint, await compareWithDisk(mountPoint, big), { force: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toMatch(/: cannot stage the new version: no space left on the device$/);
      for (const file of old) expect(await readFile(path.join(mountPoint, file.path), 'utf8')).toBe(file.content);
      expect(await tree(mountPoint)).toEqual(['.secure-container.yaml', 'Dockerfile', 'k8s', 'k8s/deployment.yaml']);
    } finally {
      spawnSync('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  });
});
