import { defineRule } from '../../types.js';
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

export const shellFormEntrypoint = defineRule({
  id: 'dockerfile/shell-form-entrypoint',
  area: 'dockerfile',
  severity: 'low',
  title: 'CMD or ENTRYPOINT in shell form',
  why: 'The shell form runs the program under /bin/sh -c: the shell is PID 1 and does not pass on SIGTERM, so the app is killed without a graceful shutdown; images without a shell cannot start at all.',
  detect:
    'The CMD or ENTRYPOINT the final image runs (the last one of the final stage or of the stage it is built FROM) is not a ' +
    'JSON array. Medium when the final base has no shell (distroless, scratch, Chainguard, chiseled): the container fails ' +
    'to start. A fix is offered when every word is plain and converting cannot change behaviour (no ENTRYPOINT with a CMD).',
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
        const words = args.words.map((w) => w.value);
        const other = step.keyword === 'CMD' ? entrypoint : cmd;
        const convertible = !other && words.every((w) => PLAIN_WORD.test(w)) && !SHELL_ONLY.has(words[0]!);
        report({
          location: model.locate(step.span),
          message: shellless
            ? `${step.keyword} is in shell form but ${base!.reference} has no /bin/sh, so the container cannot start.`
            : `${step.keyword} is in shell form: /bin/sh becomes PID 1 and the app does not receive SIGTERM.`,
          ...(shellless && { severity: 'medium' as const }),
          ...(convertible && {
            fix: {
              description: 'Use the exec (JSON) form',
              edits: [{ file: model.source.file.path, start: args.span.start, end: args.span.end, text: JSON.stringify(words).replace(/","/g, '", "') }],
            },
          }),
        });
      }
    }
  },
});
