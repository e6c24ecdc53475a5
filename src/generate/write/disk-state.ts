// What is at a planned path, read without trusting it: the last component is opened with
// O_NOFOLLOW (a link is reported as a link, with its text, never followed) and O_NONBLOCK (a FIFO
// planted there cannot hang the run), the opened handle is checked to be a regular file, and at
// most MAX_COMPARED_BYTES are read. The folders above the path are checked by folders.ts.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink } from 'node:fs/promises';
import { WriteError, attempt, errnoCode, fsFailure } from './errors.js';

export type DiskState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'file'; readonly bytes: Buffer; readonly mode: number }
  | { readonly kind: 'link'; readonly target: string };

/** What compareWithDisk saw, kept so a write can tell whether the file changed since. */
export type DiskFingerprint =
  | { readonly kind: 'missing' }
  | { readonly kind: 'file'; readonly sha256: string }
  | { readonly kind: 'link'; readonly target: string };

/** Larger files are not something this tool generates; they are refused rather than read. */
export const MAX_COMPARED_BYTES = 4 * 1024 * 1024;

export async function readDiskState(file: string, shown: string): Promise<DiskState> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return { kind: 'missing' };
    // O_NOFOLLOW on a link fails with ELOOP (Linux, macOS; EMLINK on FreeBSD).
    if (code === 'ELOOP' || code === 'EMLINK') return readLinkState(file, shown, error);
    if (code === 'ENXIO') throw notRegular(shown, 'a special file');
    throw fsFailure(shown, 'read it', error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegular(shown, kindOf(stats));
    if (stats.size > MAX_COMPARED_BYTES) throw new WriteError(`${shown}: is larger than 4 MiB; not a file this tool replaces (move it away first)`);
    // Read one byte past the limit to notice a file that grew after fstat.
    const buffer = Buffer.alloc(Math.min(stats.size, MAX_COMPARED_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_COMPARED_BYTES) throw new WriteError(`${shown}: is larger than 4 MiB; not a file this tool replaces (move it away first)`);
    if (length > stats.size) throw new WriteError(`${shown}: is growing while it is read; run again once nothing else writes to it`);
    return { kind: 'file', bytes: buffer.subarray(0, length), mode: stats.mode & 0o777 };
  } catch (error) {
    throw fsFailure(shown, 'read it', error);
  } finally {
    await handle.close();
  }
}

async function readLinkState(file: string, shown: string, openError: unknown): Promise<DiskState> {
  const stats = await attempt(shown, 'read it', () => lstat(file));
  if (!stats.isSymbolicLink()) throw fsFailure(shown, 'read it', openError);
  return { kind: 'link', target: await attempt(shown, 'read the symbolic link', () => readlink(file)) };
}

export function fingerprint(state: DiskState): DiskFingerprint {
  if (state.kind === 'file') return { kind: 'file', sha256: createHash('sha256').update(state.bytes).digest('hex') };
  return state;
}

export function sameFingerprint(a: DiskFingerprint, b: DiskFingerprint): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.sha256 === b.sha256;
  if (a.kind === 'link' && b.kind === 'link') return a.target === b.target;
  return a.kind === b.kind;
}

function notRegular(shown: string, kind: string): WriteError {
  return new WriteError(`${shown}: exists and is ${kind}, not a regular file; not replaced (remove it or move it away first)`);
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}
