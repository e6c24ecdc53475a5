import { isMapping, mappingOf } from '../../support/data.js';
import { defineRule } from '../../types.js';
import { githubJobs } from './_support.js';

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
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const workflow = mappingOf(document.data);
      if ('permissions' in workflow) continue;
      const unscoped = [...githubJobs({ ...repo, githubWorkflows: [document] })].filter((job) => !('permissions' in job.job));
      if (unscoped.length === 0) continue;
      report({
        location: document.locate(['on'], 'key'),
        message: `no top-level permissions, and job${unscoped.length > 1 ? 's' : ''} ${unscoped.map((j) => j.id).join(', ')} declare none: the token gets the repository default`,
      });
    }
  },
});

/** Scopes a workflow may grant at the top level without handing every job a write token. */
export const excessivePermissions = defineRule({
  id: 'workflow/excessive-permissions',
  area: 'workflow',
  severity: 'medium',
  title: 'Workflow grants write permissions too broadly',
  why: 'Write scopes granted to the whole workflow (or `write-all`) reach every job and every action in it, including ones that only need to read; one compromised step can then modify the repository or its packages.',
  detect: '`permissions: write-all` anywhere, or a `write` scope in the top-level `permissions` (which every job inherits).',
  fix: 'Make the top level `permissions: {}` or `contents: read`, and grant write scopes in the one job that needs them.',
  refs: ['zizmor:excessive-permissions'],
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const top = mappingOf(document.data).permissions;
      if (top === 'write-all') report({ location: document.locate(['permissions']), severity: 'high', message: 'the whole workflow gets a write-all token' });
      else if (isMapping(top)) {
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
