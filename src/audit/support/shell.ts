// CI scripts read as a shell reads them, through a real parser (unbash): the simple commands a
// `run:` or `script:` block runs, each with its words after quote removal and whether its failure
// can fail the script. That decides whether a scan gates a build: under `set -e` (GitHub's and
// GitLab's default) a failing command ends the script, except where the shell ignores the failure
// (a condition, a negation, any command of an `&&`/`||` list but the last, a pipeline's earlier
// commands without pipefail) or the script swallows it (`|| true`). Continuations, quotes,
// comments, heredocs and subshells are the parser's job, not regular expressions'.
import type { CommandNode, CompoundList, PipelineNode, Statement } from 'unbash';
import { parseShell } from './shell-parse.js';

export interface ShellOptions {
  /** `set -e`: a failing command ends the script (GitHub's `bash -e {0}`, GitLab's runner). */
  readonly errexit: boolean;
  /** `set -o pipefail`: a pipeline fails when any of its commands does; 'unknown' when the shell is not known. */
  readonly pipefail: boolean | 'unknown';
}

/** What a command's failure does to the script. */
export type FailureEffect =
  /** It makes the script exit non-zero. */
  | 'fails'
  /** The shell ignores it or the script turns it into success: the script goes on, or ends with 0. */
  | 'swallowed'
  /** Not decidable from the text (another command decides, the shell's options are not known). */
  | 'unknown';

/** Why a failure is swallowed (or not decidable), for the message. */
export type SwallowedBy = 'or' | 'and-list' | 'pipeline' | 'condition' | 'negation' | 'no-errexit';

export interface ScriptCommand {
  /** The command's words after quote removal (expansions kept as written). */
  readonly words: readonly string[];
  /** `NAME=value` assignments before the command name. */
  readonly assignments: Readonly<Record<string, string>>;
  readonly failure: FailureEffect;
  /** Set when `failure` is not 'fails': what swallows it (or leaves it undecided). */
  readonly by?: SwallowedBy;
  /** Offsets of the command in the script. */
  readonly start: number;
  readonly end: number;
}

/** Scripts above this size are not parsed (the parser is linear; this bounds memory). */
const MAX_SCRIPT = 1024 * 1024;

/** The simple commands of a script, in order, with what a failure of each does. */
export function scriptCommands(script: string, options: ShellOptions): ScriptCommand[] {
  if (script.length > MAX_SCRIPT) return [];
  const commands: ScriptCommand[] = [];
  new Walker(options, commands).list(parseShell(script).commands, FAILS);
  return commands;
}

interface Effect {
  readonly failure: FailureEffect;
  readonly by?: SwallowedBy;
}
const FAILS: Effect = { failure: 'fails' };
const swallowed = (by: SwallowedBy): Effect => ({ failure: 'swallowed', by });
const unknown = (by: SwallowedBy): Effect => ({ failure: 'unknown', by });

/** Commands that always succeed: what follows `||` to swallow a failure. */
const ALWAYS_SUCCEEDS = new Set(['true', ':', 'echo', 'printf']);

class Walker {
  private errexit: boolean;
  private pipefail: boolean | 'unknown';

  constructor(
    options: ShellOptions,
    private readonly out: ScriptCommand[],
  ) {
    this.errexit = options.errexit;
    this.pipefail = options.pipefail;
  }

  /**
   * Statements run in sequence. The last one's status is the list's; under errexit a failure of an
   * earlier one ends the script too, without errexit the script goes on.
   */
  list(statements: readonly Statement[], last: Effect): void {
    statements.forEach((statement, index) => {
      const isLast = index === statements.length - 1;
      const effect = isLast ? last : this.errexit ? FAILS : swallowed('no-errexit');
      this.andOr(statement.command, effect, isLast);
    });
  }

  private compound(list: CompoundList | undefined, last: Effect): void {
    if (list) this.list(list.commands, last);
  }

  /**
   * `a && b || c`: errexit ignores every command but the last. An earlier command's failure then
   * decides the list's status only as far as the rest lets it: `|| true` swallows it, `|| exit 1`
   * keeps it, and without a `||` after it, it is the list's status, which ends the script only
   * when the list is the last statement.
   */
  private andOr(node: Statement['command'], effect: Effect, lastStatement: boolean): void {
    if (node.type !== 'AndOr') return this.pipeline(node, effect);
    const { commands, operators } = node;
    // Per operator index, read backwards once (a chain of 30,000 `|| :` took 9 s when each command
    // searched and copied the rest): the next `||` from there, and whether only `||` follow.
    const nextOr = new Array<number>(operators.length + 1);
    const onlyOrs = new Array<boolean>(operators.length + 1);
    nextOr[operators.length] = -1;
    onlyOrs[operators.length] = true;
    for (let k = operators.length - 1; k >= 0; k--) {
      nextOr[k] = operators[k] === '||' ? k : nextOr[k + 1]!;
      onlyOrs[k] = operators[k] === '||' && onlyOrs[k + 1]!;
    }
    commands.forEach((command, index) => {
      if (index === commands.length - 1) return this.pipeline(command, effect);
      const or = nextOr[index]!;
      const own = or < 0 ? (lastStatement ? effect : swallowed('and-list')) : this.afterOr(commands, or + 1, onlyOrs[or + 1]!, effect);
      this.pipeline(command, own);
    });
  }

  /** The effect of a failure followed by `|| commands[from] …` (`onlyOrs`: nothing but `||` after it). */
  private afterOr(commands: readonly PipelineNode[], from: number, onlyOrs: boolean, effect: Effect): Effect {
    const next = commands[from];
    if (next?.type !== 'Command') return unknown('or');
    const name = next.name?.value;
    if (name === 'exit') {
      // A bare `exit` exits with the failing command's status.
      const code = next.args[0]?.type === 'Word' ? next.args[0].value : undefined;
      return code === '0' ? swallowed('or') : code === undefined || /^[1-9]\d{0,2}$/.test(code) ? FAILS : unknown('or');
    }
    if (name === 'false' && from === commands.length - 1) return effect;
    if (name !== undefined && ALWAYS_SUCCEEDS.has(name) && onlyOrs) return swallowed('or');
    return unknown('or');
  }

  /** `a | b | c`: only c's status counts without pipefail; `! a` never fails. */
  private pipeline(node: PipelineNode, effect: Effect): void {
    if (node.type !== 'Pipeline') return this.command(node, effect);
    const negated = node.prefixes.some((prefix) => prefix.type === 'Negation');
    node.commands.forEach((command, index) => {
      const last = index === node.commands.length - 1;
      const own: Effect = negated
        ? swallowed('negation')
        : last || this.pipefail === true
          ? effect
          : this.pipefail === false
            ? swallowed('pipeline')
            : unknown('pipeline');
      this.command(command, own);
    });
  }

  private command(node: CommandNode, effect: Effect): void {
    switch (node.type) {
      case 'Command':
        this.simple(node, effect);
        return;
      case 'If':
        this.compound(node.clause, swallowed('condition'));
        this.compound(node.then, effect);
        for (const elif of node.elif) {
          this.compound(elif.clause, swallowed('condition'));
          this.compound(elif.then, effect);
        }
        this.compound(node.else, effect);
        return;
      case 'While':
        this.compound(node.clause, swallowed('condition'));
        this.compound(node.body, effect);
        return;
      case 'For':
      case 'Select':
      case 'ArithmeticFor':
      case 'Subshell':
      case 'BraceGroup':
        this.compound(node.body, effect);
        return;
      case 'Case':
        for (const item of node.items) this.compound(item.body, effect);
        return;
      case 'Redirected':
        this.command(node.command, effect);
        return;
      default:
        // A function definition runs nothing where it stands; coproc, [[ ]] and (( )) scan nothing.
        return;
    }
  }

  private simple(node: CommandNode & { type: 'Command' }, effect: Effect): void {
    const assignments: Record<string, string> = {};
    for (const item of node.prefix) if (item.type === 'Assignment' && item.value?.type === 'Word') assignments[item.name] = item.value.value;
    // `export NAME=value` takes assignments as arguments: kept as the word the shell sees.
    const words = [node.name, ...node.args].flatMap((word) =>
      word?.type === 'Word' ? [word.value] : word?.type === 'Assignment' ? [`${word.name}=${word.value.type === 'Word' ? word.value.value : ''}`] : [],
    );
    this.out.push({ words, assignments, failure: effect.failure, ...(effect.by ? { by: effect.by } : {}), start: node.pos, end: node.end });
    if (words[0] === 'set') this.set(words.slice(1));
  }

  /** `set -e`, `set +e`, `set -o pipefail`, `set -euo pipefail`: the options for what follows. */
  private set(args: readonly string[]): void {
    args.forEach((arg, index) => {
      const on = arg.startsWith('-');
      if (!/^[-+][a-zA-Z]+$/.test(arg)) return;
      if (arg.includes('e')) this.errexit = on;
      if (arg.includes('o') && args[index + 1] === 'pipefail') this.pipefail = on;
    });
  }
}

const wordsCache = new Map<string, readonly (readonly string[])[]>();

/**
 * The words of every simple command a script runs (quotes removed, expansions as written), with
 * wrappers that run another command (sudo, env NAME=value, exec, time, nohup) taken off. Cached:
 * several rules ask about the same `run:` script.
 */
export function commandWords(script: string): readonly (readonly string[])[] {
  const cached = wordsCache.get(script);
  if (cached) return cached;
  const commands = scriptCommands(script, { errexit: true, pipefail: 'unknown' })
    .map((command) => withoutWrappers(command.words))
    .filter((words) => words.length > 0);
  wordsCache.set(script, commands);
  if (wordsCache.size > 512) wordsCache.delete(wordsCache.keys().next().value!);
  return commands;
}

const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nohup', 'env', 'command']);

/** `sudo -E docker build …` → `docker build …`; `env A=1 trivy …` → `trivy …`. */
function withoutWrappers(words: readonly string[]): readonly string[] {
  let index = 0;
  while (index < words.length && WRAPPERS.has(words[index]!)) {
    index++;
    while (index < words.length && (words[index]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index]!))) index++;
  }
  return words.slice(index);
}
