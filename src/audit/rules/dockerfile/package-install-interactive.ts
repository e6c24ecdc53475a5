import { defineRule } from '../../types.js';
import { type PackageCommand, packageCommandsIn, subcommandIs } from './_packages.js';
import { hasOption } from './_shell.js';

/** Subcommands that ask for confirmation, per manager, and the refs of the check that wants them non-interactive. */
const PROMPTING = {
  'apt-get': { subcommands: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'build-dep', 'reinstall'], refs: ['hadolint:DL3014', 'trivy:DS-0021'] },
  apt: { subcommands: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'remove', 'purge', 'autoremove', 'reinstall'], refs: ['hadolint:DL3014', 'trivy:DS-0021'] },
  yum: { subcommands: ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'remove', 'erase'], refs: ['hadolint:DL3030'] },
  dnf: { subcommands: ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'remove', 'erase'], refs: ['hadolint:DL3038'] },
  zypper: { subcommands: ['install', 'in', 'remove', 'rm', 'update', 'up', 'dist-upgrade', 'dup', 'patch'], refs: ['hadolint:DL3034'] },
} as const;

function isNonInteractive(command: PackageCommand): boolean {
  const args = command.call.args;
  switch (command.manager) {
    case 'apt-get':
    case 'apt':
      return (
        hasOption(args, 'y', '--yes', '--assume-yes') ||
        args.some((a) => /^-[A-Za-z]*q[A-Za-z]*q/.test(a.value)) || // -qq implies -y
        args.some((a) => a.value === '--quiet=2' || a.value === '-q=2') ||
        args.some((a) => /APT::Get::Assume-Yes=["']?(true|1|yes)/i.test(a.value))
      );
    case 'yum':
    case 'dnf':
      return hasOption(args, 'y', '--assumeyes');
    case 'zypper':
      return hasOption(args, 'n', '--non-interactive') || hasOption(args, 'y', '--no-confirm');
    default:
      return true;
  }
}

export const packageInstallInteractive = defineRule({
  id: 'dockerfile/package-install-interactive',
  area: 'dockerfile',
  severity: 'low',
  title: 'Package manager may stop for confirmation',
  why: 'A build has no one to answer a prompt: the step hangs or aborts, and scripts grow workarounds that hide real failures.',
  detect:
    'apt-get/apt install, upgrade, remove... without -y/--yes/--assume-yes (or -qq, which implies it); yum/dnf install, update, ' +
    'remove... without -y/--assumeyes; zypper install, update, remove... without -n/--non-interactive or -y/--no-confirm.',
  fix: 'Add `-y` (apt-get, yum, dnf) or `--non-interactive` (zypper).',
  refs: ['hadolint:DL3014', 'trivy:DS-0021', 'hadolint:DL3030', 'hadolint:DL3034', 'hadolint:DL3038'],
  fixable: true,
  check({ repo, report }) {
    for (const { model, command } of packageCommandsIn(repo)) {
      if (!(command.manager in PROMPTING)) continue;
      const spec = PROMPTING[command.manager as keyof typeof PROMPTING];
      if (!subcommandIs(command, ...spec.subcommands) || isNonInteractive(command)) continue;
      const sub = command.subcommand!;
      const flag = command.manager === 'zypper' ? ' --non-interactive' : ' -y';
      const at = command.manager === 'zypper' ? command.call.nameWord.end : sub.end;
      report({
        location: model.locate({ start: command.call.nameWord.start, end: sub.end }),
        message: `${command.manager} ${sub.value} runs without ${flag.trim()} and will wait for an answer no one gives.`,
        refs: spec.refs,
        fix: { description: `Add ${flag.trim()}`, edits: [{ file: model.source.file.path, start: at, end: at, text: flag }] },
      });
    }
  },
});
