// One way to read a file someone else may have planted: a profile, a public key, a saved
// `.secure-container.yaml` in a repository. Such a path can name a FIFO with no writer (a plain
// open blocks forever), /dev/zero (a plain read never ends), a 1 GB file, or a symbolic link to
// /etc/shadow. So: open without blocking (and, when links must not be followed, with O_NOFOLLOW),
// check the opened handle (not the path, which can change in between) is a regular file of at
// most maxBytes, read at most maxBytes + 1 bytes, and refuse binary content. Errors name the path
// and say what is wrong; they never include any of the file's contents.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeFsError } from './fs-errors.js';
import { printablePath } from './printable.js';

export interface ReadRegularFileOptions {
  /** Larger files are refused before anything is read. */
  readonly maxBytes: number;
  /** false: a symbolic link as the last path component is refused (O_NOFOLLOW). */
  readonly followLinks: boolean;
}

export type UnreadableReason = 'missing' | 'symbolic-link' | 'not-regular' | 'too-large' | 'binary' | 'io';

/** Why a file could not be read; `message` names the path and never holds file contents. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnreadableReason,
    readonly detail: string,
    readonly code?: string,
  ) {
    super(`${printablePath(path)}: ${detail}`);
    this.name = 'UnreadableFileError';
  }
}

/** The file's bytes as UTF-8 text, under the rules above. */
export async function readRegularFile(file: string, options: ReadRegularFileOptions): Promise<string> {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLinks ? 0 : constants.O_NOFOLLOW);
  let handle;
  try {
    handle = await open(file, flags);
  } catch (error) {
    throw openFailure(file, error, options.followLinks);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UnreadableFileError(file, 'not-regular', `is ${kindOf(stats)}, not a regular file`);
    if (stats.size > options.maxBytes) throw tooLarge(file, options.maxBytes);
    // The size can grow between fstat and read (a file being appended to): read one byte past the limit to notice.
    const buffer = Buffer.alloc(options.maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > options.maxBytes) throw tooLarge(file, options.maxBytes);
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) throw new UnreadableFileError(file, 'binary', 'is a binary file, not text');
    return bytes.toString('utf8');
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw ioFailure(file, error);
  } finally {
    await handle.close();
  }
}

function openFailure(file: string, error: unknown, followLinks: boolean): UnreadableFileError {
  const code = (error as NodeJS.ErrnoException).code;
  // O_NOFOLLOW on a link fails with ELOOP (Linux, macOS; EMLINK on FreeBSD).
  if (!followLinks && (code === 'ELOOP' || code === 'EMLINK')) {
    return new UnreadableFileError(file, 'symbolic-link', 'is a symbolic link; it is not followed here, replace it with the file itself', code);
  }
  if (code === 'ENOENT') return new UnreadableFileError(file, 'missing', describeFsError(code), code);
  // A FIFO opened for writing only, or a device without a reader, can refuse a non-blocking open.
  if (code === 'ENXIO') return new UnreadableFileError(file, 'not-regular', 'is not a regular file', code);
  return ioFailure(file, error);
}

function ioFailure(file: string, error: unknown): UnreadableFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UnreadableFileError(file, 'io', `cannot read: ${code ? describeFsError(code) : 'unknown error'}`, code);
}

function tooLarge(file: string, maxBytes: number): UnreadableFileError {
  return new UnreadableFileError(file, 'too-large', `is larger than ${formatBytes(maxBytes)}`);
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
