// CI scripts read as the shell runs them: which commands run, and whether a failure of each can
// fail the script, by POSIX and bash rules for set -e, &&/|| lists, pipelines and conditions.
import { describe, expect, it } from 'vitest';
import { scriptCommands, type ShellOptions } from '../../../src/audit/support/shell.js';

const GITHUB: ShellOptions = { errexit: true, pipefail: false }; // bash -e {0}
const effects = (script: string, options: ShellOptions = GITHUB) =>
  scriptCommands(script, options).map((command) => `${command.words[0]}:${command.failure}${command.by ? `(${command.by})` : ''}`);

describe('scriptCommands', () => {
  it('joins continuation lines, removes quotes and skips comments and heredoc bodies', () => {
    const script = 'trivy image \\\n  --exit-code "1" \\\n  app:1 # trivy fs .\ncat <<EOF\ntrivy image x || true\nEOF\n';
    const commands = scriptCommands(script, GITHUB);
    expect(commands.map((command) => command.words)).toEqual([['trivy', 'image', '--exit-code', '1', 'app:1'], ['cat']]);
  });

  it('under set -e every statement fails the script; the last one decides it anyway', () => {
    expect(effects('trivy image a\necho done')).toEqual(['trivy:fails', 'echo:fails']);
    expect(effects('trivy image a\necho done', { errexit: false, pipefail: false })).toEqual(['trivy:swallowed(no-errexit)', 'echo:fails']);
  });

  it('|| true, || :, || exit 0 and || echo swallow a failure; || exit 1, a bare || exit and || false keep it', () => {
    expect(effects('trivy image a || true')).toEqual(['trivy:swallowed(or)', 'true:fails']);
    expect(effects('trivy image a || :\ntrivy image b || exit 0\ntrivy image c || echo "scan failed"')).toEqual([
      'trivy:swallowed(or)', '::fails', 'trivy:swallowed(or)', 'exit:fails', 'trivy:swallowed(or)', 'echo:fails',
    ]);
    expect(effects('trivy image a || exit 1\ntrivy image b || exit\ntrivy image c || false')).toEqual([
      'trivy:fails', 'exit:fails', 'trivy:fails', 'exit:fails', 'trivy:fails', 'false:fails',
    ]);
    expect(effects('trivy image a || notify-team')).toEqual(['trivy:unknown(or)', 'notify-team:fails']);
  });

  it('a failure inside an && list ends the script only when the list is the last statement', () => {
    expect(effects('trivy image a && echo ok')).toEqual(['trivy:fails', 'echo:fails']);
    expect(effects('trivy image a && echo ok\necho next')).toEqual(['trivy:swallowed(and-list)', 'echo:fails', 'echo:fails']);
    expect(effects('trivy image a && echo ok || true')).toEqual(['trivy:swallowed(or)', 'echo:swallowed(or)', 'true:fails']);
  });

  it('a pipeline reports its last command unless pipefail is on; set -o pipefail in the script turns it on', () => {
    expect(effects('trivy image a | tee report.txt')).toEqual(['trivy:swallowed(pipeline)', 'tee:fails']);
    expect(effects('trivy image a | tee report.txt', { errexit: true, pipefail: true })).toEqual(['trivy:fails', 'tee:fails']);
    expect(effects('trivy image a | tee report.txt', { errexit: true, pipefail: 'unknown' })).toEqual(['trivy:unknown(pipeline)', 'tee:fails']);
    expect(effects('set -euo pipefail\ntrivy image a | tee report.txt')).toEqual(['set:fails', 'trivy:fails', 'tee:fails']);
    expect(effects('set +e\ntrivy image a\necho done')).toEqual(['set:fails', 'trivy:swallowed(no-errexit)', 'echo:fails']);
  });

  it('conditions and negations never fail the script; bodies of if, for, subshells and groups do', () => {
    expect(effects('if trivy image a; then echo ok; fi')).toEqual(['trivy:swallowed(condition)', 'echo:fails']);
    expect(effects('! trivy image a')).toEqual(['trivy:swallowed(negation)']);
    expect(effects('for i in a b; do trivy image "$i"; done\n(trivy image c)\n{ trivy image d; }')).toEqual(['trivy:fails', 'trivy:fails', 'trivy:fails']);
  });

  it('keeps assignments before the command and does not run function bodies where they are defined', () => {
    const [command] = scriptCommands('scan() { trivy image "$1"; }\nTRIVY_EXIT_CODE=1 trivy image app', GITHUB);
    expect(command).toMatchObject({ words: ['trivy', 'image', 'app'], assignments: { TRIVY_EXIT_CODE: '1' } });
  });

  it('reads a hostile script linearly and never throws', () => {
    for (const script of ['$('.repeat(20_000), '"'.repeat(100_001), 'a && '.repeat(50_000), '\\\n'.repeat(100_000), 'if '.repeat(10_000)]) {
      const started = performance.now();
      expect(() => scriptCommands(script, GITHUB)).not.toThrow();
      expect(performance.now() - started).toBeLessThan(5_000);
    }
  });
});
