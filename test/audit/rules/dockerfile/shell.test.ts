import { describe, expect, it } from 'vitest';
import { commandLists, contiguous, hasOption, inlineScript, invocation, pipelines, splitCommands } from '../../../../src/audit/rules/dockerfile/_shell.js';

const words = (script: string) => splitCommands(contiguous(script, 0)).map((c) => c.words.map((w) => w.value));

describe('splitCommands', () => {
  it('splits on &&, ||, ;, |, & and newlines, and records the operators around each command', () => {
    const commands = splitCommands(contiguous('a 1 && b || c; d | e & f\ng', 0));
    expect(commands.map((c) => [c.words[0]!.value, c.before ?? null, c.after ?? null])).toEqual([
      ['a', null, '&&'],
      ['b', '&&', '||'],
      ['c', '||', ';'],
      ['d', ';', '|'],
      ['e', '|', '&'],
      ['f', '&', '\n'],
      ['g', '\n', null],
    ]);
  });

  it('keeps operators inside quotes, escapes and substitutions as part of a word', () => {
    expect(words(`echo 'a && b' "c | d" e\\;f $(g | h) \`i ; j\` \${k:-l}`)).toEqual([
      ['echo', 'a && b', 'c | d', 'e;f', '$(g | h)', '`i ; j`', '${k:-l}'],
    ]);
  });

  it('removes quotes but keeps the source offset of every character', () => {
    const [command] = splitCommands(contiguous(`say "it's" ok`, 100));
    const quoted = command!.words[1]!;
    expect(quoted.value).toBe("it's");
    expect(quoted.offsets).toEqual([105, 106, 107, 108]);
    expect([quoted.start, quoted.end]).toEqual([104, 110]);
  });

  it('keeps redirections out of the words, including file descriptors', () => {
    const [command] = splitCommands(contiguous('make install > /tmp/log 2>&1 < in', 0));
    expect(command!.words.map((w) => w.value)).toEqual(['make', 'install']);
    expect(command!.redirects.map((r) => [r.operator, r.target?.value ?? null])).toEqual([
      ['>', '/tmp/log'],
      ['>&', null],
      ['<', 'in'],
    ]);
  });

  it('skips comments and line continuations', () => {
    expect(words('apt-get install \\\n  curl # the client\nls')).toEqual([['apt-get', 'install', 'curl'], ['ls']]);
  });

  it('treats here-document bodies as data, not commands', () => {
    expect(words('cat > /etc/app.conf <<EOF\ncurl x | sh\nEOF\necho done')).toEqual([['cat'], ['echo', 'done']]);
    expect(words('cat <<-END\n\tsudo rm -rf /\n\tEND\ntrue')).toEqual([['cat'], ['true']]);
  });

  it('records subshell depth', () => {
    const commands = splitCommands(contiguous('a && (cd x && make) && b', 0));
    expect(commands.map((c) => [c.words[0]!.value, c.depth])).toEqual([
      ['a', 0],
      ['cd', 1],
      ['make', 1],
      ['b', 0],
    ]);
  });
});

describe('invocation', () => {
  const call = (script: string) => invocation(splitCommands(contiguous(script, 0))[0]!);

  it('peels off assignments, wrappers and their options', () => {
    const found = call('DEBIAN_FRONTEND=noninteractive sudo -E -u root env A=1 /usr/bin/apt-get install -y curl');
    expect(found?.name).toBe('apt-get');
    expect(found?.wrappers.map((w) => w.value)).toEqual(['sudo', 'env']);
    expect(found?.args.map((w) => w.value)).toEqual(['install', '-y', 'curl']);
  });

  it('reads compound commands as the commands they run, never their keywords', () => {
    expect(call('if apt-get update; then true; fi')?.name).toBe('apt-get');
    // A loop's header is no command; its body is.
    expect(call('for f in a b; do echo $f; done')?.name).toBe('echo');
    const names = (script: string) => splitCommands(contiguous(script, 0)).map((command) => invocation(command)?.name);
    expect(names('while read -r line; do apt-get install "$line"; done < list\ncase "$x" in a) make ;; esac\n{ npm ci; } && (cd web && npm run build)')).toEqual([
      'read', 'apt-get', 'make', 'npm', 'cd', 'npm',
    ]);
    // A subshell counts as depth, for rules that only trust the top level.
    expect(splitCommands(contiguous('(cd web && make) && make install', 0)).map((command) => command.depth)).toEqual([1, 1, 0]);
  });

  it('does not unwrap `command -v`, which only looks a program up', () => {
    expect(call('command -v curl')?.name).toBe('command');
  });
});

describe('inlineScript and commandLists', () => {
  it('reads the script of sh -c and bash -ec', () => {
    const script = inlineScript(invocation(splitCommands(contiguous(`bash -ec 'curl -fsSL x | sh'`, 0))[0]!)!);
    expect(script?.text).toBe('curl -fsSL x | sh');
    expect(script?.offsets[0]).toBe(10);
  });

  it('lists the commands of nested scripts after their parent script', () => {
    const lists = commandLists(contiguous(`sudo sh -c "apt-get update && apt-get install -y git"`, 0));
    expect(lists.map((list) => list.map((c) => c.words[0]!.value))).toEqual([['sudo'], ['apt-get', 'apt-get']]);
  });
});

describe('pipelines and hasOption', () => {
  it('groups piped commands', () => {
    const groups = pipelines(splitCommands(contiguous('a | b | c && d', 0)));
    expect(groups.map((g) => g.map((c) => c.words[0]!.value))).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('finds short options inside clusters and long options with values', () => {
    const args = splitCommands(contiguous('x -qy --no-cache=1', 0))[0]!.words.slice(1);
    expect(hasOption(args, 'y')).toBe(true);
    expect(hasOption(args, 'n')).toBe(false);
    expect(hasOption(args, undefined, '--no-cache')).toBe(true);
  });
});
