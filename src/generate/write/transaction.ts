// One write as a transaction over the planned files (the steps are described in ../write.ts).
import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { type DiskFingerprint, type DiskState, fingerprint, readDiskState, sameFingerprint } from './disk-state.js';
import { WriteError, attempt, errnoCode, fsFailure } from './errors.js';
import { STAGING_NAME, checkFolders, createFolders, removeCreatedFolders, resolveInside } from './folders.js';
import { type BeforeStep, type JournalEntry, backupNames, commitJournal, writeDurably, writeJournal } from './journal.js';
import { takeLock } from './lock.js';
import { recoverInterruptedWrite, removeLegacyTemps, removeStaging } from './recover.js';

/** The part of a FileChange the transaction needs. */
export interface PlannedChange {
  readonly file: { readonly path: string; readonly content: string };
  readonly status: 'new' | 'changed' | 'unchanged';
  readonly previous?: string;
  readonly seen?: DiskFingerprint;
}

export interface TransactionOptions<C extends PlannedChange> {
  readonly signal: AbortSignal;
  /** false: replaced files keep no .bak copy. */
  readonly backup: boolean;
  readonly beforeStep?: BeforeStep;
  readonly onWritten?: (change: C) => void;
  /** Called once the journal is on disk: from then on the write completes. */
  readonly onCommitted: () => void;
}

export interface TransactionResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly backups: readonly string[];
}

export async function writeTransaction<C extends PlannedChange>(root: string, changes: readonly C[], options: TransactionOptions<C>): Promise<TransactionResult> {
  const { signal, beforeStep } = options;
  const base = await prepareRoot(root);
  // Preflight, before anything is created: no planned path may pass through a link or a file.
  for (const change of changes) {
    resolveInside(base, change.file.path);
    await checkFolders(base, change.file.path);
  }
  signal.throwIfAborted();
  const lock = await takeLock(base);
  const createdFolders: string[] = [];
  let stagingCreated = false;
  let committed = false;
  let moved = 0;
  let total = 0;
  try {
    const recovered = await recoverInterruptedWrite(base, beforeStep ? { beforeStep } : {});
    await removeLegacyTemps(base, changes.map((change) => change.file.path));

    // Under the lock, each file must still be what the caller compared (an unchanged one too: the
    // set is written as a whole), or already hold the planned content.
    const plan: { change: C; state: DiskState }[] = [];
    const inPlace: string[] = [];
    for (const change of changes) {
      const state = await readDiskState(resolveInside(base, change.file.path), change.file.path);
      if (state.kind === 'file' && state.bytes.equals(Buffer.from(change.file.content, 'utf8'))) inPlace.push(change.file.path);
      else if (change.status !== 'unchanged' && matchesCompared(change, state)) plan.push({ change, state });
      else throw changedSince(change.file.path, recovered.length);
    }
    total = plan.length;

    for (const { change } of plan) await createFolders(base, await checkFolders(base, change.file.path), createdFolders);
    const staging = path.join(base, STAGING_NAME);
    const entries: JournalEntry[] = [];
    if (plan.length > 0) {
      await attempt(STAGING_NAME, 'create the staging folder', () => mkdir(staging, { mode: 0o700 }));
      stagingCreated = true;
      const takenNames = new Set<string>();
      for (const [index, { change, state }] of plan.entries()) {
        const target = change.file.path;
        await checkpoint(signal, beforeStep, 'stage-new', target);
        await writeDurably(path.join(staging, `n${index}`), target, 'stage the new version', change.file.content);
        if (state.kind === 'missing' || !options.backup) {
          entries.push({ target, staged: `n${index}` });
          continue;
        }
        const name = await freeBackupName(base, target, takenNames);
        if (state.kind === 'link') {
          entries.push({ target, staged: `n${index}`, backup: { kind: 'link', name, target: state.target } });
          continue;
        }
        // The backup is made from the bytes just verified, read through an O_NOFOLLOW handle.
        await checkpoint(signal, beforeStep, 'stage-backup', name);
        await writeDurably(path.join(staging, `b${index}`), name, 'stage the backup copy', state.bytes, state.mode);
        entries.push({ target, staged: `n${index}`, backup: { kind: 'file', name, staged: `b${index}` } });
      }
      await checkpoint(signal, beforeStep, 'journal', `${STAGING_NAME}/journal.json`);
      await writeJournal(staging, entries);
    }
    committed = true;
    options.onCommitted();

    const byPath = new Map(plan.map(({ change }) => [change.file.path, change]));
    const backups = await commitJournal(base, staging, entries, {
      ...(beforeStep ? { beforeStep } : {}),
      onMoved: (target) => {
        moved++;
        options.onWritten?.(byPath.get(target)!);
      },
    });
    if (plan.length > 0) await removeStaging(base);
    return {
      written: plan.map(({ change }) => change.file.path),
      unchanged: inPlace,
      backups,
    };
  } catch (error) {
    if (committed) throw stoppedMidCommit(error, moved, total);
    // Before the commit point no target was touched: take away what this write made.
    if (stagingCreated) await removeStaging(base).catch(() => undefined);
    await removeCreatedFolders(createdFolders);
    throw error;
  } finally {
    await lock.release();
  }
}

/** The target folder, created if missing (the user named it), as a real path. */
async function prepareRoot(root: string): Promise<string> {
  const shown = root;
  try {
    return await realpath(root);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw fsFailure(shown, 'open the target folder', error);
  }
  await attempt(shown, 'create the target folder', () => mkdir(root, { recursive: true }));
  return attempt(shown, 'open the target folder', () => realpath(root));
}

/** Whether the disk still holds what compareWithDisk saw (or, for a hand-made change, what its status says). */
function matchesCompared(change: PlannedChange, state: DiskState): boolean {
  if (change.seen) return sameFingerprint(change.seen, fingerprint(state));
  if (change.status === 'new') return state.kind === 'missing';
  return state.kind === 'file' && change.previous !== undefined && state.bytes.toString('utf8') === change.previous;
}

/** The first of file.bak, file.bak.1, ... that is free now and not chosen for another file of this write. */
async function freeBackupName(base: string, target: string, taken: Set<string>): Promise<string> {
  for (const name of backupNames(target)) {
    if (taken.has(name)) continue;
    try {
      await lstat(resolveInside(base, name));
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw fsFailure(name, 'check the backup name', error);
      taken.add(name);
      return name;
    }
  }
  throw new WriteError(`${target}: too many backups (.bak files) already; remove old ones and run again`);
}

/** Where an abort is honoured, and where tests inject a delay or a failure. */
async function checkpoint(signal: AbortSignal, beforeStep: BeforeStep | undefined, step: Parameters<BeforeStep>[0], shown: string): Promise<void> {
  signal.throwIfAborted();
  await attempt(shown, STEP_ACTIONS[step], async () => beforeStep?.(step, shown));
  signal.throwIfAborted();
}

const STEP_ACTIONS: Record<Parameters<BeforeStep>[0], string> = {
  'stage-new': 'stage the new version',
  'stage-backup': 'stage the backup copy',
  journal: 'write the journal',
  backup: 'create the backup',
  move: 'move the new file into place',
};

function changedSince(file: string, recovered: number): WriteError {
  const earlier = recovered > 0 ? ` An interrupted earlier write into this folder was finished first (${recovered} file${recovered === 1 ? '' : 's'}).` : '';
  return new WriteError(`${file}: changed on disk since it was read; nothing was written. Run again to see the new differences.${earlier}`);
}

function stoppedMidCommit(error: unknown, moved: number, total: number): unknown {
  if (!(error instanceof Error)) return error;
  const message = `${error.message}. The write stopped after ${moved} of ${total} files were replaced; the next write into this folder finishes the rest first (from ${STAGING_NAME}).`;
  return new WriteError(message);
}
