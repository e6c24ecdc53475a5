import { execForm, insertLineBefore, keywordLike } from '../../fix/dockerfile.js';
import { type Fix, defineRule } from '../../types.js';
import type { ImageRef } from './_images.js';
import { SHELLS, type ShellCommand, type Word, baseName, invocation, pipelines } from './_shell.js';
import { type DockerfileModel, type RunStep, type Stage, baseImageOf, dockerfileModels, shellAt } from './_support.js';

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

/**
 * The script's first pipe (of two commands or more) that no earlier `set -o pipefail` of the script
 * covers. Found with one look at the commands: each pipe used to search them from the start for a
 * `set` before it, quadratic in a RUN of 25,000 `curl … | sh`.
 */
function firstUnsetPipe(commands: readonly ShellCommand[]): ShellCommand[] | undefined {
  const firstSet = commands.findIndex((command) => {
    const call = invocation(command);
    return call?.name === 'set' && setsPipefail(call.args.map((a: Word) => a.value));
  });
  const position = new Map(commands.map((command, index) => [command, index] as const));
  return pipelines(commands).find((pipeline) => pipeline.length > 1 && (firstSet < 0 || position.get(pipeline[0]!)! <= firstSet));
}

/** RUN bash -o pipefail <<EOF: the shell that reads the here-document sets it. */
function heredocShellSetsPipefail(run: RunStep): boolean {
  const line = run.scripts[0]?.commands[0];
  const call = line && invocation(line);
  return call !== undefined && SHELLS.has(call.name) && setsPipefail(call.args.map((a) => a.value));
}

/** Docker Official Images built on Debian or Ubuntu (bash is essential there) unless an Alpine or Windows tag says otherwise. */
const DEBIAN_BASED = new Set(['debian', 'ubuntu', 'node', 'python', 'ruby', 'golang', 'rust', 'perl', 'php', 'openjdk', 'eclipse-temurin', 'buildpack-deps', 'gcc', 'maven', 'gradle']);

/** A shell known to be in the image that has pipefail: bash on Debian/Ubuntu-based images, BusyBox ash on Alpine. */
function pipefailShell(image: ImageRef | undefined): string | undefined {
  if (!image || image.unresolved || image.registry !== 'docker.io') return undefined;
  const tag = image.tag ?? 'latest';
  if (image.repository === 'alpine' || /(^|-)alpine/.test(tag)) return '/bin/ash';
  if (DEBIAN_BASED.has(image.repository) && !/windowsservercore|nanoserver/.test(tag)) return '/bin/bash';
  return undefined;
}

/**
 * `SHELL [<shell>, "-o", "pipefail", "-c"]` above the first RUN of the stage with an unsafe pipe.
 * Every later RUN of the stage (and of stages built FROM it) then runs in that shell with pipefail,
 * which is why the fix carries a caveat.
 */
function shellFix(model: DockerfileModel, stage: Stage, run: RunStep): Fix | string {
  if (run.form !== 'shell') return 'the pipe is in a here-document; start it with set -o pipefail (in a shell that has it) by hand';
  if (shellAt(model, run)) return 'the stage sets its own SHELL; add -o pipefail to it by hand';
  const shell = pipefailShell(baseImageOf(stage));
  if (!shell) return 'the audit does not know that the base image has a shell with pipefail (bash, BusyBox ash); add SHELL by hand';
  const line = `${keywordLike(model.text, run, 'SHELL')} ${execForm([shell, '-o', 'pipefail', '-c'])}`;
  return {
    description: `Add ${line} before the RUN`,
    edits: [insertLineBefore(model.source.file.path, model.text, run, line)],
    caveat:
      `From here on every RUN of this stage (and of stages built FROM it) runs in ${shell} with pipefail: a pipe whose first command fails now ` +
      `fails the build, which is the point. Check the later RUNs for scripts that relied on /bin/sh or on a failing command inside a pipe.`,
  };
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
    'the here-document is not read by a shell started with -o pipefail. The fix adds a SHELL with pipefail before the first such ' +
    'RUN of the stage, only when the base image is known to have the shell (bash on Debian/Ubuntu-based official images, ash on Alpine).',
  fix: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or ["/bin/ash", "-eo", "pipefail", "-c"] on Alpine) before the RUN, or start the script with `set -o pipefail`.',
  refs: ['hadolint:DL4006', 'trivy:DS-0032'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        let fixed = false;
        for (const run of stage.runs) {
          if (run.form === 'exec' || shellHandlesPipes(model, run)) continue;
          if (run.form === 'heredoc' && heredocShellSetsPipefail(run)) continue;
          const unsafe = run.scripts.filter((script) => !script.nested).map((script) => firstUnsetPipe(script.commands)).find((pipe) => pipe !== undefined);
          if (!unsafe) continue;
          // One SHELL per stage: the first unsafe RUN's fix covers the later ones.
          const fix = fixed ? 'the SHELL the fix of the first such RUN of this stage adds covers this one' : shellFix(model, stage, run);
          if (typeof fix !== 'string') fixed = true;
          report({
            location: model.locate({ start: unsafe[0]!.start, end: unsafe.at(-1)!.end }),
            message: 'This pipeline fails only if its last command fails; set -o pipefail (SHELL or set) so an earlier failure stops the build.',
            ...(typeof fix === 'string' ? { noFix: fix } : { fix }),
          });
        }
      }
    }
  },
});
