import { defineRule } from '../../types.js';
import { type Manager, type PackageCommand, isInstall, packageCommands, subcommandIs } from './_packages.js';
import { commandRuns, dockerfileModels } from './_support.js';

/** Managers whose `update` (zypper: `refresh`) only refreshes the package index, by family: apt-get and apt share one index. */
const FAMILY: Partial<Record<Manager, string>> = { 'apt-get': 'apt', apt: 'apt', aptitude: 'apt', apk: 'apk', zypper: 'zypper' };
const family = (command: PackageCommand) => FAMILY[command.manager];
const isIndexRefresh = (command: PackageCommand) => (command.manager === 'zypper' ? subcommandIs(command, 'refresh', 'ref') : subcommandIs(command, 'update'));
const usesIndex = (command: PackageCommand) => isInstall(command) || subcommandIs(command, 'upgrade', 'dist-upgrade', 'full-upgrade', 'dup', 'source', 'build-dep');

export const packageUpdateAlone = defineRule({
  id: 'dockerfile/package-update-alone',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Package index refreshed in a RUN that installs nothing',
  why: 'The layer with the refreshed index is cached on its own: later builds reuse the old index and install outdated, possibly vulnerable packages while the Dockerfile looks up to date.',
  detect:
    'A RUN (or ONBUILD RUN) with apt-get/apt update, apk update or zypper refresh and no install/upgrade of the same manager after it in the ' +
    'same RUN. (yum/dnf `update` upgrades packages rather than refreshing an index, so it is not reported here.)',
  fix: 'Refresh and install in one RUN: `RUN apt-get update && apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*`.',
  refs: ['trivy:DS-0017'],
  noFix: 'Merging the update into the RUN that installs changes the layer structure and cache the other RUNs rely on.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const run of commandRuns(stage)) {
          const commands = packageCommands(run);
          // Where each family last installs or upgrades in the RUN, found in one pass.
          const lastUse = new Map<string, number>();
          commands.forEach((command, index) => {
            const kind = family(command);
            if (kind && usesIndex(command)) lastUse.set(kind, index);
          });
          for (const [index, command] of commands.entries()) {
            const kind = family(command);
            if (!kind || !isIndexRefresh(command)) continue;
            if ((lastUse.get(kind) ?? -1) > index) continue;
            report({
              location: model.locate({ start: command.call.nameWord.start, end: command.subcommand!.end }),
              message: `${command.call.name} ${command.subcommand!.value} is not followed by an install in the same RUN, so its cached layer goes stale.`,
            });
          }
        }
      }
    }
  },
});
