import { defineRule } from '../../types.js';
import { isInstall, packageCommandsIn } from './_packages.js';
import { type DockerfileModel, type RunStep, type Stage, inheritedAlongChain } from './_support.js';
import { oncePer } from '../../../util/memo.js';

/** An earlier RUN of the stage chain turned recommends off in apt's configuration. */
function recommendsDisabledBefore(model: DockerfileModel, run: RunStep): boolean {
  if (firstDisablingRun(model, run.stage) < run.span.start) return true;
  return run.stage.parent !== undefined && disabledInChain(model)(run.stage.parent) === true;
}

/** Per model: whether a RUN of the stage or of a stage it is built FROM turned recommends off (once per stage, however deep the chain). */
const disabledInChain = oncePer((model: DockerfileModel) => inheritedAlongChain((stage) => (firstDisablingRun(model, stage) !== Infinity ? true : undefined)));

/** Where the first RUN of a stage that turns recommends off starts (Infinity: none), found once per stage. */
const disablingRuns = new WeakMap<Stage, number>();

function firstDisablingRun(model: DockerfileModel, stage: Stage): number {
  let at = disablingRuns.get(stage);
  if (at === undefined) {
    const found = stage.runs.find((earlier) => /Install-Recommends\W+(false|0)\b/i.test(model.text.slice(earlier.span.start, earlier.span.end)));
    at = found ? found.span.start : Infinity;
    disablingRuns.set(stage, at);
  }
  return at;
}

export const aptInstallRecommends = defineRule({
  id: 'dockerfile/apt-install-recommends',
  area: 'dockerfile',
  severity: 'low',
  title: 'apt installs recommended packages',
  why: 'Recommended packages are not needed to run the software but add binaries, libraries and CVEs to the image: more attack surface for nothing.',
  detect:
    'apt-get/apt install without --no-install-recommends or -o APT::Install-Recommends=false, unless an earlier RUN of the ' +
    'stage (or the stage it is built FROM) set APT::Install-Recommends "false" in apt configuration.',
  fix: 'Add `--no-install-recommends` to the install and list what you need explicitly.',
  refs: ['hadolint:DL3015', 'trivy:DS-0029'],
  fixable: true,
  check({ repo, report }) {
    for (const { model, run, command } of packageCommandsIn(repo)) {
      if ((command.manager !== 'apt-get' && command.manager !== 'apt') || !isInstall(command)) continue;
      const args = command.call.args.map((a) => a.value);
      if (args.includes('--no-install-recommends') || args.some((a) => /Install-Recommends=["']?(false|0)/i.test(a))) continue;
      if (recommendsDisabledBefore(model, run)) continue;
      const sub = command.subcommand!;
      report({
        location: model.locate({ start: command.call.nameWord.start, end: sub.end }),
        message: `${command.manager} install without --no-install-recommends also installs every recommended package.`,
        fix: {
          description: 'Add --no-install-recommends',
          edits: [{ file: model.source.file.path, start: sub.end, end: sub.end, text: ' --no-install-recommends' }],
        },
      });
    }
  },
});
