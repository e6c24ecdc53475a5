import { execForm } from '../../fix/dockerfile.js';
import { type Fix, defineRule } from '../../types.js';
import { baseName } from './_shell.js';
import { isShellless } from './_images.js';
import { type DockerfileModel, type Step, baseImageOf, dockerfileModels } from './_support.js';

/** The CMD or ENTRYPOINT the final image runs: the last one in the final stage, else in the stage it is built FROM. */
function effective(model: DockerfileModel, keyword: 'CMD' | 'ENTRYPOINT'): Step | undefined {
  for (const stage of model.finalChain) {
    const step = stage.steps.filter((s) => s.keyword === keyword).at(-1);
    if (step) return step;
  }
  return undefined;
}

/** Words that mean the same as an argv: no quotes, variables, globs, operators or redirections. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;
/** Shell builtins and keywords: as argv[0] they only work inside a shell. */
const SHELL_ONLY = new Set(['exec', 'cd', 'source', '.', 'set', 'export', 'eval', 'if', 'for', 'while', 'case', 'test', '[', 'ulimit', 'umask', 'trap']);
/** Init programs that run their arguments as the command (`tini -- cmd...`): a CMD after them is a plain argv. */
const INITS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'docker-init']);

/**
 * The exec-form fix for a shell-form CMD or ENTRYPOINT, when every word is plain. Converting the one
 * changes what the other receives, so the fix says what to check unless nothing can differ:
 * - CMD with an exec-form ENTRYPOINT: the entrypoint gets `npm start` instead of `/bin/sh -c "npm start"`,
 *   the same thing for an init (tini, dumb-init) and for entrypoint scripts that `exec "$@"`;
 * - CMD with a shell-form ENTRYPOINT: Docker ignores the CMD; no fix (fix the ENTRYPOINT first);
 * - ENTRYPOINT with a CMD: the shell form ignored the CMD, the exec form appends it as arguments.
 */
function execFormFix(model: DockerfileModel, step: Step, other: Step | undefined): Fix | { noFix: string } {
  const args = model.argumentsOf(step);
  const words = args.words.map((w) => w.value);
  if (!words.every((w) => PLAIN_WORD.test(w)) || SHELL_ONLY.has(words[0]!)) {
    return { noFix: 'the command uses shell syntax (quotes, variables, globs, operators, redirections or a builtin): move it into a script that ends with exec, and run that script in exec form' };
  }
  const edits = [{ file: model.source.file.path, start: args.span.start, end: args.span.end, text: execForm(words) }];
  const description = `Use the exec (JSON) form: ${step.keyword} ${execForm(words)}`;
  if (!other) return { description, edits };
  const otherArgs = model.argumentsOf(other);
  const otherText = model.text.slice(otherArgs.span.start, otherArgs.span.end).replace(/\s+/g, ' ');
  if (step.keyword === 'CMD') {
    if (!otherArgs.json) return { noFix: 'a shell-form ENTRYPOINT ignores the CMD; fix the ENTRYPOINT first' };
    const program = otherArgs.words[0]?.value;
    if (program !== undefined && INITS.has(baseName(program))) return { description, edits };
    return {
      description,
      edits,
      caveat:
        `ENTRYPOINT ${otherText} receives the CMD as its arguments: it will get ${words.join(' ')} instead of /bin/sh -c "${words.join(' ')}". ` +
        'Check that it runs its arguments as a command (an entrypoint script that ends with exec "$@" does).',
    };
  }
  return {
    description,
    edits,
    caveat: `The shell form ignored CMD ${otherText}; the exec form passes it to ${words[0]} as extra arguments. Remove the CMD if it was not meant as arguments.`,
  };
}

export const shellFormEntrypoint = defineRule({
  id: 'dockerfile/shell-form-entrypoint',
  area: 'dockerfile',
  severity: 'low',
  title: 'CMD or ENTRYPOINT in shell form',
  why: 'The shell form runs the program under /bin/sh -c: the shell is PID 1 and does not pass on SIGTERM, so the app is killed without a graceful shutdown; images without a shell cannot start at all.',
  detect:
    'The CMD or ENTRYPOINT the final image runs (the last one of the final stage or of the stage it is built FROM) is not a ' +
    'JSON array. Medium when the final base has no shell (distroless, scratch, Chainguard, chiseled): the container fails ' +
    'to start. A fix is offered when every word is plain (no quotes, variables, globs, operators or redirections) and not a ' +
    'shell builtin; when the CMD follows an exec-form ENTRYPOINT other than an init (tini, dumb-init), or a shell-form ' +
    'ENTRYPOINT has a CMD, the fix says what to check.',
  fix: 'Use the exec form: `CMD ["node", "server.js"]`. If you need shell features, put them in a script and exec the app from it.',
  refs: ['hadolint:DL3025'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const final = model.final;
      if (!final) continue;
      const base = baseImageOf(final);
      const shellless = base !== undefined && isShellless(base);
      const cmd = effective(model, 'CMD');
      const entrypoint = effective(model, 'ENTRYPOINT');
      for (const step of [entrypoint, cmd]) {
        if (!step) continue;
        const args = model.argumentsOf(step);
        if (args.json || args.words.length === 0) continue;
        const other = step.keyword === 'CMD' ? entrypoint : cmd;
        const fix = execFormFix(model, step, other);
        report({
          location: model.locate(step.span),
          message: shellless
            ? `${step.keyword} is in shell form but ${base!.reference} has no /bin/sh, so the container cannot start.`
            : `${step.keyword} is in shell form: /bin/sh becomes PID 1 and the app does not receive SIGTERM.`,
          ...(shellless && { severity: 'medium' as const }),
          ...('noFix' in fix ? { noFix: fix.noFix } : { fix }),
        });
      }
    }
  },
});
