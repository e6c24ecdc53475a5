import { isMapping, mappingOf, stringOf } from '../../support/data.js';
import { defineRule } from '../../types.js';
import { githubSteps } from './_support.js';

const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'] as const;
/** A checkout ref that names the pull request's (untrusted) code. */
const UNTRUSTED_REF = /github\.event\.pull_request\.head\.|github\.head_ref|github\.event\.workflow_run\.head_|refs\/pull\//;

export const dangerousTrigger = defineRule({
  id: 'workflow/dangerous-trigger',
  area: 'workflow',
  severity: 'critical',
  title: 'Privileged trigger runs pull request code',
  why:
    '`pull_request_target` and `workflow_run` run with the base repository\'s secrets and a write token, even for pull requests from forks. ' +
    'Checking out and building the pull request\'s code there hands both to whoever opened it (a "pwn request").',
  detect:
    'A workflow triggered by pull_request_target or workflow_run with a checkout of the pull request head (ref from github.event.pull_request.head.*, github.head_ref, github.event.workflow_run.head_*, or refs/pull/): critical. ' +
    'The trigger alone is reported as low, to be reviewed.',
  fix: 'Use the `pull_request` trigger to build and test untrusted code (no secrets, read-only token); keep pull_request_target for labelling or commenting, never checking out the PR head.',
  refs: ['zizmor:dangerous-triggers'],
  noFix: 'Which trigger the workflow needs and what may run with its secrets is a design decision: split untrusted code into a pull_request workflow by hand.',
  check({ repo, report }) {
    for (const document of repo.githubWorkflows) {
      const on = mappingOf(document.data).on;
      const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(mappingOf(on));
      const privileged = PRIVILEGED_TRIGGERS.filter((t) => triggers.includes(t));
      if (privileged.length === 0) continue;
      const checkouts = [...githubSteps({ ...repo, githubWorkflows: [document] })].filter(
        (step) => step.action === 'actions/checkout' && UNTRUSTED_REF.test(stringOf(step.with.ref) ?? ''),
      );
      for (const step of checkouts) {
        report({
          location: document.locate([...step.path, 'with', 'ref']),
          message: `${privileged.join(' and ')} checks out the pull request's code (${stringOf(step.with.ref)}) with the base repository's secrets and token`,
        });
      }
      if (checkouts.length === 0) {
        report({
          location: isMapping(on) ? document.locate(['on', privileged[0]!], 'key') : document.locate(['on']),
          severity: 'low',
          message: `${privileged.join(' and ')} runs with secrets on events from forks; make sure no step runs pull request code`,
        });
      }
    }
  },
});
