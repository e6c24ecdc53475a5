import { defineRule } from '../../types.js';
import { SHELLS, type ShellCommand, type Word, baseName, invocation, pipelines } from './_shell.js';
import { type DockerfileModel, type RunStep, dockerfileModels, shellAt } from './_support.js';

/** `-o pipefail` in an argument list, also as part of a cluster (`-eo pipefail`, `-euxo pipefail`). */
export function setsPipefail(args: readonly string[]): boolean {
  return args.some((arg, k) => /^-[a-z]*o$/.test(arg) && args[k + 1] === 'pipefail');
}

const NON_POSIX_SHELLS = /^(pwsh|powershell|cmd)(\.exe)?$/i;

/** The SHELL in effect sets pipefail, or is not a POSIX shell (the check does not apply). */
function shellHandlesPipes(model: DockerfileModel, run: RunStep): boolean {
  const shell = shellAt(model, run);
  if (!shell) return false;
  return NON_POSIX_SHELLS.test(baseName(shell[0] ?? '')) || setsPipefail(shell);
}

/** A `set -o pipefail` before `before` in the same script. */
function scriptSetsPipefail(commands: readonly ShellCommand[], before: ShellCommand): boolean {
  for (const command of commands) {
    if (command === before) return false;
    const call = invocation(command);
    if (call?.name === 'set' && setsPipefail(call.args.map((a: Word) => a.value))) return true;
  }
  return false;
}

/** RUN bash -o pipefail <<EOF: the shell that reads the here-document sets it. */
function heredocShellSetsPipefail(run: RunStep): boolean {
  const line = run.scripts[0]?.commands[0];
  const call = line && invocation(line);
  return call !== undefined && SHELLS.has(call.name) && setsPipefail(call.args.map((a) => a.value));
}

export const missingPipefail = defineRule({
  id: 'dockerfile/missing-pipefail',
  area: 'dockerfile',
  severity: 'low',
  title: 'Pipe in RUN without pipefail',
  why: 'A pipeline\'s exit status is that of its last command, so `curl ... | tar x` succeeds when the download fails and the image is built from a partial or error page.',
  detect:
    'A shell-form or here-document RUN with a `|` pipe, when the SHELL in effect does not set `-o pipefail` (non-POSIX ' +
    'shells such as pwsh are exempt), no `set -o pipefail` (or -eo, -euxo...) precedes the pipe in the same script, and ' +
    'the here-document is not read by a shell started with -o pipefail.',
  fix: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or ["/bin/ash", "-eo", "pipefail", "-c"] on Alpine) before the RUN, or start the script with `set -o pipefail`.',
  refs: ['hadolint:DL4006', 'trivy:DS-0032'],
  noFix: 'pipefail needs a shell that has it (bash, or a recent dash or ash) and changes how every later RUN of the stage fails; choose the SHELL by hand.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const run of stage.runs) {
          if (run.form === 'exec' || shellHandlesPipes(model, run)) continue;
          if (run.form === 'heredoc' && heredocShellSetsPipefail(run)) continue;
          const unsafe = run.scripts
            .filter((script) => !script.nested)
            .flatMap((script) =>
              pipelines(script.commands)
                .filter((pipeline) => pipeline.length > 1 && !scriptSetsPipefail(script.commands, pipeline[0]!))
                .slice(0, 1),
            )[0];
          if (!unsafe) continue;
          report({
            location: model.locate({ start: unsafe[0]!.start, end: unsafe.at(-1)!.end }),
            message: 'This pipeline fails only if its last command fails; set -o pipefail (SHELL or set) so an earlier failure stops the build.',
          });
        }
      }
    }
  },
});
