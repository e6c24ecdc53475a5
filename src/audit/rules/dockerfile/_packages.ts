// Package-manager commands in RUN scripts, read the way each tool reads its command line: which
// manager, which subcommand, which options (and their values) and which package operands.
import type { Invocation, Word } from './_shell.js';
import type { Repo } from '../../types.js';
import { type DockerfileModel, type RunStep, type Stage, commandRuns, dockerfileModels } from './_support.js';
import { exactArray } from '../../../util/exact-array.js';
import { oncePer } from '../../../util/memo.js';
import { lastLineStart } from '../../../util/last-line.js';

export type Manager = 'apt-get' | 'apt' | 'aptitude' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper' | 'pip' | 'npm' | 'gem' | 'go';

interface ManagerSpec {
  /** Options whose value is the next word. */
  readonly valueOptions: readonly string[];
}

const APT: ManagerSpec = { valueOptions: ['-o', '-t', '-c', '-a', '--option', '--target-release', '--default-release', '--config-file', '--host-architecture'] };
const RPM: ManagerSpec = { valueOptions: ['-c', '-x', '-d', '-e', '--exclude', '--installroot', '--releasever', '--setopt', '--config', '--repo', '--enablerepo', '--disablerepo'] };

const SPECS: Readonly<Record<Manager, ManagerSpec>> = {
  'apt-get': APT,
  apt: APT,
  aptitude: APT,
  apk: { valueOptions: ['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file'] },
  yum: RPM,
  dnf: RPM,
  microdnf: RPM,
  zypper: { valueOptions: ['-t', '--type', '-r', '--repo', '--from', '-R', '--root', '--installroot', '-D', '--reposd-dir', '-C', '--cache-dir'] },
  pip: {
    valueOptions: [
      '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
      '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--only-binary',
      '--no-binary', '--progress-bar', '--trusted-host', '--src', '--upgrade-strategy', '--cache-dir', '--log', '--proxy', '--retries', '--timeout',
    ],
  },
  npm: { valueOptions: ['--prefix', '--registry', '--cache', '-w', '--workspace', '--omit', '--include', '--userconfig', '--tag'] },
  gem: { valueOptions: ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '-P', '--trust-policy', '--platform', '-g', '--file'] },
  go: { valueOptions: ['-C', '-o', '-p', '-tags', '-ldflags', '-gcflags', '-modfile', '-mod', '-pkgdir', '-exec'] },
};

export interface PackageCommand {
  readonly manager: Manager;
  readonly call: Invocation;
  readonly run: RunStep;
  readonly subcommand: Word | undefined;
  /** Options anywhere on the command line, with the values of value-taking options. */
  readonly options: readonly Word[];
  /** Non-option words after the subcommand. */
  readonly operands: readonly Word[];
}

/** Programs whose name is the manager's. */
const DIRECT = new Set<string>(['apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'npm', 'gem', 'go']);

function managerOf(call: Invocation): { manager: Manager; args: readonly Word[] } | undefined {
  const name = call.name;
  if (DIRECT.has(name)) return { manager: name as Manager, args: call.args };
  if (name === 'dnf5' || name === 'tdnf') return { manager: 'dnf', args: call.args };
  if (/^pip(\d+(\.\d+)?)?$/.test(name)) return { manager: 'pip', args: call.args };
  // python -m pip install ...
  if (/^python(\d+(\.\d+)?)?$/.test(name) && call.args[0]?.value === '-m' && /^pip\d*$/.test(call.args[1]?.value ?? '')) {
    return { manager: 'pip', args: call.args.slice(2) };
  }
  return undefined;
}

function parsePackageCommand(call: Invocation, run: RunStep): PackageCommand | undefined {
  const found = managerOf(call);
  if (!found) return undefined;
  const spec = SPECS[found.manager];
  let subcommand: Word | undefined;
  const options: Word[] = [];
  const operands: Word[] = [];
  const args = found.args;
  for (let k = 0; k < args.length; k++) {
    const word = args[k]!;
    if (word.value.startsWith('-') && word.value.length > 1) {
      options.push(word);
      if (spec.valueOptions.includes(word.value) && args[k + 1]) options.push(args[++k]!);
    } else if (!subcommand) subcommand = word;
    else operands.push(word);
  }
  // `yum groupinstall "Development Tools"` and `dnf group install` keep their group names as operands.
  return { manager: found.manager, call, run, subcommand, options: exactArray(options), operands: exactArray(operands) };
}

/** Every package-manager command of every RUN of every Dockerfile, with where it stands. */
export function* packageCommandsIn(repo: Repo): Generator<{ model: DockerfileModel; stage: Stage; run: RunStep; command: PackageCommand }> {
  for (const model of dockerfileModels(repo)) {
    for (const stage of model.stages) {
      for (const run of commandRuns(stage)) {
        for (const command of packageCommands(run)) yield { model, stage, run, command };
      }
    }
  }
}

/** Every package-manager command of a RUN (read once per RUN: several rules ask). */
export const packageCommands = oncePer((run: RunStep): readonly PackageCommand[] =>
  run.invocations.flatMap((call) => {
    const parsed = parsePackageCommand(call, run);
    return parsed ? [parsed] : [];
  }),
);

const INSTALL: Readonly<Record<Manager, readonly string[]>> = {
  'apt-get': ['install'],
  apt: ['install'],
  aptitude: ['install'],
  apk: ['add'],
  yum: ['install', 'groupinstall', 'localinstall', 'reinstall'],
  dnf: ['install', 'groupinstall', 'localinstall', 'reinstall'],
  microdnf: ['install', 'reinstall'],
  zypper: ['install', 'in'],
  pip: ['install'],
  npm: ['install', 'i', 'add', 'isntall'],
  gem: ['install'],
  go: ['install'],
};

export function isInstall(command: PackageCommand): boolean {
  return command.subcommand !== undefined && INSTALL[command.manager].includes(command.subcommand.value);
}

export function subcommandIs(command: PackageCommand, ...names: string[]): boolean {
  return command.subcommand !== undefined && names.includes(command.subcommand.value);
}

/** The package name of an operand without its version: gcc=12.2 -> gcc, build-base~0.5 -> build-base. */
export function packageName(command: PackageCommand, operand: Word): string {
  const value = operand.value;
  switch (command.manager) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
    case 'apk':
    case 'zypper':
      return value.split(/[=~<>]/)[0]!;
    case 'pip':
      return value.split(/[=~<>!@[;\s]/)[0]!.toLowerCase();
    case 'npm':
      return value.startsWith('@') ? `@${value.slice(1).split('@')[0]}` : value.split('@')[0]!;
    case 'yum':
    case 'dnf':
    case 'microdnf':
      return withoutVersion(value);
    default:
      return value;
  }
}

/** Whether an install operand names an exact version (or something that is not a registry package). */
export function isPinned(command: PackageCommand, operand: Word): boolean {
  const value = operand.value;
  if (value.includes('$')) return true; // a variable: the version is decided elsewhere
  const isPath = /^(\.|\/|~)/.test(value) || value.includes('://');
  switch (command.manager) {
    case 'apt-get':
    case 'apt':
    case 'aptitude':
      return value.includes('=') || isPath || value.endsWith('.deb');
    case 'apk':
      return /[=~<>]/.test(value) || isPath || value.endsWith('.apk');
    case 'zypper':
      return /[=<>]/.test(value) || isPath || value.endsWith('.rpm');
    case 'yum':
    case 'dnf':
    case 'microdnf':
      return /-\d/.test(value) || value.startsWith('@') || isPath || value.endsWith('.rpm');
    case 'pip':
      return /={2,3}/.test(value) || /\s@\s|^[^=<>~!]+@/.test(value) || isPath || /\.(whl|tar\.gz|zip)$/.test(value);
    case 'npm': {
      if (isPath || /^(git\+|github:|https?:)/.test(value) || /\.tgz$/.test(value)) return true;
      const at = value.lastIndexOf('@');
      return at > 0 && /^v?\d+\.\d+\.\d+/.test(value.slice(at + 1));
    }
    case 'gem':
      return command.options.some((o) => o.value === '-v' || o.value === '--version' || o.value.startsWith('--version=')) || /:\d/.test(value);
    case 'go': {
      if (isPath) return true;
      const at = value.lastIndexOf('@');
      return at > 0 && !['latest', 'upgrade', 'patch', 'master', 'main'].includes(value.slice(at + 1));
    }
  }
}

/** Managers whose operands are registry packages (as opposed to `go install ./cmd/x` or `gem install ./x.gem`). */
export function installOperands(command: PackageCommand): readonly Word[] {
  if (command.manager === 'go') return command.operands.filter((o) => o.value.includes('@') || !o.value.startsWith('.'));
  if (command.manager === 'npm' && command.operands.length === 0) return [];
  return command.operands;
}

/**
 * An rpm package name without its version (`nginx-1.24.0` -> `nginx`): cut at the first `-` and
 * digit from which the rest has no line terminator, as /-\d.*$/ cut, in one pass (that expression was
 * quadratic on a long word of `-0-0-0…` ending in a line break).
 */
function withoutVersion(value: string): string {
  const lastLine = lastLineStart(value);
  const version = /-\d/.exec(value.slice(lastLine));
  return version ? value.slice(0, lastLine + version.index) : value;
}
