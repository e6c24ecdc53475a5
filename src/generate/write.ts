// Safe write, shared by the scaffolder, the wizard and the audit's fixes. It compares what is
// planned with what is on disk, never replaces a changed file without consent (force keeps a
// .bak), never writes, reads or backs up through a symbolic link or outside the target, and
// after any interruption (Ctrl-C, kill -9, a full disk) the planned files are all old or all new.
//
// A write, in order (modules in ./write/):
// 1. Preflight (folders.ts): every existing folder on the way to each planned file is lstat-ed
//    from the target down; a link or a file there is refused before anything is created.
// 2. Lock (lock.ts): `<root>/.secure-container.lock`, one write per target; a second run refuses,
//    a lock whose process is gone is taken over.
// 3. Recovery (recover.ts): an earlier write interrupted after its commit point is finished,
//    one interrupted before it is discarded, and the temp files of the old module are removed.
// 4. Verify: each file is read again (O_NOFOLLOW, O_NONBLOCK, bounded: disk-state.ts) and must be
//    what compareWithDisk saw; otherwise nothing is written ("changed on disk since it was read").
// 5. Stage (`<root>/.secure-container.staging/`, same file system so renames are atomic): the new
//    contents and the backup copies, made from the bytes just verified, all fsync-ed.
// 6. Journal (journal.ts): the list of backups and moves, written atomically. This is the commit
//    point: before it, an abort or an error removes the staging folder and the files are all
//    old; after it, the write completes (an abort is ignored), and a crash is rolled forward by
//    the next write.
// 7. Commit: per file, the backup under a fresh name (hard link of the staged copy, or a new link
//    with the old link's text: both fail on an existing name and follow nothing), then the rename
//    of the staged file over the target. The staging folder and the lock are then removed.
// What remains: a process with write access to the target racing this one between a check and
// the rename that follows it (Node has no renameat/openat); the lock keeps out other writes
// by this tool.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';
import { type DiskFingerprint, fingerprint, readDiskState } from './write/disk-state.js';
import { WriteError, errnoCode, fsFailure } from './write/errors.js';
import { checkFolders, resolveInside } from './write/folders.js';
import type { BeforeStep } from './write/journal.js';
import { writeTransaction } from './write/transaction.js';

export { WriteError } from './write/errors.js';
export { resolveInside } from './write/folders.js';
export type { DiskFingerprint } from './write/disk-state.js';

export interface FileContent {
  readonly path: string;
  readonly content: string;
}

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface FileChange<T extends FileContent = FileContent> {
  readonly file: T;
  readonly status: FileStatus;
  /** What is on disk now (changed files only). */
  readonly previous?: string;
  readonly added: number;
  readonly removed: number;
  /** Why a changed file is special (a symbolic link, not text). */
  readonly note?: string;
  /**
   * What compareWithDisk saw, so writeChanges can refuse a file that changed since. A change made
   * by hand without it is checked against its status (new: absent; changed: `previous`).
   */
  readonly seen?: DiskFingerprint;
}

/** Where each planned file stands against the target directory. */
export async function compareWithDisk<T extends FileContent>(root: string, files: readonly T[]): Promise<FileChange<T>[]> {
  const base = await existingRoot(root);
  return Promise.all(files.map((file) => compareOne(base, file)));
}

/** The target's real path, or its resolved path while it does not exist (then every file is new). */
async function existingRoot(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return path.resolve(root);
    throw fsFailure(root, 'open the target folder', error);
  }
}

async function compareOne<T extends FileContent>(base: string, file: T): Promise<FileChange<T>> {
  const target = resolveInside(base, file.path);
  // A folder on the way that is a link is refused here already: nothing is read through it.
  await checkFolders(base, file.path);
  const state = await readDiskState(target, file.path);
  const seen = fingerprint(state);
  const lines = countLines(file.content);
  if (state.kind === 'missing') return { file, status: 'new', added: lines, removed: 0, seen };
  if (state.kind === 'link') {
    const note = 'is a symbolic link; it would be replaced by a file (the link itself is kept as the backup, never followed)';
    return { file, status: 'changed', previous: '', added: lines, removed: 0, note, seen };
  }
  if (state.bytes.includes(0)) return { file, status: 'changed', previous: '', added: lines, removed: 0, note: 'is a binary file', seen };
  const previous = state.bytes.toString('utf8');
  if (previous === file.content) return { file, status: 'unchanged', added: 0, removed: 0, seen };
  let added = 0;
  let removed = 0;
  for (const part of diffLines(previous, file.content)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return { file, status: 'changed', previous, added, removed, seen };
}

function countLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export interface WriteOptions {
  /** Replace changed files (each keeps a .bak copy). Without it a changed file stops the write. */
  readonly force?: boolean;
  /**
   * Keep a .bak copy of each replaced file (default). The audit's fixes and suppressions turn it
   * off: they keep their own undo, and a Dockerfile.bak would itself be audited as a Dockerfile.
   */
  readonly backup?: boolean;
  /** Called after each file lands, for progress display. */
  readonly onWritten?: (change: FileChange) => void;
  /**
   * Stops the write (Ctrl-C in the wizard). Honoured until the journal is written: an abort up to
   * then rejects with the signal's reason and leaves every file as it was. After it the write
   * completes, so the files never disagree with each other.
   */
  readonly signal?: AbortSignal;
  /**
   * For tests only: runs before each step (staging a file, the journal, a backup, a move). A delay
   * here makes a write slow enough to interrupt; a throw fails the step as that file-system call
   * would (an error with code ENOSPC reads as "no space left on the device").
   */
  readonly beforeStep?: BeforeStep;
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly backups: readonly string[];
}

interface ActiveWrite {
  readonly controller: AbortController;
  committed: boolean;
  settled?: Promise<unknown>;
}

const activeWrites = new Set<ActiveWrite>();

/**
 * What a write in progress did when interrupted: `stopped` (before its commit point: every file
 * as it was), `finished` (it had committed, and completed), `failed` (it had committed but could
 * not complete; the next write finishes it), or `idle` (no write was in progress).
 */
export type InterruptOutcome = 'idle' | 'stopped' | 'finished' | 'failed';

/**
 * For a SIGINT handler: stops the writes in progress that have not reached their commit point,
 * lets the others complete, and says which happened once they have settled.
 */
export async function interruptWrites(): Promise<InterruptOutcome> {
  const writes = [...activeWrites];
  if (writes.length === 0) return 'idle';
  for (const write of writes) if (!write.committed) write.controller.abort();
  const results = await Promise.allSettled(writes.map((write) => write.settled));
  const committed = writes.map((write, index) => ({ committed: write.committed, ok: results[index]!.status === 'fulfilled' }));
  if (committed.some((write) => write.committed && !write.ok)) return 'failed';
  return committed.some((write) => write.committed) ? 'finished' : 'stopped';
}

/**
 * Writes the new and changed files as one transaction (see the top of this file): afterwards,
 * whatever happened, the planned files are either all as they were or all new.
 */
export async function writeChanges(root: string, changes: readonly FileChange[], options: WriteOptions = {}): Promise<WriteResult> {
  options.signal?.throwIfAborted();
  const conflicts = changes.filter((change) => change.status === 'changed');
  if (conflicts.length > 0 && !options.force) {
    throw new WriteError(`${conflicts.length} existing file(s) differ; use --force to replace them (a .bak copy is kept)`);
  }
  const write: ActiveWrite = { controller: new AbortController(), committed: false };
  const forward = () => write.controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  const run = writeTransaction(root, changes, {
    signal: write.controller.signal,
    backup: options.backup !== false,
    ...(options.beforeStep ? { beforeStep: options.beforeStep } : {}),
    ...(options.onWritten ? { onWritten: options.onWritten } : {}),
    onCommitted: () => {
      write.committed = true;
    },
  });
  write.settled = run;
  activeWrites.add(write);
  try {
    return await run;
  } finally {
    activeWrites.delete(write);
    options.signal?.removeEventListener('abort', forward);
  }
}
