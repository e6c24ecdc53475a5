// What a GitHub job's token must be allowed to do, read from its steps: the scopes the
// missing-permissions fix grants per job once the workflow's token is cut down to `contents: read`.
// Only what the steps show counts; a job whose token use cannot be read (a reusable workflow, an
// action or script handed the token for purposes unknown) gets no guess but a `blocker`, and the
// fix is not offered.
import { stringOf } from '../../support/data.js';
import { type GithubJob, type GithubStep, isCosignSign } from './_support.js';

export type ScopeLevel = 'read' | 'write';

export interface JobTokenNeeds {
  /** Scope → level, with why (for the caveat): `packages: write` because of a ghcr.io login… */
  readonly scopes: ReadonlyMap<string, { readonly level: ScopeLevel; readonly why: string }>;
  /** Actions whose token needs are not known (they can read github.token by default). */
  readonly unknownActions: readonly string[];
  /** Why no grant can be derived for this job at all. */
  readonly blocker?: string;
}

/** Actions known to need no more than `contents: read` from the token. */
const READ_ONLY_ACTIONS = new Set([
  'actions/checkout', 'actions/cache', 'actions/upload-artifact', 'actions/download-artifact', 'actions/dependency-review-action',
  'docker/setup-buildx-action', 'docker/setup-qemu-action', 'docker/metadata-action', 'docker/build-push-action', 'docker/bake-action',
  'aquasecurity/trivy-action', 'anchore/scan-action', 'sigstore/cosign-installer', 'azure/setup-helm', 'azure/setup-kubectl',
  'hashicorp/setup-terraform', 'golangci/golangci-lint-action', 'pnpm/action-setup', 'gradle/actions/setup-gradle',
]);

/** Actions whose token needs are documented: scope → level. */
const ACTION_SCOPES: Readonly<Record<string, Readonly<Record<string, ScopeLevel>>>> = {
  'github/codeql-action/upload-sarif': { 'security-events': 'write' },
  'github/codeql-action/analyze': { 'security-events': 'write', actions: 'read' },
  'github/codeql-action/init': { 'security-events': 'write', actions: 'read' },
  'actions/attest-build-provenance': { 'id-token': 'write', attestations: 'write' },
  'actions/attest-sbom': { 'id-token': 'write', attestations: 'write' },
  'actions/attest': { 'id-token': 'write', attestations: 'write' },
  'softprops/action-gh-release': { contents: 'write' },
  'ncipollo/release-action': { contents: 'write' },
};

/** Actions that call the API with whatever the script in them says. */
const SCRIPTED_API = new Set(['actions/github-script']);

const TOKEN = /secrets\.GITHUB_TOKEN|github\.token/;

/** `gh <group>` → the scope it writes with; other groups are not known here. */
const GH_GROUPS: Readonly<Record<string, string>> = { issue: 'issues', pr: 'pull-requests', release: 'contents', label: 'issues' };

export function jobTokenNeeds(job: GithubJob, steps: readonly GithubStep[]): JobTokenNeeds {
  const scopes = new Map<string, { level: ScopeLevel; why: string }>();
  const unknownActions: string[] = [];
  const grant = (scope: string, level: ScopeLevel, why: string) => {
    const current = scopes.get(scope);
    if (!current || (current.level === 'read' && level === 'write')) scopes.set(scope, { level, why });
  };
  const reusable = stringOf(job.job.uses);
  if (reusable) return { scopes, unknownActions, blocker: `job ${job.id} calls the reusable workflow ${reusable}, whose token needs are not visible here` };

  for (const step of steps) {
    const action = step.action;
    if (action) {
      const handedToken = TOKEN.test(JSON.stringify(step.with));
      if (SCRIPTED_API.has(action)) return { scopes, unknownActions, blocker: `${action} in job ${job.id} calls the API with the token from a script` };
      if (action === 'docker/login-action') {
        if (/(^|\/\/)ghcr\.io\b/i.test(stringOf(step.with.registry) ?? '') && handedToken) grant('packages', 'write', 'docker/login-action to ghcr.io with the token');
        continue;
      }
      if (action === 'actions/download-artifact' && ('run-id' in step.with || handedToken)) {
        grant('actions', 'read', 'actions/download-artifact from another run');
        continue;
      }
      const documented = ACTION_SCOPES[action];
      if (documented) {
        for (const [scope, level] of Object.entries(documented)) grant(scope, level, action);
        continue;
      }
      if (READ_ONLY_ACTIONS.has(action) || action.startsWith('actions/setup-') || action.startsWith('./') || action.startsWith('docker://')) continue;
      if (handedToken) return { scopes, unknownActions, blocker: `${action} in job ${job.id} is handed the token, for purposes not known here` };
      unknownActions.push(action);
    }
    if (step.run !== undefined) {
      const blocker = scriptNeeds(step.run.replace(/\\\n/g, ' '), job.id, grant);
      if (blocker) return { scopes, unknownActions, blocker };
    }
  }
  return { scopes, unknownActions };
}

/** Scopes a shell script shows it needs; returns a blocker for token use it cannot classify. */
function scriptNeeds(script: string, jobId: string, grant: (scope: string, level: ScopeLevel, why: string) => void): string | undefined {
  for (const line of script.split('\n')) {
    if (/(?:^|[\s;&|(])git\s+push\b/.test(line)) grant('contents', 'write', 'git push');
    if (isCosignSign(line) && !/--key[\s=]/.test(line)) grant('id-token', 'write', 'keyless cosign sign');
    if (/(?:^|[\s;&|(])cosign\s+attest\b/.test(line) && !/--key[\s=]/.test(line)) grant('id-token', 'write', 'keyless cosign attest');
    if (/(?:^|[\s;&|(])(?:docker|podman)\s+(?:push|login)\b/.test(line) && /\bghcr\.io\b/.test(line)) grant('packages', 'write', 'a push to ghcr.io');
    for (const match of line.matchAll(/(?:^|[\s;&|(])gh\s+([a-z-]+)/g)) {
      const scope = GH_GROUPS[match[1]!];
      if (!scope) return `\`gh ${match[1]}\` in job ${jobId} uses the token in ways not known here`;
      grant(scope, 'write', `gh ${match[1]}`);
    }
    if (/api\.github\.com/.test(line)) return `a script in job ${jobId} calls api.github.com directly`;
  }
  return undefined;
}
