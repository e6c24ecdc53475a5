import { defineRule } from '../../types.js';
import { invocation } from './_shell.js';
import { commandRuns, dockerfileModels } from './_support.js';

export const runCd = defineRule({
  id: 'dockerfile/run-cd',
  area: 'dockerfile',
  severity: 'info',
  title: 'cd in RUN instead of WORKDIR',
  why: 'A cd lasts only for its RUN, so later instructions run elsewhere than the script suggests; WORKDIR states the directory once, for every instruction after it.',
  detect: 'A cd command at the top level of a shell-form or here-document RUN (or ONBUILD RUN) script (not inside a ( ... ) subshell or an `sh -c` script).',
  fix: 'Set the directory with WORKDIR before the RUN, or use tool options such as `make -C dir` or `git -C dir`.',
  refs: ['hadolint:DL3003', 'trivy:DS-0013'],
  noFix: 'Replacing cd with WORKDIR changes the directory of every later instruction, not just of this RUN.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const run of commandRuns(stage)) {
          if (run.form === 'exec') continue;
          for (const script of run.scripts) {
            if (script.nested) continue;
            for (const command of script.commands) {
              const call = command.depth === 0 ? invocation(command) : undefined;
              if (call?.name !== 'cd') continue;
              report({ location: model.locate({ start: command.start, end: command.end }), message: 'Use WORKDIR instead of cd: the cd lasts only for this RUN.' });
            }
          }
        }
      }
    }
  },
});
