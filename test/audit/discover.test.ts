// Discovery over real temporary folders: what is read, what is skipped, and the notes saying why.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DiscoveryError, discover, isAuditedPath, readBounded } from '../../src/audit/discover.js';

let root: string;
let outside: string;

beforeEach(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'csc-discover-'));
  root = path.join(base, 'repo');
  outside = path.join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
});
afterEach(async () => {
  await chmod(path.join(root, 'locked.yaml'), 0o644).catch(() => {});
  await rm(path.dirname(root), { recursive: true, force: true });
});

async function put(relative: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), content);
}

const paths = (result: { files: readonly { path: string }[] }) => result.files.map((file) => file.path);
const noteFor = (result: { notes: readonly { file: string; message: string }[] }, file: string) => result.notes.find((note) => note.file === file)?.message;

describe('discover', () => {
  it('reads Dockerfiles, YAML and secret-scan candidates, Dockerfiles first, with / separators', async () => {
    await put('k8s/deploy.yaml', 'kind: Deployment\n');
    await put('Dockerfile', 'FROM scratch\n');
    await put('services/api/Containerfile', 'FROM scratch\n');
    await put('.env.production', 'TOKEN=x\n');
    await put('README.md', '# not audited\n');
    await put('package-lock.json', '{}\n');
    const result = await discover(root);
    expect(paths(result)).toEqual(['Dockerfile', 'services/api/Containerfile', 'k8s/deploy.yaml', '.env.production']);
    expect(result.files[0]!.text).toBe('FROM scratch\n');
  });

  it('respects .gitignore files, nested ones included, with negation', async () => {
    await put('.gitignore', 'dist/\n*.generated.yaml\n');
    await put('dist/Dockerfile', 'FROM scratch\n');
    await put('app.generated.yaml', 'a: 1\n');
    await put('deploy/.gitignore', '!keep.generated.yaml\nlocal.yaml\n');
    await put('deploy/keep.generated.yaml', 'a: 1\n');
    await put('deploy/local.yaml', 'a: 1\n');
    await put('deploy/app.yaml', 'a: 1\n');
    const result = await discover(root);
    expect(paths(result).sort()).toEqual(['deploy/app.yaml', 'deploy/keep.generated.yaml']);
  });

  it('skips node_modules, vendor and .git but not other build folders unless ignored', async () => {
    await put('node_modules/pkg/Dockerfile', 'FROM scratch\n');
    await put('vendor/lib/deploy.yaml', 'a: 1\n');
    await put('.git/config.yaml', 'a: 1\n');
    await put('build/Dockerfile', 'FROM scratch\n');
    await put('.github/workflows/ci.yml', 'on: push\n');
    expect(paths(await discover(root))).toEqual(['build/Dockerfile', '.github/workflows/ci.yml']);
  });

  it('does not follow a symbolic link out of the root, and says so', async () => {
    await writeFile(path.join(outside, 'secret.yaml'), 'password: hunter2\n');
    await mkdir(path.join(outside, 'dir'));
    await writeFile(path.join(outside, 'dir', 'Dockerfile'), 'FROM scratch\n');
    await symlink(path.join(outside, 'secret.yaml'), path.join(root, 'linked.yaml'));
    await symlink(path.join(outside, 'dir'), path.join(root, 'linked-dir'));
    const result = await discover(root);
    expect(paths(result)).toEqual([]);
    expect(noteFor(result, 'linked.yaml')).toMatch(/outside the audited folder; not followed/);
    expect(noteFor(result, 'linked-dir')).toMatch(/outside the audited folder; not followed/);
  });

  it('follows links inside the root once, keeping files under their own names', async () => {
    await put('real/deploy.yaml', 'a: 1\n');
    await symlink(path.join(root, 'real'), path.join(root, 'alias'));
    await symlink(path.join(root, 'real', 'deploy.yaml'), path.join(root, 'also.yaml'));
    expect(paths(await discover(root))).toEqual(['real/deploy.yaml']);
  });

  it('stops on symbolic link loops', async () => {
    await put('a/deploy.yaml', 'a: 1\n');
    await symlink(path.join(root, 'a'), path.join(root, 'a', 'self'));
    await symlink(path.join(root, 'ping.yaml'), path.join(root, 'pong.yaml'));
    await symlink(path.join(root, 'pong.yaml'), path.join(root, 'ping.yaml'));
    const result = await discover(root);
    expect(paths(result)).toEqual(['a/deploy.yaml']);
    expect(noteFor(result, 'a/self')).toMatch(/loop/);
    expect(noteFor(result, 'ping.yaml')).toMatch(/loop/);
  });

  it('skips binary files and files over the size cap with a note; a readable kind it could not read is listed as unread', async () => {
    await put('blob.json', Buffer.from([0x7b, 0x00, 0x7d]));
    await put('huge.yaml', `a: "${'x'.repeat(2048)}"\n`);
    await put('Dockerfile', `# ${'x'.repeat(2048)}\nFROM scratch\n`);
    await put('small.yaml', 'a: 1\n');
    const result = await discover(root, { ...DEFAULT_LIMITS, maxFileBytes: 1024, maxManifestBytes: 1024 });
    expect(paths(result)).toEqual(['small.yaml']);
    expect(noteFor(result, 'blob.json')).toBe('binary file; not audited');
    expect(noteFor(result, 'huge.yaml')).toBe('larger than 1 KiB; not audited');
    expect(result.unread).toEqual([
      { file: 'Dockerfile', reason: 'larger than 1 KiB' },
      { file: 'huge.yaml', reason: 'larger than 1 KiB' },
    ]);
  });

  it('reads manifests up to their own, larger limit (a 2 MB install.yaml is audited)', async () => {
    const install = `${Array.from({ length: 20_000 }, (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('')}`;
    expect(install.length).toBeGreaterThan(1024 * 1024);
    await put('manifests/install.yaml', install);
    await put('svc/Dockerfile', `# ${'x'.repeat(1024 * 1024)}\nFROM scratch\n`);
    const result = await discover(root);
    expect(paths(result)).toContain('manifests/install.yaml');
    // Other files keep the 1 MiB limit.
    expect(result.unread).toEqual([{ file: 'svc/Dockerfile', reason: 'larger than 1 MiB' }]);
  });

  it('stops reading at the total byte budget, Dockerfiles before other files', async () => {
    await put('Dockerfile', 'FROM scratch\n');
    await put('a.yaml', 'a: 1\n');
    await put('b.yaml', 'b: 1\n');
    const result = await discover(root, { ...DEFAULT_LIMITS, maxTotalBytes: 14 });
    expect(paths(result)).toEqual(['Dockerfile', 'a.yaml']);
    expect(noteFor(result, '.')).toMatch(/1 more file was not audited/);
  });

  it('notes a Helm chart instead of reporting its templates as broken YAML', async () => {
    await put('chart/Chart.yaml', 'name: app\n');
    await put('chart/values.yaml', 'replicas: 1\n');
    await put('chart/templates/deployment.yaml', 'replicas: {{ .Values.replicas }}\n');
    const result = await discover(root);
    expect(paths(result).sort()).toEqual(['chart/Chart.yaml', 'chart/values.yaml']);
    expect(noteFor(result, 'chart/templates')).toMatch(/helm template chart \| create-secure-container audit -/);
  });

  it.skipIf(process.getuid?.() === 0)('notes an unreadable file instead of failing', async () => {
    await put('locked.yaml', 'a: 1\n');
    await put('open.yaml', 'a: 1\n');
    await chmod(path.join(root, 'locked.yaml'), 0o000);
    const result = await discover(root);
    expect(paths(result)).toEqual(['open.yaml']);
    expect(noteFor(result, 'locked.yaml')).toBe('cannot read: permission denied; not audited');
  });

  it('refuses a root that does not exist or is not a folder', async () => {
    await expect(discover(path.join(root, 'missing'))).rejects.toThrow(DiscoveryError);
    await expect(discover(path.join(root, 'missing'))).rejects.toThrow(/missing: no such folder$/);
    await put('file.yaml', 'a: 1\n');
    await expect(discover(path.join(root, 'file.yaml'))).rejects.toThrow(/not a directory/);
  });

  it('refuses a root it cannot list, naming the folder and the cause in words', async () => {
    // Run as root, permissions do not stop a listing: the failure is injected where it happens.
    const denied = async () => {
      throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
    };
    const attempt = discover(root, DEFAULT_LIMITS, { readdir: denied });
    await expect(attempt).rejects.toThrow(DiscoveryError);
    await expect(discover(root, DEFAULT_LIMITS, { readdir: denied })).rejects.toThrow(`${root}: cannot list this folder: permission denied`);
  });

  it('notes a subfolder it cannot list and audits the rest', async () => {
    await put('open/a.yaml', 'a: 1\n');
    await put('closed/b.yaml', 'b: 1\n');
    const { readdir } = await import('node:fs/promises');
    const listing = async (folder: Buffer) => {
      if (folder.toString().endsWith('/closed')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
      return (await readdir(folder, { withFileTypes: true, encoding: 'buffer' })) as never;
    };
    const result = await discover(root, DEFAULT_LIMITS, { readdir: listing });
    expect(paths(result)).toEqual(['open/a.yaml']);
    expect(noteFor(result, 'closed')).toBe('cannot list this folder: permission denied; not audited');
    expect(result.counts.skipped).toBe(1);
  });

  it('audits files and folders whose names are not valid UTF-8, showing the bytes as \\xHH', async () => {
    const rootBytes = Buffer.from(root);
    const folder = Buffer.concat([rootBytes, Buffer.from('/svc-'), Buffer.from([0xff]), Buffer.from('x')]);
    await mkdir(folder);
    await writeFile(Buffer.concat([folder, Buffer.from('/Dockerfile')]), 'FROM scratch\n');
    await writeFile(Buffer.concat([rootBytes, Buffer.from('/caf'), Buffer.from([0xe9]), Buffer.from('.yaml')]), 'a: 1\n');
    await put('ok-é.yaml', 'b: 1\n');
    const result = await discover(root);
    expect(paths(result)).toEqual(['svc-\\xffx/Dockerfile', 'caf\\xe9.yaml', 'ok-é.yaml']);
    expect(result.files[0]!.text).toBe('FROM scratch\n');
    expect(result.notes).toEqual([]);
  });

  it('refuses a FIFO swapped in for a file after the walk listed it, without blocking', async () => {
    await put('Dockerfile', 'FROM scratch\n');
    await put('k8s.yaml', 'a: 1\n');
    const afterWalk = async () => {
      await unlink(path.join(root, 'Dockerfile'));
      execFileSync('mkfifo', [path.join(root, 'Dockerfile')]);
    };
    const result = await discover(root, DEFAULT_LIMITS, { afterWalk });
    expect(paths(result)).toEqual(['k8s.yaml']);
    expect(noteFor(result, 'Dockerfile')).toBe('not a regular file (FIFO); not audited');
    expect(result.counts.skipped).toBe(1);
  });

  it('notes a FIFO under an audited name that is already there when the walk lists it', async () => {
    execFileSync('mkfifo', [path.join(root, 'deploy.yaml')]);
    const result = await discover(root);
    expect(paths(result)).toEqual([]);
    expect(noteFor(result, 'deploy.yaml')).toBe('not a regular file (FIFO); not audited');
  });

  it('reads a file by its handle: a FIFO, a link and a folder are refused at once', async () => {
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    await put('real.yaml', 'a: 1\n');
    await symlink(path.join(root, 'real.yaml'), path.join(root, 'link.yaml'));
    await mkdir(path.join(root, 'folder'));
    expect(await readBounded(path.join(root, 'fifo'), 1024)).toEqual({ kind: 'not-regular', type: 'FIFO' });
    expect(await readBounded(path.join(root, 'link.yaml'), 1024)).toEqual({ kind: 'not-regular', type: 'symbolic link' });
    expect(await readBounded(path.join(root, 'folder'), 1024)).toEqual({ kind: 'not-regular', type: 'directory' });
    expect(await readBounded(path.join(root, 'real.yaml'), 1024)).toMatchObject({ kind: 'text' });
  });

  it('applies **/a/**/a/… to nested a/ folders in well under a second (a regular-expression matcher took 87 s)', async () => {
    await put('.gitignore', '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b\n');
    let folder = '';
    for (let depth = 0; depth < 40; depth++) {
      folder += 'a/';
      await put(`${folder}pod.yaml`, 'kind: Pod\n');
    }
    await put(`${folder}b/pod.yaml`, 'kind: Pod\n');
    const started = performance.now();
    const result = await discover(root);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(paths(result)).toHaveLength(40);
    expect(result.counts.ignored).toBe(1);
  });

  it('stops applying a .gitignore whose wildcard lines take more than their matching budget, and says so', async () => {
    // 50 wildcard lines that match nothing here: each path costs a check of each (one step apiece).
    await put('.gitignore', ['excluded/', ...Array.from({ length: 50 }, (_, k) => `x*${k}*y`)].join('\n'));
    await put('excluded/early.yaml', 'a: 1\n');
    for (let i = 0; i < 30; i++) await put(`aaaa/aaaa${i}/pod.yaml`, 'kind: Pod\n');
    await put('zz/excluded/late.yaml', 'a: 1\n');
    const result = await discover(root, { ...DEFAULT_LIMITS, maxIgnoreSteps: 500 });
    expect(noteFor(result, '.gitignore')).toBe(
      'its wildcard patterns took more matching than the audit allows; from there on they were not applied, so files they would exclude are audited',
    );
    // Excluded before the budget ran out, audited after it: nothing is hidden by a half-applied file.
    expect(paths(result)).not.toContain('excluded/early.yaml');
    expect(paths(result)).toContain('zz/excluded/late.yaml');
  });

  it('notes a .gitignore it cannot read or will not follow, and audits what it would exclude', async () => {
    await mkdir(path.join(root, '.gitignore')); // a folder: EISDIR on read
    await put('a.yaml', 'a: 1\n');
    await put('sub/b.yaml', 'b: 1\n');
    await writeFile(path.join(outside, 'ignore'), '*\n');
    await symlink(path.join(outside, 'ignore'), path.join(root, 'sub', '.gitignore'));
    const result = await discover(root);
    expect(paths(result)).toEqual(['a.yaml', 'sub/b.yaml']);
    expect(noteFor(result, '.gitignore')).toBe('is not a regular file (directory); its patterns were not applied, so files it would exclude are audited');
    expect(noteFor(result, 'sub/.gitignore')).toBe(
      'is a symbolic link, which is never followed (git does not follow it either); its patterns were not applied, so files it would exclude are audited',
    );
  });

  it('counts what .gitignore excluded, what was skipped, and files of other kinds', async () => {
    await put('.gitignore', '*\n!.gitignore\n');
    await put('Dockerfile', 'FROM scratch\n');
    await put('k8s/app.yaml', 'a: 1\n');
    const ignored = await discover(root);
    expect(paths(ignored)).toEqual([]);
    expect(ignored.counts).toEqual({ ignored: 2, skipped: 0, excludedFolders: 0, otherFiles: 1 }); // the .gitignore itself

    await put('.gitignore', 'build/\n');
    await put('build/Dockerfile', 'FROM scratch\n');
    await put('README.md', '# hi\n');
    await put('node_modules/x/Dockerfile', 'FROM scratch\n');
    await put('blob.yaml', Buffer.from([0x00, 0x01]));
    const mixed = await discover(root);
    expect(mixed.counts).toEqual({ ignored: 1, skipped: 1, excludedFolders: 1, otherFiles: 2 }); // .gitignore, README.md
  });
});

describe('regular expressions over names and paths', () => {
  it.each([
    ['a 1 MiB name of .env repeats ending in a line separator', `${'a.env'.repeat(200_000)}\u2028`],
    ['a 1 MiB path of nested folders', `${'d/'.repeat(500_000)}x.env.x`],
    ['a 1 MiB run of dots', '.'.repeat(1024 * 1024)],
    ['a 1 MiB name of id_ prefixes', `${'id_'.repeat(350_000)}rsa\u2028`],
  ])('isAuditedPath on %s is linear', (_name, input) => {
    const started = performance.now();
    isAuditedPath(input);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('isAuditedPath', () => {
  it.each([
    ['Dockerfile', true],
    ['docker/api.Dockerfile', true],
    ['k8s/app.yml', true],
    ['.env', true],
    ['config/.env.local', true],
    ['deploy/id_rsa', true],
    ['infra/main.tf', true],
    ['src/server.ts', true],
    ['build.gradle', true],
    ['app/build.gradle.kts', true],
    ['.dockerignore', true],
    ['docs/guide.md', false],
    ['image.png', false],
    ['pnpm-lock.yaml', false],
    ['go.sum', false],
  ])('%s -> %s', (file, expected) => {
    expect(isAuditedPath(file)).toBe(expected);
  });
});
