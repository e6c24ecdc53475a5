// Audited files are hostile input: whatever a Dockerfile contains, the shell reader and every rule
// must return (never throw or loop) and every finding must point inside the file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contiguous, splitCommands } from '../../../../src/audit/rules/dockerfile/_shell.js';
import { dockerfileRules } from '../../../../src/audit/rules/dockerfile/index.js';
import { runRule } from '../../../helpers/audit.js';

const shellish = fc.string({ unit: fc.constantFrom(...'ab $(){}[]|&;<>\'"`\\\n#=-*/:@0'.split('')), maxLength: 80 });
const fragments = ['FROM ', 'RUN ', 'COPY ', 'ADD ', 'USER ', 'ARG ', 'ENV ', 'EXPOSE ', 'WORKDIR ', 'CMD ', 'SHELL ', ' AS ', '<<EOF', 'EOF', '\\\n', '\n', ' && ', ' | ', 'apt-get install ', 'curl x', 'sh', '["a", "b"]', '--from=x ', '--mount=type=cache,target=/x ', '$X', '${Y:-z}', ' ', 'root', '22', '.', ':latest'];
const dockerfileish = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));

describe('robustness', () => {
  it('splitCommands keeps every word inside the script, offsets increasing', () => {
    // Found by this property: unbash reads `$@(` as the overlapping parts `$@` and `@(`.
    expect(splitCommands(contiguous('a $@(', 0)).map((c) => c.words.map((w) => [w.value, w.offsets]))).toEqual([[['a', [0]], ['$@(', [2, 3, 4]]]]);
    // And it ends an unclosed `${` past the end of the script.
    expect(splitCommands(contiguous('${`\\', 0)).map((c) => c.words.map((w) => [w.start, w.end]))).toEqual([[[0, 4]]]);
    fc.assert(
      fc.property(shellish, (script) => {
        for (const command of splitCommands(contiguous(script, 0))) {
          for (const word of command.words) {
            expect(word.start).toBeGreaterThanOrEqual(0);
            expect(word.end).toBeLessThanOrEqual(script.length);
            for (let k = 1; k < word.offsets.length; k++) expect(word.offsets[k]!).toBeGreaterThan(word.offsets[k - 1]!);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every rule survives arbitrary Dockerfiles and reports locations inside them', () => {
    fc.assert(
      fc.property(dockerfileish, (text) => {
        const lines = text.split('\n').length;
        for (const rule of dockerfileRules) {
          for (const finding of runRule(rule, { Dockerfile: text })) {
            expect(finding.location.line).toBeGreaterThanOrEqual(1);
            expect(finding.location.endLine).toBeLessThanOrEqual(lines);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
