// The folders between the target directory and each planned file. Every existing one must be a
// real folder: a symbolic link there (`.github -> ../outside`) would carry a write out of the
// target, so it is refused before anything is created anywhere. Missing folders are created one
// level at a time, each re-checked with lstat, never with mkdir -p (which follows links).
import { lstat, mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { WriteError, attempt, errnoCode, fsFailure } from './errors.js';

/** Names at the top of the target that belong to the safe write itself. */
export const LOCK_NAME = '.secure-container.lock';
export const STAGING_NAME = '.secure-container.staging';

/** An absolute path for a relative output path; refuses anything that would land outside root. */
export function resolveInside(root: string, relative: string): string {
  const parts = relative.split(/[\\/]/);
  if (path.isAbsolute(relative) || parts.includes('..') || relative.includes('\0')) {
    throw new WriteError(`${relative}: refusing a path outside the target directory`);
  }
  if (parts.includes('') || parts.includes('.') || parts[0] === LOCK_NAME || parts[0] === STAGING_NAME) {
    throw new WriteError(`${relative}: not a path this tool writes`);
  }
  return path.join(path.resolve(root), relative);
}

/** The folders of a relative file path, outermost first: a/b/c.txt -> [a, a/b]. */
function foldersOf(relative: string): string[] {
  const parts = relative.split(/[\\/]/).slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/**
 * Checks the existing folders on the way to `relative` (lstat, from root down) and returns the
 * missing ones, outermost first. A link or a non-folder on the way is a WriteError naming it.
 */
export async function checkFolders(root: string, relative: string): Promise<string[]> {
  const folders = foldersOf(relative);
  for (const [index, folder] of folders.entries()) {
    const stats = await lstatOrMissing(path.join(root, folder), relative);
    if (!stats) return folders.slice(index);
    refuseUnlessFolder(stats, folder, relative);
  }
  return [];
}

/** Creates the given folders (outermost first), one level at a time; records each it made. */
export async function createFolders(root: string, folders: readonly string[], created: string[]): Promise<void> {
  for (const folder of folders) {
    const absolute = path.join(root, folder);
    try {
      await mkdir(absolute, { mode: 0o755 });
      created.push(absolute);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw fsFailure(folder, 'create the folder', error);
      // Someone made it in between: it must still be a real folder.
      refuseUnlessFolder(await attempt(folder, 'check the folder', () => lstat(absolute)), folder, folder);
    }
  }
}

/** Removes folders this write created (innermost first) if they are still empty. */
export async function removeCreatedFolders(created: readonly string[]): Promise<void> {
  for (const folder of [...created].reverse()) await rmdir(folder).catch(() => undefined);
}

async function lstatOrMissing(absolute: string, shown: string) {
  try {
    return await lstat(absolute);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fsFailure(shown, 'check its folders', error);
  }
}

function refuseUnlessFolder(stats: { isSymbolicLink(): boolean; isDirectory(): boolean }, folder: string, relative: string): void {
  if (stats.isSymbolicLink()) {
    throw new WriteError(`${relative}: the folder ${folder} is a symbolic link; not writing through it (replace the link with a real folder)`);
  }
  if (!stats.isDirectory()) throw new WriteError(`${relative}: ${folder} is not a folder; not writing there`);
}
