// The commit of a write, as data. Everything a write needs is first put in the staging folder
// (`<root>/.secure-container.staging/`): the new contents and copies of the files they replace.
// Then the journal is written there atomically (temp file, fsync, rename, fsync of the folder):
// that rename is the commit point. Each journal entry is one planned file: create its backup
// under a name that takes nothing from anyone (a hard link of the staged copy, or a new symbolic
// link with the old link's text, both failing on any existing name, link or not, and neither
// following one), then rename the staged new content over the target (rename replaces a link
// itself, never what it points to). Every step can be repeated after a crash, so the next run
// finishes an interrupted commit (roll forward) and the set of files is all-new.
import { constants } from 'node:fs';
import { copyFile, link, lstat, open, readlink, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { WriteError, attempt, errnoCode, fsFailure } from './errors.js';
import { STAGING_NAME, checkFolders, createFolders, resolveInside } from './folders.js';

export type JournalBackup =
  /** A regular file: `staged` holds the bytes that were verified; `name` is the first free .bak name. */
  | { readonly kind: 'file'; readonly name: string; readonly staged: string }
  /** A symbolic link is backed up as a link with the same text, never by reading through it. */
  | { readonly kind: 'link'; readonly name: string; readonly target: string };

export interface JournalEntry {
  /** The planned path, relative to the target folder. */
  readonly target: string;
  /** The staged new content's name inside the staging folder. */
  readonly staged: string;
  readonly backup?: JournalBackup;
}

export const JOURNAL_NAME = 'journal.json';
const MAX_JOURNAL_BYTES = 1024 * 1024;

/** A step of the commit, for tests that inject a failure or a delay (see WriteOptions.beforeStep). */
export type CommitStep = 'backup' | 'move';
export type BeforeStep = (step: 'stage-new' | 'stage-backup' | 'journal' | CommitStep, path: string) => void | Promise<void>;

/** Writes the journal atomically: after this returns, the commit has begun. */
export async function writeJournal(staging: string, entries: readonly JournalEntry[]): Promise<void> {
  const shown = `${STAGING_NAME}/${JOURNAL_NAME}`;
  const temp = path.join(staging, `${JOURNAL_NAME}.tmp`);
  await writeDurably(temp, shown, 'write the journal', JSON.stringify({ version: 1, entries }));
  await attempt(shown, 'write the journal', () => rename(temp, path.join(staging, JOURNAL_NAME)));
  await syncFolder(staging, shown);
}

/** Creates a file that did not exist (never through a link), writes it and flushes it to disk. */
export async function writeDurably(file: string, shown: string, action: string, data: string | Buffer, mode = 0o644): Promise<void> {
  await attempt(shown, action, async () => {
    const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

async function syncFolder(folder: string, shown: string): Promise<void> {
  await attempt(shown, 'flush it to disk', async () => {
    const handle = await open(folder, constants.O_RDONLY);
    try {
      await handle.sync();
    } catch (error) {
      // Some file systems cannot fsync a folder; the rename is still atomic there.
      if (errnoCode(error) !== 'EINVAL' && errnoCode(error) !== 'ENOTSUP') throw error;
    } finally {
      await handle.close();
    }
  });
}

/**
 * The journal of an interrupted write, or undefined if there is none (the write never reached
 * its commit point). A journal that is not exactly what writeJournal writes is refused: it would
 * otherwise steer renames inside the target.
 */
export async function readJournal(staging: string): Promise<JournalEntry[] | undefined> {
  const shown = `${STAGING_NAME}/${JOURNAL_NAME}`;
  let handle;
  try {
    handle = await open(path.join(staging, JOURNAL_NAME), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw fsFailure(shown, 'read the journal of an interrupted write', error);
  }
  let text: string;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_JOURNAL_BYTES) throw unreadableJournal();
    text = (await handle.readFile()).toString('utf8');
  } catch (error) {
    throw fsFailure(shown, 'read the journal of an interrupted write', error);
  } finally {
    await handle.close();
  }
  return parseJournal(text);
}

function parseJournal(text: string): JournalEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unreadableJournal();
  }
  const journal = value as { version?: unknown; entries?: unknown };
  if (journal?.version !== 1 || !Array.isArray(journal.entries)) throw unreadableJournal();
  return journal.entries.map((entry: unknown) => {
    if (!isEntry(entry)) throw unreadableJournal();
    return entry;
  });
}

const STAGED_NAME = /^[nb]\d{1,6}$/;

function isEntry(value: unknown): value is JournalEntry {
  const entry = value as Partial<JournalEntry> | null;
  if (typeof entry?.target !== 'string' || typeof entry.staged !== 'string' || !STAGED_NAME.test(entry.staged)) return false;
  try {
    resolveInside('/', entry.target);
  } catch {
    return false;
  }
  const backup = entry.backup as Partial<Record<string, unknown>> | undefined;
  if (backup === undefined) return true;
  if (typeof backup.name !== 'string' || !isBackupName(entry.target, backup.name)) return false;
  if (backup.kind === 'file') return typeof backup.staged === 'string' && STAGED_NAME.test(backup.staged);
  return backup.kind === 'link' && typeof backup.target === 'string' && backup.target !== '' && !backup.target.includes('\0');
}

function isBackupName(target: string, name: string): boolean {
  return name === `${target}.bak` || (name.startsWith(`${target}.bak.`) && /^\d{1,6}$/.test(name.slice(target.length + 5)));
}

/** `file.bak`, `file.bak.1`, `file.bak.2`, ... from the given name on. */
export function* backupNames(target: string, from = `${target}.bak`): Generator<string> {
  const start = from === `${target}.bak` ? 0 : Number(from.slice(target.length + 5));
  for (let n = start; n < start + 10_000; n++) yield n === 0 ? `${target}.bak` : `${target}.bak.${n}`;
}

export interface CommitOptions {
  readonly beforeStep?: BeforeStep;
  /** Called after each file is in place. */
  readonly onMoved?: (target: string) => void;
}

/**
 * Carries out the journal: for each entry not yet done, its backup, then the move. Returns the
 * backup names created by this call. Safe to run again after any interruption.
 */
export async function commitJournal(root: string, staging: string, entries: readonly JournalEntry[], options: CommitOptions = {}): Promise<string[]> {
  const backups: string[] = [];
  for (const entry of entries) {
    const stagedNew = path.join(staging, entry.staged);
    // A staged file that is gone was moved into place already (staged files are removed only with the folder).
    if (!(await existsNoFollow(stagedNew, entry.target))) continue;
    // The folders were made before the commit; check again that none was swapped for a link since.
    await createFolders(root, await checkFolders(root, entry.target), []);
    const target = resolveInside(root, entry.target);
    if (entry.backup) {
      await attempt(entry.target, 'create the backup', async () => options.beforeStep?.('backup', entry.target));
      const made = await placeBackup(root, staging, entry.target, entry.backup);
      if (made) backups.push(made);
    }
    await attempt(entry.target, 'move the new file into place', async () => {
      await options.beforeStep?.('move', entry.target);
      await rename(stagedNew, target);
    });
    options.onMoved?.(entry.target);
  }
  return backups;
}

/** Creates the backup unless an earlier attempt did; returns the name used, if created now. */
async function placeBackup(root: string, staging: string, target: string, backup: JournalBackup): Promise<string | undefined> {
  if (backup.kind === 'file') {
    const staged = path.join(staging, backup.staged);
    // The staged copy is linked exactly once, by this step: two links mean it is done.
    const stats = await attempt(backup.name, 'create the backup', () => lstat(staged));
    if (stats.nlink > 1) return undefined;
    return firstFreeName(target, backup.name, (name) => linkOrCopy(staged, resolveInside(root, name)));
  }
  const planned = resolveInside(root, backup.name);
  const existing = await readlink(planned).catch(() => undefined);
  if (existing === backup.target) return undefined;
  return firstFreeName(target, backup.name, (name) => symlink(backup.target, resolveInside(root, name)));
}

/** Tries `create` on each backup name from `from` on, skipping names that exist (EEXIST). */
async function firstFreeName(target: string, from: string, create: (name: string) => Promise<void>): Promise<string> {
  for (const name of backupNames(target, from)) {
    try {
      await create(name);
      return name;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw fsFailure(name, 'create the backup', error);
    }
  }
  throw new WriteError(`${target}: too many backups (.bak files) already; remove old ones and run again`);
}

/** A hard link never follows a link and fails on any existing name; a copy with COPYFILE_EXCL where hard links are not supported. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}

async function existsNoFollow(file: string, shown: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw fsFailure(shown, 'finish the interrupted write', error);
  }
}

function unreadableJournal(): WriteError {
  return new WriteError(
    `${STAGING_NAME}/${JOURNAL_NAME}: the record of an interrupted write is not in the expected form; nothing was written. ` +
      `Check the files, then delete the folder ${STAGING_NAME} and run again.`,
  );
}
