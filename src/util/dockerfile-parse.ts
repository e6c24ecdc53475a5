// dockerfile-ast, with three of its costs cut.
//
// 1. dockerfile-ast 0.7.1 recomputes an instruction's arguments on every call: one character loop
//    over the instruction's text plus two line-offset searches per argument. Its own parser asks
//    for them three to five times per instruction (the JSON form, the flags, heredocs), and every
//    caller's `getArguments`, `getArgumentsRange`, `getRawArgumentsContent` asks again. On 1,000
//    ordinary Dockerfiles that was 300 of the parse's 365 ms (issue 9). The arguments depend only
//    on fields fixed at construction (the document, the instruction's ranges, the escape
//    character), and dockerfile-ast never changes an Argument once made. So while a file is being
//    parsed the first result is kept per instruction, and every call returns a copy of that list,
//    because callers change the list they get (`getExpandedArguments` replaces entries). The kept
//    lists are dropped when the parse returns: holding them for the audit's lifetime cost more
//    memory (50 MB on the bench's 1,000 Dockerfiles) than the few later calls cost time.
// 2. `ModifiableInstruction.getArguments` drops the leading flags with one `shift()` each, which is
//    quadratic in the flags: 100,000 `--chown=1` on one COPY (under 1 MiB) took 20 s. One slice
//    gives the same list.
//
// 3. `Onbuild.getTriggerInstruction` parses the deferred instruction again on every call, from
//    arguments computed again. Each trigger is made once, during the parse (`onbuildTrigger`).
//
// The first two are installed on dockerfile-ast's prototypes the first time a Dockerfile is parsed
// here. The parsed Dockerfile is equal, value for value, to what dockerfile-ast gives without them:
// `test/util/dockerfile-parse.test.ts` compares every accessor on fixed and random Dockerfiles.
import { type Argument, type Dockerfile, DockerfileParser, Instruction, ModifiableInstruction, Onbuild } from 'dockerfile-ast';

type ArgumentsMethod = (this: Instruction) => Argument[];
interface Patchable {
  getRawArguments: ArgumentsMethod;
  getArguments: ArgumentsMethod;
}

const instructionPrototype = Instruction.prototype as unknown as Patchable;
const modifiablePrototype = ModifiableInstruction.prototype as unknown as Patchable;
const original = { getRawArguments: instructionPrototype.getRawArguments, getArguments: modifiablePrototype.getArguments };

/** The arguments computed so far in the parse under way; undefined outside a parse. */
let parsing: Map<Instruction, Argument[]> | undefined;

const linear: typeof original = {
  getRawArguments(this: Instruction): Argument[] {
    if (parsing === undefined) return original.getRawArguments.call(this);
    let args = parsing.get(this);
    if (args === undefined) {
      args = original.getRawArguments.call(this);
      parsing.set(this, args);
    }
    return args.slice();
  },
  getArguments(this: Instruction): Argument[] {
    const args = Instruction.prototype.getArguments.call(this);
    const flags = (this as ModifiableInstruction).getFlags();
    return flags.length === 0 ? args : args.slice(flags.length);
  },
};

function install(methods: typeof original): void {
  instructionPrototype.getRawArguments = methods.getRawArguments;
  modifiablePrototype.getArguments = methods.getArguments;
}

/** The instruction each ONBUILD defers, made during the parse (dockerfile-ast makes a new one per call). */
const triggers = new WeakMap<Onbuild, Instruction | null>();

/** Parses a Dockerfile with dockerfile-ast, each instruction's arguments computed once during the parse. */
export function parseDockerfile(text: string): Dockerfile {
  install(linear);
  const outer = parsing;
  parsing = new Map();
  try {
    const dockerfile = DockerfileParser.parse(text);
    // A trigger is parsed from its ONBUILD's arguments: while they are still kept (40,000 ONBUILD
    // RUN lines took 0.7 s with them recomputed for each trigger).
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction instanceof Onbuild) triggers.set(instruction, instruction.getTriggerInstruction());
    }
    return dockerfile;
  } finally {
    parsing = outer;
  }
}

/** The instruction an ONBUILD defers (`RUN x` of `ONBUILD RUN x`), or null when it names none. */
export function onbuildTrigger(onbuild: Onbuild): Instruction | null {
  let trigger = triggers.get(onbuild);
  if (trigger === undefined) {
    trigger = onbuild.getTriggerInstruction();
    triggers.set(onbuild, trigger);
  }
  return trigger;
}

/** Runs `read` with dockerfile-ast's own methods (for the comparison test). */
export function withOriginalDockerfileAst<T>(read: () => T): T {
  install(original);
  try {
    return read();
  } finally {
    install(linear);
  }
}
