import { defineRule } from '../../types.js';
import { matchesOfKind } from './_support.js';

export const token = defineRule({
  id: 'secrets/token',
  area: 'secrets',
  severity: 'high',
  title: 'API token committed',
  why: 'Service tokens are bearer credentials: whoever copies one from the repository acts as its owner until it is revoked.',
  detect:
    'Tokens with a recognisable prefix: GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, glrt-...), ' +
    'Slack (xoxb-, xoxp-... and webhook URLs), Stripe live keys (sk_live_, rk_live_), npm (npm_), PyPI, Docker Hub ' +
    '(dckr_pat_), OpenAI (sk-proj-...), Google API keys (AIza...); JSON Web Tokens are medium. A token whose body is ' +
    'one repeated character (ghp_xxxx...) is a placeholder and ignored.',
  fix: 'Revoke the token with its issuer, remove it from history, and inject it at run time (CI secrets, a Kubernetes Secret from a secret manager).',
  refs: [],
  noFix: 'A committed token must be revoked and rotated; removing it from the file leaves it in the history.',
  check({ repo, report }) {
    for (const match of matchesOfKind(repo, 'token')) report({ location: match.location, message: match.message, ...(match.severity && { severity: match.severity }) });
  },
});
