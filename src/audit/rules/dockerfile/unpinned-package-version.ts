import { defineRule } from '../../types.js';
import { type Manager, installOperands, isInstall, isPinned, packageCommandsIn } from './_packages.js';

const REFS: Readonly<Record<Manager, readonly string[]>> = {
  'apt-get': ['hadolint:DL3008'],
  apt: ['hadolint:DL3008'],
  aptitude: ['hadolint:DL3008'],
  apk: ['hadolint:DL3018'],
  pip: ['hadolint:DL3013'],
  npm: ['hadolint:DL3016'],
  gem: ['hadolint:DL3028'],
  go: ['hadolint:DL3062'],
  yum: ['hadolint:DL3033'],
  dnf: ['hadolint:DL3041'],
  microdnf: ['hadolint:DL3041'],
  zypper: ['hadolint:DL3037'],
};

const HOW: Readonly<Record<Manager, string>> = {
  'apt-get': 'name=version',
  apt: 'name=version',
  aptitude: 'name=version',
  apk: 'name=version',
  pip: 'name==version (or a hashed requirements file)',
  npm: 'name@version (or a lockfile with npm ci)',
  gem: 'name:version or -v version',
  go: 'module@version',
  yum: 'name-version',
  dnf: 'name-version',
  microdnf: 'name-version',
  zypper: 'name=version',
};

export const unpinnedPackageVersion = defineRule({
  id: 'dockerfile/unpinned-package-version',
  area: 'dockerfile',
  severity: 'low',
  title: 'Packages installed without a version',
  why: 'Without versions each build installs whatever is newest that day: builds are not reproducible and a compromised or broken release is picked up silently.',
  detect:
    'Package operands without an exact version in installs by apt-get/apt (name=version), apk (name=version or ~), pip ' +
    '(==, a URL, a path or a wheel), npm install/add (name@x.y.z), gem install (-v or name:version), go install ' +
    '(module@version other than latest), yum/dnf/microdnf (name-version) and zypper (name=version). Operands that are ' +
    'variables, local paths or package files are not reported; requirements files and lockfiles are pinned elsewhere.',
  fix: 'Pin each package to the version you tested (apt-get install curl=8.14.1-2), or install from a lockfile with hashes (pip install --require-hashes -r requirements.txt, npm ci).',
  refs: ['hadolint:DL3008', 'hadolint:DL3018', 'hadolint:DL3013', 'hadolint:DL3016', 'hadolint:DL3028', 'hadolint:DL3062', 'hadolint:DL3033', 'hadolint:DL3037', 'hadolint:DL3041'],
  noFix: 'The versions to pin are the ones you tested; the audit never guesses a version.',
  check({ repo, report }) {
    for (const { model, command } of packageCommandsIn(repo)) {
      if (!isInstall(command)) continue;
      const unpinned = installOperands(command).filter((operand) => !isPinned(command, operand));
      const first = unpinned[0];
      const last = unpinned.at(-1);
      if (!first || !last) continue;
      report({
        location: model.locate({ start: first.start, end: last.end }),
        message: `${command.call.name} ${command.subcommand!.value} without a version for ${unpinned.map((o) => o.value).join(', ')}; pin as ${HOW[command.manager]}.`,
        refs: REFS[command.manager],
      });
    }
  },
});
