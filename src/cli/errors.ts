// Exit codes and the one place errors become messages: a known error prints its message, an
// unexpected one prints a short line and asks for a bug report, never a bare stack trace
// (set CSC_DEBUG=1 to see it). Errors are recognised by name, not class, so this module (on the
// start-up path of every command) imports nothing heavy.
import { describeFsError } from '../util/fs-errors.js';
import { escapeControl, printablePath } from '../util/printable.js';

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
const USER_ERRORS = new Set(['UsageError', 'ProfileError', 'WriteError', 'UnreadableFileError']);

/**
 * Prints the error and returns the exit code. Every message goes through escapeControl: paths
 * and values in it can come from a repository, and an ESC in a file name must not reach the
 * terminal as a control sequence.
 */
export function reportFailure(error: unknown): number {
  const name = error instanceof Error ? error.name : '';
  const say = (text: string) => process.stderr.write(escapeControl(text));
  const fsError = fileSystemError(error);
  if (USER_ERRORS.has(name)) {
    say(`create-secure-container: ${(error as Error).message}\n`);
  } else if (isArgumentError(error)) {
    say(`create-secure-container: ${(error as Error).message}\nRun create-secure-container --help for the flags.\n`);
  } else if (fsError) {
    say(`create-secure-container: ${describeFileSystemError(fsError)}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    say(`create-secure-container: unexpected error: ${message}\nPlease report it with the command you ran. CSC_DEBUG=1 shows the details.\n`);
    if (process.env.CSC_DEBUG) say(`${error instanceof Error ? error.stack : ''}\n`);
  }
  return EXIT.usage;
}

function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

interface FileSystemError {
  readonly code: string;
  readonly path: string;
  readonly syscall?: string;
}

/** A Node file-system error: an errno code (EACCES, ENOSPC, ...) and the path it is about. */
function fileSystemError(error: unknown): FileSystemError | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code) || typeof path !== 'string') return undefined;
  return { code, path, ...(typeof syscall === 'string' ? { syscall } : {}) };
}

/** Calls that only look at what is there; everything else changes the file system. */
const READING_CALLS = new Set(['read', 'stat', 'lstat', 'fstat', 'readdir', 'scandir', 'readlink', 'realpath', 'access', 'opendir']);

/** Errors only a write can cause. */
const WRITING_ONLY_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG', 'EEXIST']);

/** "cannot write out/report.json: no space left on the device" */
export function describeFileSystemError(error: FileSystemError): string {
  return `cannot ${verbOf(error)} ${printablePath(error.path)}: ${describeFsError(error.code)}`;
}

/** Whether the failed call was reading or writing; an open says so only through its error. */
function verbOf({ syscall, code }: FileSystemError): 'read' | 'write' | 'open' {
  if (syscall === 'open' || syscall === undefined) return WRITING_ONLY_CODES.has(code) ? 'write' : 'open';
  return READING_CALLS.has(syscall) ? 'read' : 'write';
}
