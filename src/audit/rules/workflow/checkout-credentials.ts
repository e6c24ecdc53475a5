import { deferredYamlFix } from '../../fix/workflow.js';
import { groupBy } from '../../../util/group.js';
import { defineRule, type Fix } from '../../types.js';
import { type GithubStep, githubSteps } from './_support.js';

/** Actions that push with the git credentials a checkout left behind. */
const PUSHING_ACTIONS = new Set(['stefanzweifel/git-auto-commit-action', 'ad-m/github-push-action', 'endbug/add-and-commit']);

export const checkoutCredentials = defineRule({
  id: 'workflow/checkout-persist-credentials',
  area: 'workflow',
  severity: 'low',
  title: 'Checkout leaves the token in .git/config',
  why: 'actions/checkout writes the job token into .git/config by default; any later step, action or uploaded artifact that includes the working tree can read it.',
  detect: 'An actions/checkout step without `persist-credentials: false`.',
  fix: 'Add `with: { persist-credentials: false }` to the checkout step; steps that push can set up credentials themselves.',
  refs: ['zizmor:artipacked'],
  fixable: true,
  check({ repo, report }) {
    const steps = [...githubSteps(repo)];
    const pusherAfter = firstPusherAfter(steps);
    for (const step of steps) {
      if (step.action !== 'actions/checkout') continue;
      const persist = step.with['persist-credentials'];
      if (persist === false || persist === 'false') continue;
      const fix = persistFix(step, pusherAfter.get(step));
      report({ location: step.document.locate([...step.path, 'uses']), message: 'checkout keeps the token in .git/config; set persist-credentials: false', ...(fix ? { fix } : {}) });
    }
  },
});

function pushes(step: GithubStep): boolean {
  return (step.run !== undefined && /(?:^|[\s;&|(])git\s+push\b/.test(step.run)) || PUSHING_ACTIONS.has(step.action ?? '');
}

/** For each step, the first later step of its job that pushes: one backward walk per job, not a scan per checkout. */
function firstPusherAfter(steps: readonly GithubStep[]): Map<GithubStep, GithubStep> {
  const found = new Map<GithubStep, GithubStep>();
  const indexOf = (step: GithubStep) => Number(step.path.at(-1));
  for (const jobSteps of groupBy(steps, (step) => step.job).values()) {
    const byIndex = [...jobSteps].sort((a, b) => indexOf(a) - indexOf(b));
    let pusher: GithubStep | undefined;
    for (let i = byIndex.length - 1; i >= 0; i--) {
      const step = byIndex[i]!;
      if (pusher) found.set(step, pusher);
      if (pushes(step)) pusher = step;
    }
  }
  return found;
}

/** `persist-credentials: false` on the step; a caveat when a later step of the job pushes with those credentials. */
function persistFix(step: GithubStep, pusher: GithubStep | undefined): Fix | undefined {
  const caveat = pusher
    ? `step ${Number(pusher.path.at(-1)) + 1} of job ${step.job.id} pushes with the credentials checkout stored; give it its own (a token in the remote URL, or persist-credentials on a separate checkout) before applying this.`
    : undefined;
  const path = [...step.path, 'with', 'persist-credentials'];
  return deferredYamlFix(step.document, `set persist-credentials: false on the checkout in job ${step.job.id}`, [path], (editor) => editor.set(path, false), caveat);
}
