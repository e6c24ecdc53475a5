// The shell part of the build-stage simulation: a RUN script parsed by a real shell parser
// (unbash) and evaluated statement by statement. It understands what the generated Dockerfiles
// use (assignments, `case`, `if [ … ]`, `&&`, `echo … > file`, `exit`, "$VAR", "$(cat FILE)") and
// hands every other simple command, with its words expanded, to the simulated build tools. Anything
// else is an error, so a template cannot pass by using syntax the simulation skips.
import { parse, type CommandNode, type CompoundList, type PipelineNode, type Statement, type Word, type WordPart } from 'unbash';

export interface ShellHost {
  /** Variables visible to the script: the stage's ARG and ENV values. */
  readonly variables: Readonly<Record<string, string>>;
  readFile(path: string): string | undefined;
  writeFile(path: string, content: string): void;
  /** Runs one simple command (already expanded) with the simulated tools; throws on failure. */
  runCommand(words: readonly string[]): void;
  fail(message: string): never;
}

class Exit {
  constructor(readonly status: number) {}
}

export function runShellScript(script: string, host: ShellHost): void {
  const ast = parse(script);
  if (ast.errors?.length) host.fail(`the RUN script does not parse: ${ast.errors[0]!.message}`);
  const shell = new Shell(host);
  try {
    shell.list(ast.commands);
  } catch (error) {
    if (error instanceof Exit) {
      if (error.status !== 0) host.fail(`the RUN script exited with ${error.status}${shell.stderr.length ? `: ${shell.stderr.join(' ')}` : ''}`);
      return;
    }
    throw error;
  }
}

class Shell {
  readonly vars: Record<string, string>;
  readonly stderr: string[] = [];

  constructor(private readonly host: ShellHost) {
    this.vars = { ...host.variables };
  }

  list(statements: readonly Statement[]): number {
    let status = 0;
    for (const statement of statements) status = this.node(statement.command);
    return status;
  }

  private compound(list: CompoundList): number {
    return this.list(list.commands);
  }

  private node(node: PipelineNode | Statement['command']): number {
    switch (node.type) {
      case 'AndOr': {
        let status = this.node(node.commands[0]!);
        node.operators.forEach((operator, i) => {
          if ((operator === '&&') === (status === 0)) status = this.node(node.commands[i + 1]!);
        });
        return status;
      }
      case 'Command':
        return this.command(node);
      case 'Case': {
        const value = this.expand(node.word);
        const item = node.items.find((candidate) => candidate.pattern.some((pattern) => pattern.value === '*' || this.expand(pattern) === value));
        return item ? this.compound(item.body) : 0;
      }
      case 'If': {
        if (this.compound(node.clause) === 0) return this.compound(node.then);
        for (const elif of node.elif) if (this.compound(elif.clause) === 0) return this.compound(elif.then);
        return node.else ? this.compound(node.else) : 0;
      }
      default:
        return this.host.fail(`the simulation does not run shell ${node.type} nodes`);
    }
  }

  private command(node: CommandNode & { type: 'Command' }): number {
    if (!node.name) {
      for (const item of node.prefix) {
        if (item.type !== 'Assignment') continue;
        if (item.value?.type === 'ArrayValue') this.host.fail('array assignments are not simulated');
        this.vars[item.name] = item.value ? this.expand(item.value) : '';
      }
      return 0;
    }
    const words = [node.name, ...node.args].map((argument) => (argument.type === 'Word' ? this.expand(argument) : this.host.fail('array assignments are not simulated')));
    const redirect = node.redirects[0];
    const [name, ...rest] = words;
    if (name === 'set') return 0;
    if (name === 'exit') throw new Exit(Number(rest[0] ?? '0'));
    if (name === 'echo') {
      const text = `${rest.join(' ')}\n`;
      if (!redirect) return 0;
      if (redirect.type === 'Redirect' && redirect.operator === '>&' && redirect.target?.value === '2') this.stderr.push(text.trim());
      else if (redirect.type === 'Redirect' && redirect.operator === '>' && redirect.target) this.host.writeFile(this.expand(redirect.target), text);
      else this.host.fail(`echo with an unsimulated redirect`);
      return 0;
    }
    if (name === '[') return this.test(rest) ? 0 : 1;
    if (redirect) this.host.fail(`${name}: redirects are not simulated`);
    this.host.runCommand(words);
    return 0;
  }

  private test(words: readonly string[]): boolean {
    if (words.at(-1) !== ']') this.host.fail('[ without ]');
    const [left, operator, right] = words;
    if (words.length === 4 && operator === '=') return left === right;
    if (words.length === 4 && operator === '!=') return left !== right;
    return this.host.fail(`test not simulated: [ ${words.join(' ')}`);
  }

  private expand(word: Word): string {
    if (!word.parts) return word.value;
    return word.parts.map((part) => this.part(part)).join('');
  }

  private part(part: WordPart): string {
    switch (part.type) {
      case 'Literal':
      case 'SingleQuoted':
      case 'Glob':
        return part.value;
      case 'DoubleQuoted':
        return part.parts.map((child) => this.part(child as WordPart)).join('');
      case 'SimpleExpansion':
        return this.variable(part.text.slice(1));
      case 'ParameterExpansion':
        if (part.operation || part.prefix || part.index) return this.host.fail(`parameter operation not simulated: ${part.text}`);
        return this.variable(part.parameter);
      case 'CommandExpansion': {
        const cat = /^\$\(cat (\S+)\)$/.exec(part.text);
        if (!cat) return this.host.fail(`command substitution not simulated: ${part.text}`);
        const content = this.host.readFile(cat[1]!);
        if (content === undefined) return this.host.fail(`cat: ${cat[1]}: no such file`);
        return content.replace(/\n+$/, '');
      }
      default:
        return this.host.fail(`word part not simulated: ${part.type}`);
    }
  }

  private variable(name: string): string {
    const value = this.vars[name];
    // `set -u` in every generated script: an unset variable ends it.
    if (value === undefined) return this.host.fail(`${name}: unbound variable`);
    return value;
  }
}
