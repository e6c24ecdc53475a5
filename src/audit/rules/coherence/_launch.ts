// What a container runs, as far as the repo says: its command line (the manifest's command and
// args over the image's ENTRYPOINT and CMD, combined the way Kubernetes combines them), its
// environment (the image's ENV under the manifest's env), its working directory, and the image
// its Dockerfile starts FROM. The Dockerfile is the one coherence/_support links to the container.
// Values only the cluster knows (valueFrom, envFrom) are marked unknown, never guessed.
import { posix } from 'node:path';
import { Env } from 'dockerfile-ast';
import { imageRepository } from '../../support/image-builds.js';
import { listOf, mappingOf, type PodContainer, stringOf, type Workload } from '../../support/kubernetes.js';
import { commandWords } from '../../support/shell.js';
import type { Repo } from '../../types.js';
import { baseName, isScriptOption, SHELLS } from '../dockerfile/_shell.js';
import { baseImageOf, type DockerfileModel, dockerfileModel, type Step, substitute } from '../dockerfile/_support.js';
import { dockerfileFor } from './_support.js';

/** Words of the command line, with where they are written ("its command in k8s/web.yaml"). */
export interface CommandPart {
  readonly words: readonly string[];
  readonly from: string;
}

/** An environment variable: its value (undefined when only the cluster knows it) and where it is set. */
export interface EnvValue {
  readonly value: string | undefined;
  readonly from: string;
}

export interface Launch {
  /** The command line in order: ENTRYPOINT (or command), then CMD (or args). */
  readonly parts: readonly CommandPart[];
  readonly env: ReadonlyMap<string, EnvValue>;
  /** The working directory when the manifest or the image states it. */
  readonly workingDir: string | undefined;
  /** The Dockerfile that builds the container's image, when the repo makes that clear. */
  readonly dockerfile: DockerfileModel | undefined;
  /** registry/path of the image the container runs (its manifest image). */
  readonly image: string | undefined;
  /** registry/path of the image the Dockerfile's final stage is built FROM. */
  readonly baseImage: string | undefined;
}

export function launchOf(repo: Repo, workload: Workload, container: PodContainer): Launch {
  const source = container.list === 'containers' ? dockerfileFor(repo, workload, container) : undefined;
  const dockerfile = source && dockerfileModel(source);
  const manifest = workload.object.document.file.path;
  const image = stringOf(container.data.image);
  const base = dockerfile?.final && baseImageOf(dockerfile.final);
  return {
    parts: commandLine(container, manifest, dockerfile),
    env: environment(container, manifest, dockerfile),
    workingDir: absolute(stringOf(container.data.workingDir)) ?? (dockerfile && imageWorkdir(dockerfile)),
    dockerfile,
    image: image && !image.includes('{{') ? imageRepository(image) : undefined,
    baseImage: base && !base.unresolved ? imageRepository(base.reference) : undefined,
  };
}

// --- command line ------------------------------------------------------------------------------

const stringsOf = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.flatMap((item) => (typeof item === 'string' || typeof item === 'number' ? [String(item)] : [])) : undefined;

/**
 * Kubernetes' rule: `command` replaces the image's ENTRYPOINT and drops its CMD; `args` replaces the
 * CMD. Without a Dockerfile only the manifest's part is known.
 */
function commandLine(container: PodContainer, manifest: string, dockerfile: DockerfileModel | undefined): CommandPart[] {
  const command = stringsOf(container.data.command);
  const args = stringsOf(container.data.args);
  const image = dockerfile ? imageCommand(dockerfile) : { entrypoint: undefined, cmd: undefined };
  const parts: (CommandPart | undefined)[] = command
    ? [{ words: command, from: `its command in ${manifest}` }, args && { words: args, from: `its args in ${manifest}` }]
    : [image.entrypoint, args ? { words: args, from: `its args in ${manifest}` } : image.cmd];
  return parts.filter((part): part is CommandPart => part !== undefined && part.words.length > 0);
}

interface Found {
  readonly step: Step;
  /** How far up the final stage's FROM chain it is (0: the final stage itself). */
  readonly depth: number;
}

function lastInChain(model: DockerfileModel, keyword: string): Found | undefined {
  for (const [depth, stage] of model.finalChain.entries()) {
    const step = stage.steps.filter((s) => s.keyword === keyword).at(-1);
    if (step) return { step, depth };
  }
  return undefined;
}

/**
 * The final image's ENTRYPOINT and CMD. Docker drops an inherited CMD when a later stage sets
 * ENTRYPOINT; the shell form runs as `/bin/sh -c "<text>"`.
 */
function imageCommand(model: DockerfileModel): { entrypoint: CommandPart | undefined; cmd: CommandPart | undefined } {
  const entrypoint = lastInChain(model, 'ENTRYPOINT');
  const cmd = lastInChain(model, 'CMD');
  const keptCmd = cmd && (!entrypoint || cmd.depth <= entrypoint.depth) ? cmd : undefined;
  const file = model.source.file.path;
  const part = (found: Found | undefined, keyword: string): CommandPart | undefined => {
    if (!found) return undefined;
    const args = model.argumentsOf(found.step);
    const words = args.words.map((word) => word.value);
    return { words: args.json ? words : ['/bin/sh', '-c', words.join(' ')], from: `its ${keyword} in ${file}` };
  };
  return { entrypoint: part(entrypoint, 'ENTRYPOINT'), cmd: part(keptCmd, 'CMD') };
}

/** Init programs and launchers that run the rest of their arguments as the command. */
const RUNS_ITS_ARGUMENTS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 'docker-init', 'env', 'exec', 'nohup', 'opentelemetry-instrument', 'ddtrace-run']);
/** Tools whose `run` subcommand runs the rest as a command in the project's environment. */
const RUN_SUBCOMMAND = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Scripts inside scripts are read this deep, no deeper. */
const MAX_NESTING = 3;

/** The index of the first word after the options (and NAME=value words) that start at `from`; `--` ends them. */
function afterOptions(words: readonly string[], from: number): number {
  let k = from;
  while (k < words.length && (words[k]!.startsWith('-') || ASSIGNMENT.test(words[k]!))) {
    if (words[k++] === '--') break;
  }
  return k;
}

/**
 * The commands a command line runs: itself with init and launcher wrappers taken off, the
 * commands of a `sh -c` script (read by the shell parser), and for an entrypoint script
 * (`*.sh`) the command its arguments form, since such scripts conventionally end with `exec "$@"`.
 */
export function commandsRun(argv: readonly string[], depth = 0): (readonly string[])[] {
  let k = 0;
  for (;;) {
    const name = baseName(argv[k] ?? '');
    if (RUNS_ITS_ARGUMENTS.has(name)) k = afterOptions(argv, k + 1);
    else if (RUN_SUBCOMMAND.has(name) && argv[k + 1] === 'run') k = afterOptions(argv, k + 2);
    else break;
  }
  const command = argv.slice(k);
  const program = baseName(command[0] ?? '');
  if (!program || depth >= MAX_NESTING) return command.length > 0 ? [command] : [];
  if (SHELLS.has(program)) {
    const option = command.findIndex((word, i) => i > 0 && isScriptOption(word));
    const script = option > 0 ? command[option + 1] : undefined;
    if (script !== undefined) return commandWords(script).flatMap((words) => commandsRun(words, depth + 1));
  }
  if (program.endsWith('.sh') && command.length > 1) return [command, ...commandsRun(command.slice(1), depth + 1)];
  return [command];
}

// --- environment -------------------------------------------------------------------------------

/** The final image's ENV, the FROM chain's first: values with the variables set before them substituted. */
function imageEnv(model: DockerfileModel): Map<string, EnvValue> {
  const values = new Map<string, string | undefined>();
  const env = new Map<string, EnvValue>();
  const from = `ENV in ${model.source.file.path}`;
  for (const stage of [...model.finalChain].reverse()) {
    for (const step of stage.steps) {
      if (!(step.instruction instanceof Env)) continue;
      for (const property of step.instruction.getProperties()) {
        const raw = property.getValue();
        const value = raw === null ? undefined : substitute(raw, values);
        values.set(property.getName(), value);
        env.set(property.getName(), { value, from });
      }
    }
  }
  return env;
}

/** The image's ENV under the manifest's env; a value from valueFrom is unknown. */
function environment(container: PodContainer, manifest: string, dockerfile: DockerfileModel | undefined): Map<string, EnvValue> {
  const env = dockerfile ? imageEnv(dockerfile) : new Map<string, EnvValue>();
  for (const raw of listOf(container.data.env)) {
    const variable = mappingOf(raw);
    const name = stringOf(variable.name);
    if (!name) continue;
    const value = typeof variable.value === 'string' || typeof variable.value === 'number' ? String(variable.value) : undefined;
    env.set(name, { value: 'valueFrom' in variable ? undefined : (value ?? ''), from: `env in ${manifest}` });
  }
  return env;
}

// --- working directory -------------------------------------------------------------------------

function absolute(path: string | undefined): string | undefined {
  return path !== undefined && path.startsWith('/') && !path.includes('$') ? posix.normalize(path) : undefined;
}

/** The final image's WORKDIR when every WORKDIR of the chain is literal (relative ones build on the one before). */
function imageWorkdir(model: DockerfileModel): string | undefined {
  let workdir: string | undefined;
  for (const stage of [...model.finalChain].reverse()) {
    for (const step of stage.steps) {
      if (step.keyword !== 'WORKDIR') continue;
      const written = model.argumentsOf(step).words.map((word) => word.value).join(' ');
      const path = model.resolve(written, step);
      if (path.includes('$')) return undefined;
      workdir = posix.resolve(workdir ?? '/', path);
    }
  }
  return workdir;
}
