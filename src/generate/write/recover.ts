// What an interrupted write left behind, dealt with at the start of the next write (under the
// lock, before anything is compared): a staging folder with a journal is a commit that began, so
// it is finished (roll forward); a staging folder without one is a write that never touched a
// target, so it is deleted. Temp files the earlier version of this module left next to planned
// files (`.<name>.<12 hex>.tmp`) are removed too.
import { lstat, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { WriteError, attempt, errnoCode, fsFailure } from './errors.js';
import { STAGING_NAME } from './folders.js';
import { type CommitOptions, commitJournal, readJournal } from './journal.js';

/** Finishes or discards an interrupted write; returns the files the finished commit moved into place. */
export async function recoverInterruptedWrite(root: string, options: CommitOptions = {}): Promise<string[]> {
  const staging = path.join(root, STAGING_NAME);
  const stats = await lstatOrMissing(staging, STAGING_NAME);
  if (!stats) return [];
  if (stats.isSymbolicLink() || !stats.isDirectory()) {
    throw new WriteError(`${STAGING_NAME}: exists and is not a folder this tool made; nothing was written (remove it and run again)`);
  }
  const entries = await readJournal(staging);
  const finished: string[] = [];
  if (entries) await commitJournal(root, staging, entries, { ...options, onMoved: (target) => finished.push(target) });
  await removeStaging(root);
  return finished;
}

/** Deletes the staging folder (rm never follows links inside it). */
export async function removeStaging(root: string): Promise<void> {
  await attempt(STAGING_NAME, 'remove the staging folder', () => rm(path.join(root, STAGING_NAME), { recursive: true, force: true }));
}

const LEGACY_TEMP = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/** Removes `.<name>.<12 hex>.tmp` files next to the planned paths (folders already checked). */
export async function removeLegacyTemps(root: string, planned: readonly string[]): Promise<void> {
  const namesByFolder = new Map<string, Set<string>>();
  for (const relative of planned) {
    const folder = path.dirname(relative);
    const names = namesByFolder.get(folder) ?? new Set<string>();
    names.add(path.basename(relative));
    namesByFolder.set(folder, names);
  }
  for (const [folder, names] of namesByFolder) {
    let entries;
    try {
      entries = await readdir(path.join(root, folder), { withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue;
      throw fsFailure(folder, 'look for temp files left by an interrupted write', error);
    }
    for (const entry of entries) {
      const match = LEGACY_TEMP.exec(entry.name);
      if (!match || !names.has(match[1]!) || !(entry.isFile() || entry.isSymbolicLink())) continue;
      const shown = path.posix.join(folder, entry.name);
      try {
        await unlink(path.join(root, folder, entry.name));
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw fsFailure(shown, 'remove a temp file left by an interrupted write', error);
      }
    }
  }
}

async function lstatOrMissing(file: string, shown: string) {
  try {
    return await lstat(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fsFailure(shown, 'check it', error);
  }
}
