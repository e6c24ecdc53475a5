// Finding how a Python web app is started, from the files that say so: a Procfile, an existing
// Dockerfile's CMD/ENTRYPOINT, or a README. Only commands of the known servers are taken, split
// as a shell would (src/profile/shell-words.ts) and made fit for a pod: `--reload` (a development
// switch) is dropped, and a server left on its loopback default is bound to 0.0.0.0. Text that
// needs a shell ($PORT, &&) is not guessed at; the caller notes it without echoing it.
import { parseDockerfile } from '../../util/dockerfile-parse.js';
import { PYTHON, listenAddress } from '../run-command.js';
import { ShellWordsError, splitShellWords } from '../shell-words.js';

const SERVERS = ['uvicorn', 'gunicorn', 'hypercorn', 'flask'] as const;
const WORD = /^[A-Za-z0-9_.:/=@%+,-]+$/;
const MAX_LINE = 1000;

export type CommandResult = { readonly words: string[] } | { readonly problem: string } | undefined;

/** A server command's words made ready for a container, or why it cannot be used. */
export function serverCommand(text: string): CommandResult {
  try {
    return serverWords(splitShellWords(text.trim()));
  } catch (error) {
    if (error instanceof ShellWordsError) return { problem: `the command ${error.message}` };
    throw error;
  }
}

/** The same for words already split (an exec-form CMD). */
export function serverWords(given: readonly string[]): CommandResult {
  let words = [...given];
  if (PYTHON.test(words[0] ?? '') && words[1] === '-m') words = words.slice(2);
  if (!SERVERS.includes(words[0] as (typeof SERVERS)[number])) return undefined;
  if (words.some((word) => !WORD.test(word))) return { problem: 'the command has words with characters the image command does not allow' };
  words = words.filter((word) => word !== '--reload');
  const address = listenAddress(words);
  if (address && address.host === '127.0.0.1' && !words.some((w) => /^(?:--host|-h|-b|--bind)(?:=|$)/.test(w))) {
    if (words[0] === 'gunicorn' || words[0] === 'hypercorn') words.push('--bind', `0.0.0.0:${address.port}`);
    else words.push('--host', '0.0.0.0');
  }
  return { words };
}

/** The web process of a Procfile (`web: gunicorn app:app`), or its only process. */
export function commandFromProcfile(text: string): CommandResult {
  const processes = text
    .split('\n')
    .map((line) => line.trim())
    .map((line) => (line.length > MAX_LINE ? undefined : procfileProcess(line)))
    .filter((process) => process !== undefined);
  const web = processes.find((process) => process.name === 'web') ?? (processes.length === 1 ? processes[0] : undefined);
  return web ? serverCommand(web.command) : undefined;
}

/**
 * `name: command` of a Procfile line, as /^([A-Za-z0-9_-]+):\s*(.+)$/ read it: blanks after the
 * colon skipped, and the command (one character at least) without a line terminator. (That
 * expression was quadratic on blanks before a carriage return.)
 */
function procfileProcess(line: string): { name: string; command: string } | undefined {
  const name = /^[A-Za-z0-9_-]+(?=:)/.exec(line)?.[0];
  if (name === undefined) return undefined;
  const rest = line.slice(name.length + 1);
  let start = 0;
  while (start < rest.length - 1 && /\s/.test(rest[start]!)) start++;
  const command = rest.slice(start);
  return command === '' || /[\n\r\u2028\u2029]/.test(command) ? undefined : { name, command };
}

/** The final stage's CMD (with ENTRYPOINT before it) of an existing Dockerfile, when it runs a server. */
export function commandFromDockerfile(text: string): CommandResult {
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  for (const instruction of parseDockerfile(text).getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') entrypoint = cmd = [];
    if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
    const content = instruction.getArgumentsContent() ?? '';
    let words: string[] | undefined;
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) words = parsed;
    } catch {
      words = undefined;
    }
    const value = words ?? [content];
    if (keyword === 'ENTRYPOINT') entrypoint = value;
    else cmd = value;
  }
  // A shell-form instruction is one text, split like any other command; exec form is words already.
  if (entrypoint.length + cmd.length === 0) return undefined;
  if (entrypoint.length <= 1 && cmd.length <= 1 && (entrypoint.length === 0 || cmd.length === 0)) return serverCommand([...entrypoint, ...cmd][0]!);
  return serverWords([...entrypoint, ...cmd]);
}

/** The first line of a README that runs a known server (`$ uvicorn main:app --host 0.0.0.0`). */
export function commandFromDocs(text: string): CommandResult {
  for (const line of text.split('\n')) {
    // Trimmed first and without a lazy group before an anchored tail, so a long line is one pass.
    const trimmed = line.trim();
    if (trimmed.length > MAX_LINE) continue;
    const match = /^(?:\$\s+)?((?:python3?\s+-m\s+)?(?:uvicorn|gunicorn|hypercorn)\s.*)$/.exec(trimmed);
    if (!match) continue;
    const result = serverCommand(match[1]!);
    if (result) return result;
  }
  return undefined;
}
