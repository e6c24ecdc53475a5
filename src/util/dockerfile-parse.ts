// dockerfile-ast, parsed once per instruction.
//
// dockerfile-ast 0.7.1 recomputes an instruction's arguments on every call: one character loop
// over the instruction's text plus two line-offset searches per argument. Its own parser asks for
// them three to five times per instruction (the JSON form, the flags, heredocs), and every
// caller's `getArguments`, `getArgumentsRange`, `getRawArgumentsContent` asks again. On 1,000
// ordinary Dockerfiles that was 300 of the parse's 365 ms (issue 9).
//
// The arguments depend only on fields fixed at construction (the document, the instruction's
// ranges, the escape character), and dockerfile-ast never changes an Argument once made. So while
// a file is being parsed the first result is kept per instruction, and every call returns a copy of
// that list, because callers change the list they get (`ModifiableInstruction.getArguments` shifts
// the flags off it, `getExpandedArguments` replaces entries). The kept lists are dropped when the
// parse returns: holding them for the audit's lifetime cost more memory (50 MB on the bench's 1,000
// Dockerfiles) than the few later calls cost time. The parsed Dockerfile is equal, value for value, to one parsed
// without the cache (`DockerfileParser.parse` outside this function still computes them afresh);
// `test/util/dockerfile-parse.test.ts` compares both on fixed and random Dockerfiles.
import { type Argument, type Dockerfile, DockerfileParser, Instruction } from 'dockerfile-ast';

type RawArguments = (this: Instruction) => Argument[];

/** The arguments computed so far in the parse under way; undefined outside a parse. */
let parsing: Map<Instruction, Argument[]> | undefined;
let installed = false;

function installArgumentCache(): void {
  if (installed) return;
  installed = true;
  const prototype = Instruction.prototype as unknown as { getRawArguments: RawArguments };
  const uncached = prototype.getRawArguments;
  prototype.getRawArguments = function getRawArguments(this: Instruction): Argument[] {
    if (parsing === undefined) return uncached.call(this);
    let args = parsing.get(this);
    if (args === undefined) {
      args = uncached.call(this);
      parsing.set(this, args);
    }
    return args.slice();
  };
}

/** Parses a Dockerfile with dockerfile-ast, each instruction's arguments computed once during the parse. */
export function parseDockerfile(text: string): Dockerfile {
  installArgumentCache();
  const outer = parsing;
  parsing = new Map();
  try {
    return DockerfileParser.parse(text);
  } finally {
    parsing = outer;
  }
}

