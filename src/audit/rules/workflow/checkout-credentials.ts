import { deferredYamlFix } from '../../fix/workflow.js';
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
    for (const step of steps) {
      if (step.action !== 'actions/checkout') continue;
      const persist = step.with['persist-credentials'];
      if (persist === false || persist === 'false') continue;
      const later = steps.filter((other) => other.job === step.job && Number(other.path.at(-1)) > Number(step.path.at(-1)));
      const fix = persistFix(step, later);
      report({ location: step.document.locate([...step.path, 'uses']), message: 'checkout keeps the token in .git/config; set persist-credentials: false', ...(fix ? { fix } : {}) });
    }
  },
});

/** `persist-credentials: false` on the step; a caveat when a later step of the job pushes with those credentials. */
function persistFix(step: GithubStep, later: readonly GithubStep[]): Fix | undefined {
  const pusher = later.find((other) => (other.run !== undefined && /(?:^|[\s;&|(])git\s+push\b/.test(other.run)) || PUSHING_ACTIONS.has(other.action ?? ''));
  const caveat = pusher
    ? `step ${Number(pusher.path.at(-1)) + 1} of job ${step.job.id} pushes with the credentials checkout stored; give it its own (a token in the remote URL, or persist-credentials on a separate checkout) before applying this.`
    : undefined;
  const path = [...step.path, 'with', 'persist-credentials'];
  return deferredYamlFix(step.document, `set persist-credentials: false on the checkout in job ${step.job.id}`, [path], (editor) => editor.set(path, false), caveat);
}
