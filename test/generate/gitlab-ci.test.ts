// The generated .gitlab-ci.yml, for every GitLab profile in the matrix: it parses, every image is
// an exact version, the Trivy job blocks the pipeline with the profile's policy, and only the
// profile branch and release tags push and sign, by digest.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { render } from '../../src/generate/render.js';
import { buildView } from '../../src/generate/view.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES } from '../helpers/profiles.js';

interface Rule {
  readonly if?: string;
  readonly when?: string;
}

interface Job {
  readonly extends?: string | readonly string[];
  readonly stage?: string;
  readonly image?: string | { readonly name: string };
  readonly services?: readonly (string | { readonly name: string })[];
  readonly script?: readonly string[];
  readonly rules?: readonly Rule[];
  readonly allow_failure?: unknown;
  readonly id_tokens?: Readonly<Record<string, { readonly aud: string }>>;
  readonly variables?: Readonly<Record<string, string>>;
  readonly artifacts?: { readonly when?: string; readonly paths?: readonly string[]; readonly reports?: Readonly<Record<string, string>> };
}

type Pipeline = Readonly<Record<string, unknown>> & { readonly stages: readonly string[]; readonly variables: Readonly<Record<string, string>> };

/** Top-level keys that configure the pipeline rather than define a job. */
const GLOBAL_KEYWORDS = new Set(['stages', 'variables', 'workflow', 'default', 'include', 'image', 'services', 'cache', 'before_script', 'after_script']);
const COMPROMISED_TRIVY = ['0.69.4', '0.69.5', '0.69.6'];
/** name:exact-version, optionally -variant, optionally @sha256 digest. Never latest, never a bare major. */
const EXACT_IMAGE = /^[a-z0-9./-]+:v?\d+\.\d+\.\d+(?:-[a-z0-9.]+)?(?:@sha256:[0-9a-f]{64})?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** GitLab's `extends`: hashes merge deeply, anything else (arrays, scalars) is replaced. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return out;
}

function resolveJob(pipeline: Pipeline, name: string): Job {
  const job = pipeline[name];
  if (!isPlainObject(job)) throw new Error(`no job ${name}`);
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? (job.extends as string[]) : [job.extends as string];
  const inherited = parents.reduce<Record<string, unknown>>((acc, parent) => merge(acc, resolveJob(pipeline, parent) as Record<string, unknown>), {});
  const { extends: _extends, ...own } = job;
  return merge(inherited, own) as Job;
}

function renderPipeline(profile: Profile): { text: string; pipeline: Pipeline; jobs: [string, Job][]; path: string } {
  const view = buildView(profile);
  const text = render('ci/gitlab-ci.yml.hbs', view);
  const pipeline = parse(text) as Pipeline;
  const names = Object.keys(pipeline).filter((key) => !GLOBAL_KEYWORDS.has(key) && !key.startsWith('.'));
  return { text, pipeline, jobs: names.map((name) => [name, resolveJob(pipeline, name)]), path: view.paths.workflow! };
}

const imageName = (image: string | { readonly name: string }) => (typeof image === 'string' ? image : image.name);
const script = (job: Job) => (job.script ?? []).join('\n');
const signs = (job: Job) => /\bcosign\s+(sign|attest)\b/.test(script(job));
const pushes = (job: Job) => /\bdocker\s+push\b/.test(script(job));

const GITLAB_PROFILES = Object.entries(PROFILES).filter(([, profile]) => profile.ci.system === 'gitlab');

describe('GitLab pipeline matrix', () => {
  it('covers every signing mode and both SBOM choices', () => {
    expect(new Set(GITLAB_PROFILES.map(([, p]) => p.ci.sign))).toEqual(new Set(['keyless', 'key', 'none']));
    expect(new Set(GITLAB_PROFILES.map(([, p]) => p.ci.sbom))).toEqual(new Set([true, false]));
  });
});

describe.each(GITLAB_PROFILES)('GitLab pipeline for %s', (_name, profile) => {
  const { text, pipeline, jobs, path } = renderPipeline(profile);
  const job = (name: string) => jobs.find(([jobName]) => jobName === name)?.[1];

  it('parses as YAML at the path GitLab reads', () => {
    expect(path).toBe('.gitlab-ci.yml');
    expect(jobs.length).toBeGreaterThan(0);
    expect(pipeline.variables.IMAGE).toBe(profile.image);
  });

  it('has build, scan and publish stages, and sbom only when asked', () => {
    expect(pipeline.stages).toEqual(['build', 'scan', ...(profile.ci.sbom ? ['sbom'] : []), 'publish']);
    for (const [name, definition] of jobs) expect(pipeline.stages, name).toContain(definition.stage);
  });

  it('runs every job and service in an image pinned to an exact version', () => {
    for (const [name, definition] of jobs) {
      expect(definition.image, `${name} names its image`).toBeDefined();
      expect(imageName(definition.image!), name).toMatch(EXACT_IMAGE);
      for (const service of definition.services ?? []) expect(imageName(service), `${name} service`).toMatch(EXACT_IMAGE);
    }
    expect(text).not.toMatch(/:latest\b/);
  });

  it('blocks the pipeline on the profile severities with Trivy at a safe, explicit version', () => {
    const trivy = jobs.filter(([, definition]) => /trivy image .*--exit-code 1\b/.test(script(definition)));
    expect(trivy).toHaveLength(1);
    const [, gate] = trivy[0]!;
    expect(gate.allow_failure).toBeUndefined();
    const command = gate.script!.find((line) => line.includes('--exit-code 1'))!;
    expect(command).toContain(`--severity ${profile.ci.severity.join(',')}`);
    expect(command.includes('--ignore-unfixed')).toBe(profile.ci.ignoreUnfixed);
    expect(command).toContain('--ignorefile .trivyignore');

    const version = /^aquasecurity\/trivy:(\d+\.\d+\.\d+)$/.exec(imageName(gate.image!))?.[1];
    expect(version).toBeDefined();
    expect(COMPROMISED_TRIVY).not.toContain(version);
  });

  it('keeps a SARIF report of the scan even when the gate fails', () => {
    const gate = job('trivy')!;
    const report = gate.script!.find((line) => line.includes('--format sarif'));
    expect(report).toContain('--exit-code 0');
    expect(gate.script!.indexOf(report!)).toBeLessThan(gate.script!.findIndex((line) => line.includes('--exit-code 1')));
    expect(gate.artifacts?.when).toBe('always');
    expect(gate.artifacts?.paths).toContain('trivy-results.sarif');
  });

  it('publishes the scan as a container_scanning report before the gate, and gates the configuration too', () => {
    const gate = job('trivy')!;
    const lines = gate.script!;
    const report = lines.findIndex((line) => line.includes('--template "@/contrib/gitlab.tpl"'));
    expect(report).toBeGreaterThanOrEqual(0);
    expect(lines[report]).toContain('--exit-code 0');
    expect(lines[report]).toContain('--output gl-container-scanning-report.json');
    expect(report).toBeLessThan(lines.findIndex((line) => line.startsWith('trivy image') && line.includes('--exit-code 1')));
    expect(gate.artifacts?.reports).toEqual({ container_scanning: 'gl-container-scanning-report.json' });
    expect(lines).toContain(`trivy config --exit-code 1 --severity ${profile.ci.severity.join(',')} --ignorefile .trivyignore .`);
  });

  // Issue 8 item 6: `cosign generate-key-pair gitlab://` leaves the variables unprotected and unmasked.
  it('says how to protect (and mask) the key-mode signing variables cosign creates unprotected', () => {
    if (profile.ci.sign !== 'key') return;
    expect(text).toContain('creates\n    # them unprotected and unmasked');
    expect(text).toMatch(/protect the branch \S+ and the tag pattern v\*/);
    expect(text).toMatch(/COSIGN_PRIVATE_KEY, COSIGN_PASSWORD and COSIGN_PUBLIC_KEY\n\s+# +and tick "Protect variable"/);
    expect(text).toContain('on COSIGN_PASSWORD also set Visibility to "Masked"');
  });

  it('never lets a failure through', () => {
    expect(text).not.toMatch(/\|\|\s*(true|:|exit 0)\b/);
    expect(text).not.toMatch(/^\s*allow_failure:/m);
    for (const [name, definition] of jobs) expect(definition.allow_failure, name).toBeUndefined();
  });

  it('pushes and signs only from the profile branch and v* tags, after the scan passed', () => {
    const privileged = jobs.filter(([, definition]) => pushes(definition) || signs(definition));
    expect(privileged.map(([name]) => name)).toEqual(['publish']);
    const [, publish] = privileged[0]!;
    expect(publish.rules).toEqual([{ if: `$CI_COMMIT_BRANCH == "${profile.branch}"` }, { if: '$CI_COMMIT_TAG =~ /^v/' }]);
    expect((pipeline['publish'] as { needs: string[] }).needs).toContain('trivy');
    expect(script(publish)).toContain('docker load --input image.tar');
    expect(script(publish)).not.toMatch(/docker build/);
  });

  it('signs by digest the way the profile asks', () => {
    const publish = job('publish')!;
    const cosign = publish.script!.filter((line) => /^cosign (sign|attest)\b/.test(line));
    if (profile.ci.sign === 'none') {
      expect(cosign).toEqual([]);
      expect(text).not.toContain('cosign');
      expect(publish.id_tokens).toBeUndefined();
      return;
    }
    expect(cosign.some((line) => line.startsWith('cosign sign'))).toBe(true);
    expect(cosign.some((line) => line.startsWith('cosign attest'))).toBe(profile.ci.sbom);
    for (const line of cosign) expect(line).toMatch(/"\$IMAGE@\$DIGEST"$/);
    expect(publish.variables?.COSIGN_IMAGE).toMatch(EXACT_IMAGE);
    if (profile.ci.sign === 'keyless') {
      expect(publish.id_tokens).toEqual({ SIGSTORE_ID_TOKEN: { aud: 'sigstore' } });
      for (const line of cosign) expect(line).not.toContain('--key');
    } else {
      expect(publish.id_tokens).toBeUndefined();
      for (const line of cosign) expect(line).toContain('--key env://COSIGN_PRIVATE_KEY');
    }
  });
});

describe('Trivy in both CI systems', () => {
  it('is the same version', () => {
    const github = Object.values(PROFILES).find((p) => p.ci.system === 'github')!;
    const gitlab = GITLAB_PROFILES[0]![1];
    const workflow = render('ci/github-workflow.yml.hbs', buildView(github));
    const pipeline = render('ci/gitlab-ci.yml.hbs', buildView(gitlab));
    const githubVersion = /^\s+version: v(\d+\.\d+\.\d+)$/m.exec(workflow)?.[1];
    const gitlabVersion = /aquasecurity\/trivy:(\d+\.\d+\.\d+)/.exec(pipeline)?.[1];
    expect(githubVersion).toBeDefined();
    expect(gitlabVersion).toBe(githubVersion);
  });
});
