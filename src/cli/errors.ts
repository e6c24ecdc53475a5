// Exit codes and the one place errors become messages: a known error prints its message, an
// unexpected one prints a short line and asks for a bug report, never a bare stack trace
// (set CSC_DEBUG=1 to see it). Errors are recognised by name, not class, so this module (on the
// start-up path of every command) imports nothing heavy.

export const EXIT = {
  ok: 0,
  /** Findings at or above --fail-on (audit), or changed files that need --force. */
  refused: 1,
  /** Bad flags, an invalid profile, unreadable or unwritable files. */
  usage: 2,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors whose message is meant for the user as it is. */
const USER_ERRORS = new Set(['UsageError', 'ProfileError', 'WriteError']);

export function reportFailure(error: unknown): number {
  const name = error instanceof Error ? error.name : '';
  if (USER_ERRORS.has(name)) {
    process.stderr.write(`create-secure-container: ${(error as Error).message}\n`);
  } else if (isArgumentError(error)) {
    process.stderr.write(`create-secure-container: ${(error as Error).message}\nRun create-secure-container --help for the flags.\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`create-secure-container: unexpected error: ${message}\nPlease report it with the command you ran. CSC_DEBUG=1 shows the details.\n`);
    if (process.env.CSC_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  }
  return EXIT.usage;
}

function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
