// One write at a time per target folder. Two runs that both compared the disk and then both
// wrote would each report success while the later silently replaced the other's files. The lock
// is `<root>/.secure-container.lock`, created whole by link() (which fails on any existing name,
// a link included), holding the holder's pid, host and start time. A live holder makes the second run refuse; a
// holder on this host whose pid is gone (kill(pid, 0) -> ESRCH) left a stale lock, which is taken
// over. The take-over itself is guarded by `<lock>.break` (also O_EXCL) so that two runs finding
// the same stale lock cannot both take it.
import { constants } from 'node:fs';
import { link, lstat, open, readdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { WriteError, errnoCode, fsFailure } from './errors.js';
import { LOCK_NAME } from './folders.js';

export interface Lock {
  release(): Promise<void>;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

interface Found {
  /** undefined: the file is empty or not in our format (a holder killed while writing it, say). */
  readonly holder: Holder | undefined;
  readonly ino: number;
  readonly ageMs: number;
}

/** A lock file without a readable holder is presumed stale once it is this old. */
const UNREADABLE_STALE_MS = 10_000;
const MAX_LOCK_BYTES = 4096;

export async function takeLock(root: string): Promise<Lock> {
  const file = path.join(root, LOCK_NAME);
  const lock = await acquire(file);
  await removeDeadDrafts(root);
  return lock;
}

async function acquire(file: string): Promise<Lock> {
  for (let tries = 0; tries < 3; tries++) {
    const lock = await tryCreate(file);
    if (lock) return lock;
    const found = await readLock(file);
    if (!found) continue; // released in between: try again
    if (!isStale(found)) throw busy(found.holder);
    return takeOver(file, found);
  }
  throw busy(undefined);
}

/**
 * Creates the lock with its content in one step: the holder is written to a draft named after
 * this process (and a random suffix, for two writes in one process), then hard-linked to the
 * lock name (link fails with EEXIST on any existing name, a link included). A run killed mid-way
 * leaves at worst a draft, never an empty lock. Where the file system has no hard links, the lock
 * is created directly with O_EXCL (an empty lock left by a kill is then taken over by age).
 */
async function tryCreate(file: string): Promise<Lock | undefined> {
  const holder: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = `${JSON.stringify(holder)}\n`;
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  let ino: number;
  try {
    ino = await createWith(draft, text);
    await link(draft, file).catch(async (error: unknown) => {
      if (!NO_HARD_LINKS.has(errnoCode(error) ?? '')) throw error;
      ino = await createWith(file, text);
    });
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return undefined;
    throw fsFailure(LOCK_NAME, 'create the lock file', error);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  return {
    async release() {
      // Only our own lock: never remove one that replaced ours (after a take-over, say).
      const stats = await lstat(file).catch(() => undefined);
      if (stats?.ino === ino) await unlink(file).catch(() => undefined);
    },
  };
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

/** Creates a new file (O_EXCL: never an existing name or link) holding text; returns its inode. */
async function createWith(file: string, text: string): Promise<number> {
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(text);
    return (await handle.stat()).ino;
  } catch (error) {
    await unlink(file).catch(() => undefined);
    throw error;
  } finally {
    await handle.close();
  }
}

/** Removes lock drafts (`.secure-container.lock.<pid>.<hex>`) of processes that are gone. */
async function removeDeadDrafts(root: string): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    const pid = /^\.secure-container\.lock\.(\d{1,10})\.[0-9a-f]{8}$/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !isAlive(Number(pid))) await unlink(path.join(root, name)).catch(() => undefined);
  }
}

/** The lock file's holder; undefined if the file is gone. Never follows a link, never blocks. */
async function readLock(file: string): Promise<Found | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'ENXIO') throw notOurs();
    throw fsFailure(LOCK_NAME, 'read the lock file', error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_LOCK_BYTES) throw notOurs();
    const buffer = Buffer.alloc(MAX_LOCK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_LOCK_BYTES, 0);
    return { holder: parseHolder(buffer.subarray(0, bytesRead).toString('utf8')), ino: stats.ino, ageMs: Date.now() - stats.mtimeMs };
  } catch (error) {
    throw fsFailure(LOCK_NAME, 'read the lock file', error);
  } finally {
    await handle.close();
  }
}

/** Only well-formed values are kept, since they end up in a message. */
function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    const { pid, host, started } = value;
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
    if (typeof host !== 'string' || !/^[A-Za-z0-9._-]{1,253}$/.test(host)) return undefined;
    if (typeof started !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(started)) return undefined;
    return { pid: pid as number, host, started };
  } catch {
    return undefined;
  }
}

function isStale({ holder, ageMs }: Found): boolean {
  if (!holder) return ageMs > UNREADABLE_STALE_MS;
  // On another host the pid means nothing here: presume it alive.
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  return !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errnoCode(error) !== 'ESRCH';
  }
}

async function takeOver(file: string, stale: Found): Promise<Lock> {
  const breaker = `${file}.break`;
  const guard = await openGuard(breaker);
  try {
    const now = await readLock(file);
    if (now && now.ino !== stale.ino) throw busy(now.holder);
    if (now) await unlink(file).catch((error: unknown) => Promise.reject(fsFailure(LOCK_NAME, 'remove the stale lock file', error)));
    const lock = await tryCreate(file);
    if (!lock) throw busy(undefined);
    return lock;
  } finally {
    await guard.close();
    await unlink(breaker).catch(() => undefined);
  }
}

/** The take-over guard; one left by a run killed mid take-over (older than any take-over) is replaced. */
async function openGuard(breaker: string) {
  for (let tries = 0; tries < 2; tries++) {
    try {
      return await open(breaker, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw fsFailure(`${LOCK_NAME}.break`, 'create it', error);
      const stats = await lstat(breaker).catch(() => undefined);
      if (!stats || Date.now() - stats.mtimeMs <= UNREADABLE_STALE_MS) break;
      await unlink(breaker).catch(() => undefined);
    }
  }
  throw busy(undefined);
}

function busy(holder: Holder | undefined): WriteError {
  const who = holder ? `process ${holder.pid} on ${holder.host}, started ${holder.started}` : 'another process';
  return new WriteError(
    `another run (${who}) is writing into this folder; nothing was written. Wait for it to finish and run again. ` +
      `If no such run is active any more, delete ${LOCK_NAME} in the target folder.`,
  );
}

function notOurs(): WriteError {
  return new WriteError(`${LOCK_NAME}: exists and is not a lock file this tool wrote; nothing was written (remove it and run again)`);
}
