// parseDockerfile keeps each instruction's arguments during the parse and drops flags in one step;
// what it returns must be what dockerfile-ast's own methods return, through every accessor, on any input.
import { type Dockerfile, DockerfileParser, type Instruction, Onbuild } from 'dockerfile-ast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onbuildTrigger, parseDockerfile, withOriginalDockerfileAst } from '../../src/util/dockerfile-parse.js';

/** Every zero-argument accessor of dockerfile-ast's instruction classes that reads arguments. */
const ACCESSORS = [
  'getKeyword',
  'getRange',
  'getInstructionRange',
  'getArguments',
  'getRawArguments',
  'getArgumentsRange',
  'getArgumentsRanges',
  'getArgumentsContent',
  'getRawArgumentsContent',
  'getExpandedArguments',
  'getFlags',
  'getJSONStrings',
  'getOpeningBracket',
  'getClosingBracket',
  'getHeredocs',
  'getProperties',
  'getVariables',
  'getImageName',
  'getImageTag',
  'getImageDigest',
  'getBuildStage',
  'getSubcommand',
  'getTriggerInstruction',
  'toString',
];

/** A plain description of everything the accessors return; back references to the document are left out. */
function describeDockerfile(dockerfile: Dockerfile): string {
  const describe = (instruction: Instruction): Record<string, unknown> => {
    const methods = instruction as unknown as Record<string, unknown>;
    return {
      ...Object.fromEntries(
        ACCESSORS.filter((name) => typeof methods[name] === 'function').map((name) => {
          try {
            return [name, (methods[name] as () => unknown).call(instruction)];
          } catch (error) {
            return [name, `throws ${(error as Error).message}`];
          }
        }),
      ),
      // The trigger parseDockerfile made during the parse (dockerfile-ast's own call, on its parse).
      ...(instruction instanceof Onbuild ? { onbuildTrigger: ((trigger) => trigger && describe(trigger))(onbuildTrigger(instruction)) } : {}),
    };
  };
  const instructions = [...dockerfile.getInstructions(), ...dockerfile.getOnbuildTriggers()].map(describe);
  const whole = {
    escape: dockerfile.getEscapeCharacter(),
    directives: dockerfile.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    comments: dockerfile.getComments().map((c) => [c.getContent(), c.getRange()]),
    instructions,
  };
  return JSON.stringify(whole, (key, value: unknown) => (key === 'document' || key === 'dockerfile' ? undefined : value));
}

function agree(text: string): void {
  const ours = describeDockerfile(parseDockerfile(text));
  const theirs = withOriginalDockerfileAst(() => describeDockerfile(DockerfileParser.parse(text)));
  expect(ours, JSON.stringify(text)).toBe(theirs);
}

describe('parseDockerfile', () => {
  it('reads flags, JSON forms, here-documents, continuations, variables and ONBUILD as dockerfile-ast does', () => {
    for (const text of [
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nRUN --mount=type=cache,target=/root/.cache go build ./...\n',
      'FROM alpine\nCMD ["node", "server.js"]\nENTRYPOINT [ ]\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "x"]\n',
      'FROM alpine\nRUN <<EOF bash\nset -e\necho hi\nEOF\nCOPY <<-CONF /etc/app.conf\n\tkey=value\nCONF\n',
      'FROM alpine\nRUN apk add \\\n    # a comment inside\n    curl \\\n\n    git\n',
      '# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\n',
      'ARG VERSION=1\nFROM alpine:${VERSION:-2}\nENV A=1 B="two words" C=$A\nLABEL a=b "c d"=e\nARG X\n',
      'FROM alpine\nONBUILD COPY --chown=1:1 . /app\nONBUILD RUN make\n',
      'FROM alpine\nRUN echo \\ \t\n  done\nUSER\nWORKDIR\n',
      'FROM alpine\r\nRUN echo a \\\r\n  b\r\n',
      'FROM alpine\nCOPY --chown=1 --chmod=644 --link a b\nADD --checksum=sha256:0 --keep-git-dir=true x y\nRUN --network=none --security=sandbox a\n',
    ]) {
      agree(text);
    }
  });

  it('agrees with dockerfile-ast on random Dockerfiles', () => {
    const piece = fc.constantFrom(
      'a', 'b=1', '--x', '--mount=type=cache', '"q r"', "'s'", '[', ']', '"', ',', '\\', '`', '$', '${A}', '${A:-b}',
      '#', '<<EOF', '<<-X', 'EOF', 'X', ' ', '\t', '\n', '\r\n', '\\\n', '\\ \n', '`\n', '=',
    );
    const keyword = fc.constantFrom('FROM', 'RUN', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'ENV', 'ARG', 'LABEL', 'HEALTHCHECK', 'ONBUILD', 'USER', 'EXPOSE', 'SHELL', 'VOLUME', 'WORKDIR', 'STOPSIGNAL', '# c');
    const line = fc.tuple(keyword, fc.array(piece, { maxLength: 10 })).map(([k, parts]) => `${k} ${parts.join('')}`);
    const directive = fc.constantFrom('', '# escape=`\n', '# syntax=docker/dockerfile:1\n');
    fc.assert(
      fc.property(directive, fc.array(line, { minLength: 1, maxLength: 8 }), (head, lines) => agree(head + lines.join('\n') + '\n')),
      { numRuns: process.env.CI ? 200 : 500 },
    );
  });

  it('drops 100,000 flags from a COPY in linear time (one shift per flag took 20 s)', () => {
    const start = performance.now();
    const copy = parseDockerfile(`FROM alpine\nCOPY ${'--chown=1 '.repeat(100_000)}a b\n`).getInstructions()[1]!;
    expect(copy.getArguments().map((a) => a.getValue())).toEqual(['a', 'b']);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('leaves dockerfile-ast uncached outside a parse', () => {
    const [run] = parseDockerfile('FROM a\nRUN --mount=x echo hi\n').getInstructions().slice(1);
    const first = run!.getArguments();
    first.pop();
    expect(run!.getArguments().map((a) => a.getValue())).toEqual(['echo', 'hi']);
    expect(run!.getArguments()[0]).not.toBe(run!.getArguments()[0]);
  });
});
