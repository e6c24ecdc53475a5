// A Python run command (`--command "uvicorn app:app --host 0.0.0.0 --port 8000"`) as the CMD of a
// shell-less image. The image's ENTRYPOINT is the virtual environment's interpreter, so the words
// become its arguments: a known server runs as a module (`python -m uvicorn …`: no dependence on
// a script's #! line), `python …` drops the interpreter word, and any other first word is a
// console script installed into /venv/bin, which the interpreter runs as the Python file it is.
// Servers that listen on 127.0.0.1 by default, or on another port than the profile's, are caught
// here: in a pod they would be unreachable or probed on the wrong port.

/** Console scripts that are also runnable as `python -m <module>`. */
const MODULE_RUNNERS: Readonly<Record<string, string>> = {
  uvicorn: 'uvicorn',
  gunicorn: 'gunicorn',
  hypercorn: 'hypercorn',
  flask: 'flask',
  celery: 'celery',
};
/** python, python3, python3.13, also by path (/venv/bin/python3): the image's interpreter runs the rest. */
export const PYTHON = /^(?:\/[A-Za-z0-9_.\/-]*\/)?python(?:3(?:\.\d+)?)?$/;

/** The arguments after /venv/bin/python3 that run this command. */
export function pythonCmdArguments(words: readonly string[]): string[] {
  const [first, ...rest] = words;
  if (first === undefined) return [];
  if (PYTHON.test(first)) return rest;
  const module = MODULE_RUNNERS[first];
  if (module) return ['-m', module, ...rest];
  // A path is a script file the interpreter runs as it is; a bare name is a console script in the venv.
  return first.includes('/') ? [first, ...rest] : [`/venv/bin/${first}`, ...rest];
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
  /** True when neither was given: the server's own defaults. */
  readonly defaulted: boolean;
}

/** Where a known Python server listens with these arguments, or undefined for other commands. */
export function listenAddress(words: readonly string[]): ListenAddress | undefined {
  const args = PYTHON.test(words[0] ?? '') && words[1] === '-m' ? words.slice(2) : words;
  const server = args[0];
  const option = (...names: string[]) => {
    let value: string | undefined;
    args.forEach((arg, i) => {
      for (const name of names) {
        if (arg === name && args[i + 1] !== undefined) value = args[i + 1];
        else if (name.startsWith('--') && arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
      }
    });
    return value;
  };
  const hostPort = (bind: string | undefined, host: string, port: number): ListenAddress => {
    const match = bind === undefined ? undefined : /^(.*):(\d{1,5})$/.exec(bind);
    if (bind === undefined) return { host, port, defaulted: true };
    return match ? { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]), defaulted: false } : { host: bind, port, defaulted: false };
  };
  if (server === 'uvicorn') {
    const host = option('--host');
    const port = option('--port');
    return { host: host ?? '127.0.0.1', port: port === undefined ? 8000 : Number(port), defaulted: host === undefined && port === undefined };
  }
  if (server === 'gunicorn' || server === 'hypercorn') return hostPort(option('-b', '--bind'), '127.0.0.1', 8000);
  if (server === 'flask' && args.includes('run')) {
    const host = option('-h', '--host');
    const port = option('-p', '--port');
    return { host: host ?? '127.0.0.1', port: port === undefined ? 5000 : Number(port), defaulted: host === undefined && port === undefined };
  }
  return undefined;
}

/** Why this command cannot serve the profile's port in a pod, if it cannot. */
export function commandProblems(words: readonly string[], port: number): string[] {
  const problems: string[] = [];
  const first = words[0];
  if (first === undefined) return ['is empty'];
  if (first.startsWith('-')) problems.push('must start with the program to run, not an option');
  if (PYTHON.test(first) && words.length < 2) problems.push('runs python without a script or -m module');
  const address = listenAddress(words);
  if (address && ['127.0.0.1', 'localhost', '::1'].includes(address.host)) {
    problems.push(`listens on ${address.host}${address.defaulted ? ' (the server default)' : ''}, which nothing outside the container can reach: add --host 0.0.0.0 (gunicorn/hypercorn: --bind 0.0.0.0:${port})`);
  }
  if (address && address.port !== port) problems.push(`listens on port ${address.port}, but the port is ${port}: make them agree (--port)`);
  return problems;
}
