import { defineRule } from '../../types.js';
import { packageCommandsIn } from './_packages.js';

/** apt subcommands apt-get has too (the rest, like list or search, belong to apt-cache). */
const APT_GET_SUBCOMMANDS = new Set(['install', 'update', 'upgrade', 'dist-upgrade', 'remove', 'purge', 'autoremove', 'clean', 'autoclean', 'reinstall', 'source', 'build-dep', 'satisfy']);

export const aptInsteadOfAptGet = defineRule({
  id: 'dockerfile/apt-instead-of-apt-get',
  area: 'dockerfile',
  severity: 'low',
  title: 'apt used in a script',
  why: 'apt is the interactive front end; its command line and output are not a stable interface (it warns so itself), so scripted builds can break or behave differently between releases.',
  detect: 'A RUN or ONBUILD RUN command `apt <subcommand>`. Fixable when apt-get has the same subcommand.',
  fix: 'Use apt-get (install, update, upgrade, remove...) or apt-cache (search, show, policy).',
  refs: ['hadolint:DL3027'],
  fixable: true,
  check({ repo, report }) {
    for (const { model, command } of packageCommandsIn(repo)) {
      if (command.manager !== 'apt' || !command.subcommand) continue;
      const name = command.call.nameWord;
      const convertible = name.value === 'apt' && APT_GET_SUBCOMMANDS.has(command.subcommand.value);
      report({
        location: model.locate({ start: name.start, end: name.end }),
        message: `apt ${command.subcommand.value}: apt is meant for people, use ${convertible ? 'apt-get' : 'apt-get or apt-cache'} in scripts.`,
        ...(!convertible && { noFix: `apt-get has no ${command.subcommand.value}; choose the apt-cache or dpkg command by hand` }),
        ...(convertible && {
          fix: { description: 'Use apt-get', edits: [{ file: model.source.file.path, start: name.start, end: name.end, text: 'apt-get' }] },
        }),
      });
    }
  },
});
