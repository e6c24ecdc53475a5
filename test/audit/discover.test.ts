// Discovery over real temporary folders: what is read, what is skipped, and the notes saying why.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DiscoveryError, discover, isAuditedPath } from '../../src/audit/discover.js';

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

  it('skips binary files and files over the size cap with a note', async () => {
    await put('blob.json', Buffer.from([0x7b, 0x00, 0x7d]));
    await put('huge.yaml', `a: "${'x'.repeat(2048)}"\n`);
    await put('small.yaml', 'a: 1\n');
    const result = await discover(root, { ...DEFAULT_LIMITS, maxFileBytes: 1024 });
    expect(paths(result)).toEqual(['small.yaml']);
    expect(noteFor(result, 'blob.json')).toBe('binary file; not audited');
    expect(noteFor(result, 'huge.yaml')).toBe('larger than 1 KiB; not audited');
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
    expect(noteFor(result, 'locked.yaml')).toBe('cannot read (EACCES); not audited');
  });

  it('refuses a root that does not exist or is not a folder', async () => {
    await expect(discover(path.join(root, 'missing'))).rejects.toThrow(DiscoveryError);
    await put('file.yaml', 'a: 1\n');
    await expect(discover(path.join(root, 'file.yaml'))).rejects.toThrow(/not a directory/);
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
    ['.dockerignore', true],
    ['docs/guide.md', false],
    ['image.png', false],
    ['pnpm-lock.yaml', false],
    ['go.sum', false],
  ])('%s -> %s', (file, expected) => {
    expect(isAuditedPath(file)).toBe(expected);
  });
});
