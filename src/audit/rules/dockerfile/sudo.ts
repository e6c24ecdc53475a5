import { defineRule } from '../../types.js';
import { isInstall, packageCommands, packageName } from './_packages.js';
import { commandRuns, dockerfileModels, inFinalImage } from './_support.js';

export const sudo = defineRule({
  id: 'dockerfile/sudo',
  area: 'dockerfile',
  severity: 'medium',
  title: 'sudo used or installed',
  why: 'Build steps already run as the stage\'s USER, so sudo only hides which steps need root; installed in the final image it is a setuid-root binary an attacker can use to regain root.',
  detect: 'A RUN or ONBUILD RUN command run through sudo (also under env or other wrappers), and sudo installed by a package manager in the final image (the final stage or a stage it is built FROM).',
  fix: 'Switch users with USER around the steps that need root (USER root ... USER 65532); never install sudo in a runtime image. Use gosu or su-exec only in an entrypoint that drops privileges.',
  refs: ['hadolint:DL3004', 'trivy:DS-0010'],
  noFix: 'What the command needs instead (a USER switch around it, or no root at all) depends on the command.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const run of commandRuns(stage)) {
          for (const call of run.invocations) {
            const wrapper = call.wrappers.find((w) => w.value === 'sudo' || w.value.endsWith('/sudo'));
            const word = wrapper ?? (call.name === 'sudo' ? call.nameWord : undefined);
            if (!word) continue;
            report({
              location: model.locate({ start: word.start, end: word.end }),
              message: `sudo runs ${wrapper ? call.name : 'a command'}; use USER to run build steps as the right user.`,
            });
          }
          // A trigger installs into the images built FROM this one, not into this final image.
          if (run.trigger || !inFinalImage(model, stage)) continue;
          for (const command of packageCommands(run)) {
            if (!isInstall(command)) continue;
            for (const operand of command.operands) {
              if (packageName(command, operand) !== 'sudo') continue;
              report({
                location: model.locate({ start: operand.start, end: operand.end }),
                message: 'sudo is installed in the final image: a setuid-root binary an attacker can use to regain root.',
              });
            }
          }
        }
      }
    }
  },
});
