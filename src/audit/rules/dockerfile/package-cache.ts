import type { Fix } from '../../types.js';
import { defineRule } from '../../types.js';
import { type Manager, type PackageCommand, packageCommands, subcommandIs } from './_packages.js';
import type { ShellCommand } from './_shell.js';
import { type DockerfileModel, type RunStep, type Script, dockerfileModels, mountsOver } from './_support.js';
import { oncePer } from '../../../util/memo.js';

interface CacheSpec {
  /** The commands that fill the cache. */
  readonly fills: (command: PackageCommand) => boolean;
  /** Directories the cache lives in (removing or mounting over them clears it). */
  readonly paths: readonly string[];
  /** The manager's own cleanup, for commands of the same family. */
  readonly cleans: (command: PackageCommand) => boolean;
  /** An option on the filling command that avoids the cache altogether. */
  readonly noCacheOption?: string;
  /** Otherwise (one of the two is set), the command that cleans up, appended to the RUN (given the manager as it was invoked). */
  readonly cleanup?: (name: string) => string;
  readonly refs: readonly string[];
  readonly advice: string;
}

const rpmFamily = (command: PackageCommand) => command.manager === 'yum' || command.manager === 'dnf' || command.manager === 'microdnf';
const rpmInstall = (command: PackageCommand) => subcommandIs(command, 'install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade');
const rpmCleanAll = (command: PackageCommand) => rpmFamily(command) && subcommandIs(command, 'clean') && command.operands.some((o) => o.value === 'all');

const SPECS: Partial<Record<Manager, CacheSpec>> = {
  'apt-get': {
    fills: (c) => subcommandIs(c, 'update'),
    paths: ['/var/lib/apt/lists'],
    cleans: () => false,
    cleanup: () => 'rm -rf /var/lib/apt/lists/*',
    refs: ['hadolint:DL3009'],
    advice: 'remove /var/lib/apt/lists/* in the same RUN',
  },
  apk: {
    fills: (c) => subcommandIs(c, 'add'),
    paths: ['/var/cache/apk', '/etc/apk/cache'],
    cleans: (c) => c.manager === 'apk' && subcommandIs(c, 'cache') && c.operands.some((o) => o.value === 'clean' || o.value === 'purge'),
    noCacheOption: '--no-cache',
    refs: ['hadolint:DL3019', 'trivy:DS-0025'],
    advice: 'use apk add --no-cache',
  },
  pip: {
    fills: (c) => subcommandIs(c, 'install'),
    paths: ['/root/.cache/pip', '/root/.cache'],
    cleans: (c) => c.manager === 'pip' && subcommandIs(c, 'cache') && c.operands.some((o) => o.value === 'purge'),
    noCacheOption: '--no-cache-dir',
    refs: ['hadolint:DL3042'],
    advice: 'use pip install --no-cache-dir',
  },
  yum: { fills: rpmInstall, paths: ['/var/cache/yum'], cleans: rpmCleanAll, cleanup: (name) => `${name} clean all`, refs: ['hadolint:DL3032', 'trivy:DS-0015'], advice: 'run yum clean all in the same RUN' },
  dnf: { fills: rpmInstall, paths: ['/var/cache/dnf', '/var/cache/libdnf5'], cleans: rpmCleanAll, cleanup: (name) => `${name} clean all`, refs: ['hadolint:DL3040', 'trivy:DS-0019'], advice: 'run dnf clean all in the same RUN' },
  microdnf: { fills: rpmInstall, paths: ['/var/cache/yum', '/var/cache/dnf'], cleans: rpmCleanAll, cleanup: (name) => `${name} clean all`, refs: ['hadolint:DL3040', 'trivy:DS-0027'], advice: 'run microdnf clean all in the same RUN' },
  zypper: {
    fills: (c) => subcommandIs(c, 'install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch'),
    paths: ['/var/cache/zypp'],
    cleans: (c) => c.manager === 'zypper' && subcommandIs(c, 'clean', 'cc'),
    cleanup: (name) => `${name} clean`,
    refs: ['hadolint:DL3036', 'trivy:DS-0020'],
    advice: 'run zypper clean in the same RUN',
  },
};
SPECS.apt = SPECS.aptitude = SPECS['apt-get'];

/** `rm` of one of the cache paths, or the path's contents, anywhere in the RUN. */
function removesPath(run: RunStep, paths: readonly string[]): boolean {
  return run.invocations.some(
    (call) => call.name === 'rm' && call.args.some((arg) => paths.some((path) => arg.value === path || arg.value.startsWith(`${path}/`))),
  );
}

/** pip reads PIP_NO_CACHE_DIR from the environment. */
function pipCacheDisabledByEnv(model: DockerfileModel, run: RunStep): boolean {
  const value = model.resolve('$PIP_NO_CACHE_DIR', run);
  return value !== '$PIP_NO_CACHE_DIR' && value !== '';
}

/** apt-get subcommands that read the package lists `apt-get update` downloads. */
const READS_APT_LISTS = ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'reinstall', 'source', 'build-dep', 'satisfy', 'download'];

/**
 * A later RUN of the final image's stages installs from the apt lists without fetching them again:
 * removing the lists here would make it fail.
 */
function laterRunReadsAptLists(model: DockerfileModel, run: RunStep): boolean {
  // A trigger is followed by the stage's later triggers (what the child image runs next is not here).
  return readsAptListsLater(run.trigger ? run.stage.triggers : finalChainRuns(model)).get(run) ?? false;
}

/** The final image's RUNs in build order (finalChain runs from the final stage up to its root). */
const finalChainRuns = oncePer((model: DockerfileModel): readonly RunStep[] => [...model.finalChain].reverse().flatMap((stage) => stage.runs));

/**
 * For each RUN of a build order, whether a RUN after it installs from the apt lists before any
 * update of its own. Worked out once per build order, from the end: each finding looking at every
 * later RUN took 21 s on 12,000 `RUN apt-get update && apt-get install` lines.
 */
const readsAptListsLater = oncePer((ordered: readonly RunStep[]): ReadonlyMap<RunStep, boolean> => {
  const later = new Map<RunStep, boolean>();
  let found = false;
  for (let k = ordered.length - 1; k >= 0; k--) {
    later.set(ordered[k]!, found);
    found ||= readsAptListsFirst(ordered[k]!);
  }
  return later;
});

/** The RUN's first apt command that matters reads the lists (an update before it fetches them). */
function readsAptListsFirst(run: RunStep): boolean {
  for (const command of packageCommands(run)) {
    if (!['apt-get', 'apt', 'aptitude'].includes(command.manager)) continue;
    if (subcommandIs(command, 'update')) return false;
    if (subcommandIs(command, ...READS_APT_LISTS)) return true;
  }
  return false;
}

/**
 * Appends `&& <cleanup>` after the RUN's last command, so the cache is gone before the layer is
 * written. Offered only when that is all it changes: a shell-form RUN whose last command is at the
 * top level and not sent to the background, and, for apt, no later RUN that needs the lists.
 */
/**
 * What clears a manager's cache in one RUN, each answer found once per RUN and manager: every
 * finding of a RUN of 50,000 `apt-get update` used to scan the RUN's other commands again.
 */
function cacheClearing(run: RunStep, commands: readonly PackageCommand[]) {
  const cleared = new Map<CacheSpec, boolean>();
  const lastCleaning = new Map<CacheSpec, number>();
  return {
    /** The RUN removes the cache directory or mounts a cache or tmpfs over it. */
    clears(spec: CacheSpec): boolean {
      let answer = cleared.get(spec);
      if (answer === undefined) {
        answer = spec.paths.some((path) => mountsOver(run, path)) || removesPath(run, spec.paths);
        cleared.set(spec, answer);
      }
      return answer;
    },
    /** A command after `index` runs the manager's own cleanup. */
    cleansAfter(spec: CacheSpec, index: number): boolean {
      let last = lastCleaning.get(spec);
      if (last === undefined) {
        last = commands.length - 1;
        while (last >= 0 && !spec.cleans(commands[last]!)) last--;
        lastCleaning.set(spec, last);
      }
      return last > index;
    },
  };
}

/** The commands of a script, as a set: each finding of the RUN asks whether its command is one. */
const commandSet = oncePer((script: Script): ReadonlySet<ShellCommand> => new Set(script.commands));

function cleanupFix(model: DockerfileModel, run: RunStep, command: PackageCommand, cleanup: string): Fix | string {
  if (run.form !== 'shell') return `the RUN is in ${run.form} form; add ${cleanup} to its script by hand`;
  const script = run.scripts.find((s) => !s.nested);
  const last = script?.commands.at(-1);
  if (!script || !last || last.depth !== 0 || last.after === '&' || !commandSet(script).has(command.call.command)) {
    return `the RUN ends inside a subshell, in the background or in a nested script; add ${cleanup} by hand`;
  }
  const rpmOrZypper = ['yum', 'dnf', 'microdnf', 'zypper'].includes(command.manager);
  if (!rpmOrZypper && laterRunReadsAptLists(model, run)) return 'a later RUN installs from the apt lists without an update; removing them here would break it';
  return { description: `Append && ${cleanup} to the RUN`, edits: [{ file: model.source.file.path, start: last.end, end: last.end, text: ` && ${cleanup}` }] };
}

export const packageCache = defineRule({
  id: 'dockerfile/package-cache',
  area: 'dockerfile',
  severity: 'low',
  title: 'Package manager cache left in the image',
  why: 'Package indexes and downloaded packages stay in the layer: a bigger image to pull and scan, and stale indexes that later installs may trust.',
  detect:
    'In the final stage and the stages it is built FROM (a build stage\'s cache is thrown away), and in ONBUILD RUN triggers of any stage: apt-get/apt update without ' +
    'rm of /var/lib/apt/lists in the same RUN; apk add without --no-cache; pip install without --no-cache-dir (or ' +
    'PIP_NO_CACHE_DIR); yum/dnf/microdnf install or update without `clean all`, zypper install or update without ' +
    '`zypper clean`, in the same RUN. Removing the cache directory or mounting a cache/tmpfs over it (RUN --mount=type=cache) also counts.',
  fix: 'Clean in the same RUN: `apt-get update && apt-get install -y --no-install-recommends x && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache x`, `pip install --no-cache-dir x`, `dnf install -y x && dnf clean all`; or use a BuildKit cache mount.',
  refs: ['hadolint:DL3009', 'hadolint:DL3019', 'hadolint:DL3042', 'hadolint:DL3032', 'hadolint:DL3036', 'hadolint:DL3040', 'trivy:DS-0015', 'trivy:DS-0019', 'trivy:DS-0020', 'trivy:DS-0025', 'trivy:DS-0027'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      // The final image's RUNs, and every stage's ONBUILD RUN triggers: they fill the images built FROM it.
      const runs = [...model.finalChain.flatMap((stage) => stage.runs), ...model.stages.flatMap((stage) => stage.triggers)];
      for (const run of runs) {
        const commands = packageCommands(run);
        const clearing = cacheClearing(run, commands);
        for (const [index, command] of commands.entries()) {
          const spec = SPECS[command.manager];
          if (!spec || !spec.fills(command)) continue;
          const args = command.call.args.map((a) => a.value);
          if (spec.noCacheOption && args.includes(spec.noCacheOption)) continue;
          if (clearing.clears(spec) || clearing.cleansAfter(spec, index)) continue;
          if (command.manager === 'pip' && pipCacheDisabledByEnv(model, run)) continue;
          const sub = command.subcommand!;
          const fix: Fix | string = spec.noCacheOption
            ? { description: `Add ${spec.noCacheOption}`, edits: [{ file: model.source.file.path, start: sub.end, end: sub.end, text: ` ${spec.noCacheOption}` }] }
            : cleanupFix(model, run, command, spec.cleanup!(command.call.name));
          report({
            location: model.locate({ start: command.call.nameWord.start, end: sub.end }),
            message: `${command.call.name} ${sub.value} leaves its cache in the image: ${spec.advice}.`,
            refs: spec.refs,
            ...(typeof fix === 'string' ? { noFix: fix } : { fix }),
          });
        }
      }
    }
  },
});
