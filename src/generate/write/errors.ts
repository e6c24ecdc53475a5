// The one error the safe write throws, and the one way a file-system failure becomes it: the
// planned path (or the target folder) and the cause in words, so EACCES or ENOSPC reach the user
// as "permission denied" or "no space left on the device", never as an unexpected error.
import { describeFsError } from '../../util/fs-errors.js';

export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

/** The errno name of a Node file-system error (EACCES), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * A file-system failure as a WriteError: "<shown>: cannot <action>: <cause in words>". Errors
 * that are not file-system errors (an abort, a WriteError already, a bug) pass through unchanged.
 */
export function fsFailure(shown: string, action: string, error: unknown): unknown {
  const code = errnoCode(error);
  if (error instanceof WriteError || code === undefined) return error;
  return new WriteError(`${shown}: cannot ${action}: ${describeFsError(code)}`);
}

/** Runs one file-system step, turning its failure into a WriteError naming the path. */
export async function attempt<T>(shown: string, action: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw fsFailure(shown, action, error);
  }
}
