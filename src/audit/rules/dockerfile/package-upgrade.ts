import { defineRule } from '../../types.js';
import { type PackageCommand, packageCommandsIn, subcommandIs } from './_packages.js';

/** Whether the command upgrades every installed package, and whether it may switch to a new release's packages. */
function upgradeKind(command: PackageCommand): 'upgrade' | 'dist-upgrade' | undefined {
  switch (command.manager) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      if (subcommandIs(command, 'dist-upgrade', 'full-upgrade')) return 'dist-upgrade';
      return subcommandIs(command, 'upgrade', 'safe-upgrade') ? 'upgrade' : undefined;
    case 'zypper':
      if (subcommandIs(command, 'dist-upgrade', 'dup')) return 'dist-upgrade';
      return subcommandIs(command, 'update', 'up') && command.operands.length === 0 ? 'upgrade' : undefined;
    case 'yum':
    case 'dnf':
    case 'microdnf':
      if (subcommandIs(command, 'distro-sync')) return 'dist-upgrade';
      return subcommandIs(command, 'update', 'upgrade') && command.operands.length === 0 ? 'upgrade' : undefined;
    case 'apk':
      return subcommandIs(command, 'upgrade') && command.operands.length === 0 ? 'upgrade' : undefined;
    default:
      return undefined;
  }
}

export const packageUpgrade = defineRule({
  id: 'dockerfile/package-upgrade',
  area: 'dockerfile',
  severity: 'info',
  title: 'All packages upgraded during the build',
  why: 'Upgrading everything at build time makes the image depend on the day it was built and hides what changed; a dist-upgrade can even move packages to a new release the base image was not built for.',
  detect:
    'apt-get/apt dist-upgrade or full-upgrade, zypper dist-upgrade, dnf/yum distro-sync (low); apt-get/apt upgrade and ' +
    'upgrade-everything forms of yum/dnf update, zypper update and apk upgrade without package names (info).',
  fix: 'Rebuild on a current, pinned base image (Renovate keeps it current) instead of upgrading inside the build; upgrade only the packages a scanner flags, by name and version.',
  refs: ['trivy:DS-0024', 'hadolint:DL3035'],
  noFix: 'Removing the upgrade changes which package versions the image holds; rebuild on a newer base image instead.',
  check({ repo, report }) {
    for (const { model, command } of packageCommandsIn(repo)) {
      const kind = upgradeKind(command);
      if (!kind) continue;
      const sub = command.subcommand!;
      const dist = kind === 'dist-upgrade';
      report({
        location: model.locate({ start: command.call.nameWord.start, end: sub.end }),
        message: dist
          ? `${command.call.name} ${sub.value} may move packages to another release than the base image's.`
          : `${command.call.name} ${sub.value} upgrades every package at build time, so the image depends on the build date.`,
        severity: dist ? 'low' : 'info',
        refs: dist ? (command.manager === 'zypper' ? ['hadolint:DL3035'] : command.manager.startsWith('apt') ? ['trivy:DS-0024'] : []) : [],
      });
    }
  },
});
