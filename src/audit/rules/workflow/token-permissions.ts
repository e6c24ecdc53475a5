import { groupBy } from '../../../util/group.js';
import { deferredYamlFix } from '../../fix/workflow.js';
import { isMapping, mappingOf } from '../../support/data.js';
import { defineRule, type Fix, type Repo, type YamlDocument } from '../../types.js';
import { type GithubJob, githubJobs, githubJobsOf, githubSteps } from './_support.js';
import { jobTokenNeeds } from './_token-scopes.js';

export const missingPermissions = defineRule({
  id: 'workflow/missing-permissions',
  area: 'workflow',
  severity: 'medium',
  title: 'Workflow token permissions are not declared',
  why:
    'Without a `permissions` block the GITHUB_TOKEN gets the repository default, which on many repositories and organisations is read-write on everything. ' +
    'Any compromised step or action can then push code, create releases or change packages.',
  detect: 'A GitHub workflow with no top-level `permissions` and at least one job without its own `permissions`.',
  fix: 'Add `permissions: {}` (or `contents: read`) at the top of the workflow and grant each job only the scopes it needs, e.g. `security-events: write` for a SARIF upload, `id-token: write` for keyless signing.',
  refs: ['zizmor:excessive-permissions'],
  fixable: true,
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const workflow = mappingOf(document.data);
      if ('permissions' in workflow) continue;
      const unscoped = [...githubJobs({ ...repo, githubWorkflows: [document] })].filter((job) => !('permissions' in job.job));
      if (unscoped.length === 0) continue;
      const message = `no top-level permissions, and job${unscoped.length > 1 ? 's' : ''} ${unscoped.map((j) => j.id).join(', ')} declare none: the token gets the repository default`;
      const fix = permissionsFix(repo, document, unscoped);
      report({ location: document.locate(['on'], 'key'), message, ...('reason' in fix ? { noFix: fix.reason } : { fix }) });
    }
  },
});

/**
 * `permissions: contents: read` at the top, and per job the scopes its steps show it needs (a job's
 * own block replaces the top-level one, so it repeats contents: read). Always with a caveat: the
 * token's actual use is only as visible as the steps make it.
 */
function permissionsFix(repo: Repo, document: YamlDocument, unscoped: readonly GithubJob[]): Fix | { reason: string } {
  const stepsOf = groupBy(githubSteps({ ...repo, githubWorkflows: [document] }), (step) => step.job.id);
  const grants: { job: GithubJob; scopes: Record<string, string>; why: string[] }[] = [];
  const unknown = new Set<string>();
  for (const job of unscoped) {
    const needs = jobTokenNeeds(job, stepsOf.get(job.id) ?? []);
    if (needs.blocker) return { reason: needs.blocker };
    needs.unknownActions.forEach((action) => unknown.add(action));
    if (needs.scopes.size === 0) continue;
    const scopes: Record<string, string> = { contents: 'read' };
    const why: string[] = [];
    for (const [scope, { level, why: reason }] of [...needs.scopes].sort(([a], [b]) => a.localeCompare(b))) {
      scopes[scope] = level;
      why.push(`${scope}: ${level} (${reason})`);
    }
    grants.push({ job, scopes, why });
  }
  const perJob = grants.map((grant) => `${grant.job.id}: ${grant.why.join(', ')}`);
  const description = `add permissions: contents: read at the top of the workflow${grants.length > 0 ? `, and to ${grants.map((g) => `job ${g.job.id}`).join(', ')} the scopes its steps use` : ''}`;
  const caveat =
    `Every job's token is cut down to contents: read${perJob.length > 0 ? `, except what the steps show they need: ${perJob.join('; ')}` : ''}. ` +
    'A step that uses the token in a way its text does not show fails with "Resource not accessible by integration"; check the next run.' +
    (unknown.size > 0 ? ` Actions whose token needs are not known: ${[...unknown].join(', ')}.` : '');
  const touches = [['permissions'], ...grants.map((grant) => [...grant.job.path, 'permissions'])];
  const fix = deferredYamlFix(
    document,
    description,
    touches,
    (editor) => {
      for (const grant of grants) editor.set([...grant.job.path, 'permissions'], grant.scopes, { before: ['steps'] });
      editor.set(['permissions'], { contents: 'read' }, { before: ['jobs'] });
    },
    caveat,
  );
  return fix ?? { reason: 'the workflow could not be edited in place' };
}

/** Scopes a workflow may grant at the top level without handing every job a write token. */
export const excessivePermissions = defineRule({
  id: 'workflow/excessive-permissions',
  area: 'workflow',
  severity: 'medium',
  title: 'Workflow grants write permissions too broadly',
  why: 'Write scopes granted to the whole workflow (or `write-all`) reach every job and every action in it, including ones that only need to read; one compromised step can then modify the repository or its packages.',
  detect:
    '`permissions: write-all` anywhere, or a `write` scope in the top-level `permissions` that two or more jobs inherit (jobs ' +
    'without their own `permissions`). In a single-job workflow the top-level grant is that job\'s grant.',
  fix: 'Make the top level `permissions: {}` or `contents: read`, and grant write scopes in the one job that needs them.',
  refs: ['zizmor:excessive-permissions'],
  noFix: 'Which job needs the write scope cannot be read reliably from the workflow once it is granted to all; move it into that job by hand.',
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const top = mappingOf(document.data).permissions;
      if (top === 'write-all') report({ location: document.locate(['permissions']), severity: 'high', message: 'the whole workflow gets a write-all token' });
      else if (isMapping(top) && inheritingJobs(document) > 1) {
        // A top-level scope reaches only the jobs without their own permissions; granted to one
        // such job (a single-job workflow), it is that job's grant, not an excessive one.
        for (const [scope, level] of Object.entries(top)) {
          if (level === 'write') {
            report({ location: document.locate(['permissions', scope], 'key'), message: `${scope}: write is granted to every job; grant it only in the job that needs it` });
          }
        }
      }
    }
    for (const job of githubJobs(repo)) {
      if (job.job.permissions === 'write-all') {
        report({ location: job.document.locate([...job.path, 'permissions']), severity: 'high', message: `job ${job.id} gets a write-all token` });
      }
    }
  },
});

/** How many jobs of the workflow inherit its top-level permissions (they declare none of their own). */
function inheritingJobs(document: YamlDocument): number {
  let count = 0;
  for (const job of githubJobsOf(document)) if (job.job.permissions === undefined) count++;
  return count;
}
