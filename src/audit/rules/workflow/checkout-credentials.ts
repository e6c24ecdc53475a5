import { defineRule } from '../../types.js';
import { githubSteps } from './_support.js';

export const checkoutCredentials = defineRule({
  id: 'workflow/checkout-persist-credentials',
  area: 'workflow',
  severity: 'low',
  title: 'Checkout leaves the token in .git/config',
  why: 'actions/checkout writes the job token into .git/config by default; any later step, action or uploaded artifact that includes the working tree can read it.',
  detect: 'An actions/checkout step without `persist-credentials: false`.',
  fix: 'Add `with: { persist-credentials: false }` to the checkout step; steps that push can set up credentials themselves.',
  refs: ['zizmor:artipacked'],
  check({ repo, report }) {
    for (const step of githubSteps(repo)) {
      if (step.action !== 'actions/checkout') continue;
      const persist = step.with['persist-credentials'];
      if (persist === false || persist === 'false') continue;
      report({ location: step.document.locate([...step.path, 'uses']), message: 'checkout keeps the token in .git/config; set persist-credentials: false' });
    }
  },
});
