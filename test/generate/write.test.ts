import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteError, compareWithDisk, interruptWrites, resolveInside, writeChanges } from '../../src/generate/write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = [
  { path: 'Dockerfile', content: 'FROM scratch\n' },
  { path: 'k8s/deployment.yaml', content: 'kind: Deployment\n' },
];

async function listAll(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

describe('compareWithDisk', () => {
  it('marks files new, changed or unchanged, with line counts', async () => {
    await mkdir(path.join(dir, 'k8s'));
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    await writeFile(path.join(dir, 'k8s/deployment.yaml'), 'kind: Pod\nextra: 1\n');
    const changes = await compareWithDisk(dir, [...files, { path: 'new.txt', content: 'a\nb\n' }]);
    expect(changes.map((c) => [c.file.path, c.status, c.added, c.removed])).toEqual([
      ['Dockerfile', 'unchanged', 0, 0],
      ['k8s/deployment.yaml', 'changed', 1, 2],
      ['new.txt', 'new', 2, 0],
    ]);
    expect(changes[1]!.previous).toBe('kind: Pod\nextra: 1\n');
  });

  it('treats a symbolic link as a change it will not follow', async () => {
    await writeFile(path.join(dir, 'outside.txt'), 'secret\n');
    await symlink(path.join(dir, 'outside.txt'), path.join(dir, 'Dockerfile'));
    const [change] = await compareWithDisk(dir, [files[0]!]);
    expect(change).toMatchObject({ status: 'changed', note: expect.stringMatching(/symbolic link/) });
  });

  it('refuses paths that leave the target', () => {
    expect(() => resolveInside(dir, '../escape')).toThrow(WriteError);
    expect(() => resolveInside(dir, '/etc/passwd')).toThrow(WriteError);
  });
});

describe('writeChanges', () => {
  it('writes new files and creates folders, leaving no temp files', async () => {
    const result = await writeChanges(dir, await compareWithDisk(dir, files));
    expect(result.written).toEqual(['Dockerfile', 'k8s/deployment.yaml']);
    expect(await listAll(dir)).toEqual(['Dockerfile', path.join('k8s', 'deployment.yaml')]);
    expect(await readFile(path.join(dir, 'k8s/deployment.yaml'), 'utf8')).toBe('kind: Deployment\n');
  });

  it('changes nothing when run again with the same content', async () => {
    await writeChanges(dir, await compareWithDisk(dir, files));
    const again = await writeChanges(dir, await compareWithDisk(dir, files));
    expect(again.written).toEqual([]);
    expect(again.unchanged).toEqual(['Dockerfile', 'k8s/deployment.yaml']);
  });

  it('refuses to replace a changed file without force, writing nothing at all', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM mine\n');
    await expect(writeChanges(dir, await compareWithDisk(dir, files))).rejects.toThrow(/use --force/);
    expect(await listAll(dir)).toEqual(['Dockerfile']);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM mine\n');
  });

  it('with force keeps a .bak of each replaced file, never overwriting an older backup', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM mine\n');
    await writeFile(path.join(dir, 'Dockerfile.bak'), 'FROM older\n');
    const result = await writeChanges(dir, await compareWithDisk(dir, files), { force: true });
    expect(result.backups).toEqual(['Dockerfile.bak.1']);
    expect(await readFile(path.join(dir, 'Dockerfile.bak.1'), 'utf8')).toBe('FROM mine\n');
    expect(await readFile(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe('FROM older\n');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  it('replaces a symbolic link with a file instead of writing through it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'csc-outside-'));
    try {
      await writeFile(path.join(outside, 'target'), 'untouched\n');
      await symlink(path.join(outside, 'target'), path.join(dir, 'Dockerfile'));
      await writeChanges(dir, await compareWithDisk(dir, [files[0]!]), { force: true });
      expect(await readFile(path.join(outside, 'target'), 'utf8')).toBe('untouched\n');
      expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a folder that leads outside the target through a symbolic link', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'csc-outside-'));
    try {
      const changes = await compareWithDisk(dir, files);
      await symlink(outside, path.join(dir, 'k8s'));
      await expect(compareWithDisk(dir, files)).rejects.toThrow(/the folder k8s is a symbolic link/);
      await expect(writeChanges(dir, changes)).rejects.toThrow(/the folder k8s is a symbolic link/);
      expect(await readdir(outside)).toEqual([]);
      // Refused before anything was created: no Dockerfile, no lock, no staging folder.
      expect(await listAll(dir)).toEqual(['k8s']);
      expect(await readdir(dir)).toEqual(['k8s']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('writeChanges with an abort signal', () => {
  it('aborted before the write starts: rejects, and leaves no file behind', async () => {
    const controller = new AbortController();
    controller.abort();
    const changes = await compareWithDisk(dir, files);
    await expect(writeChanges(dir, changes, { signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(await listAll(dir)).toEqual([]);
  });

  it('aborted during staging: no temp file is left and nothing is replaced', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM old\n');
    const controller = new AbortController();
    const many = [...files, ...Array.from({ length: 20 }, (_, i) => ({ path: `k8s/extra-${i}.yaml`, content: `n: ${i}\n` }))];
    const changes = await compareWithDisk(dir, many);
    const pending = writeChanges(dir, changes, { force: true, signal: controller.signal });
    // Abort after the first staged file: staging awaits between files.
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect(await listAll(dir)).toEqual(['Dockerfile']);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM old\n');
  });

  it('once files move into place, an abort lets the write finish so the files agree', async () => {
    const controller = new AbortController();
    const changes = await compareWithDisk(dir, files);
    const result = await writeChanges(dir, changes, { signal: controller.signal, onWritten: () => controller.abort() });
    expect(result.written).toEqual(['Dockerfile', 'k8s/deployment.yaml']);
    expect(await listAll(dir)).toEqual(['Dockerfile', 'k8s/deployment.yaml']);
  });
});

describe('interruptWrites (what the SIGINT handlers call)', () => {
  it('with no write in progress: idle', async () => {
    expect(await interruptWrites()).toBe('idle');
  });

  it('before the commit point: the write stops, every file stays as it was, and no staging or lock is left', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM old\n');
    let interruption: Promise<string> | undefined;
    const pending = writeChanges(dir, await compareWithDisk(dir, files), {
      force: true,
      beforeStep: (step) => {
        if (step === 'stage-backup') interruption ??= interruptWrites();
      },
    });
    await expect(pending).rejects.toThrow(/abort/i);
    expect(await interruption).toBe('stopped');
    expect(await listAll(dir)).toEqual(['Dockerfile']);
    expect(await readdir(dir)).toEqual(['Dockerfile']);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM old\n');
  });

  it('after the commit point: the write finishes first, and says so', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM old\n');
    let interruption: Promise<string> | undefined;
    const result = await writeChanges(dir, await compareWithDisk(dir, files), {
      force: true,
      beforeStep: (step) => {
        if (step === 'backup') interruption ??= interruptWrites();
      },
    });
    expect(await interruption).toBe('finished');
    expect(result.written).toEqual(['Dockerfile', 'k8s/deployment.yaml']);
    expect(await listAll(dir)).toEqual(['Dockerfile', 'Dockerfile.bak', 'k8s/deployment.yaml']);
  });
});
