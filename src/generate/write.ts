// Safe write, shared by the scaffolder and the audit's fixes: compare what is planned with what
// is on disk, never overwrite a changed file without consent (force keeps a .bak), write each file
// atomically (temp file in the same folder, then rename), and never write through a symbolic
// link or outside the target directory.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, realpath, rename, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';

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
}

export class WriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteError';
  }
}

/** Where each planned file stands against the target directory. */
export async function compareWithDisk<T extends FileContent>(root: string, files: readonly T[]): Promise<FileChange<T>[]> {
  return Promise.all(files.map((file) => compareOne(root, file)));
}

async function compareOne<T extends FileContent>(root: string, file: T): Promise<FileChange<T>> {
  const target = resolveInside(root, file.path);
  const lines = countLines(file.content);
  let stats;
  try {
    stats = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, status: 'new', added: lines, removed: 0 };
    throw new WriteError(`${file.path}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (stats.isSymbolicLink()) {
    return { file, status: 'changed', previous: '', added: lines, removed: 0, note: 'is a symbolic link; it would be replaced by a file' };
  }
  if (!stats.isFile()) throw new WriteError(`${file.path}: exists and is not a regular file`);
  let previous: string;
  try {
    const buffer = await readFile(target);
    if (buffer.includes(0)) return { file, status: 'changed', previous: '', added: lines, removed: 0, note: 'is a binary file' };
    previous = buffer.toString('utf8');
  } catch (error) {
    throw new WriteError(`${file.path}: cannot read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (previous === file.content) return { file, status: 'unchanged', added: 0, removed: 0 };
  let added = 0;
  let removed = 0;
  for (const part of diffLines(previous, file.content)) {
    if (part.added) added += part.count ?? 0;
    if (part.removed) removed += part.count ?? 0;
  }
  return { file, status: 'changed', previous, added, removed };
}

function countLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** An absolute path for a relative output path; refuses anything that would land outside root. */
export function resolveInside(root: string, relative: string): string {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) {
    throw new WriteError(`${relative}: refusing a path outside the target directory`);
  }
  return path.join(path.resolve(root), relative);
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
   * Stops the write (Ctrl-C in the wizard). Honoured until every file is staged: an abort up to
   * then rejects with the signal's reason and leaves no file behind. Once files start moving
   * into place the write completes, so the files never disagree with each other.
   */
  readonly signal?: AbortSignal;
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly backups: readonly string[];
}

const pendingTemps = new Set<string>();

/** Removes temp files of a write that was interrupted (called from the SIGINT handler). */
export async function cleanUpInterruptedWrite(): Promise<void> {
  await Promise.all([...pendingTemps].map((temp) => rm(temp, { force: true })));
  pendingTemps.clear();
}

/**
 * Writes the new and changed files. All contents are first staged as temp files next to their
 * targets; only when every one is on disk are they renamed into place, so an interruption leaves
 * each file either as it was or complete, and no half-written file anywhere.
 */
export async function writeChanges(root: string, changes: readonly FileChange[], options: WriteOptions = {}): Promise<WriteResult> {
  const conflicts = changes.filter((change) => change.status === 'changed');
  if (conflicts.length > 0 && !options.force) {
    throw new WriteError(`${conflicts.length} existing file(s) differ; use --force to replace them (a .bak copy is kept)`);
  }
  const toWrite = changes.filter((change) => change.status !== 'unchanged');
  const rootReal = await ensureDirectory(path.resolve(root));
  const staged: { change: FileChange; temp: string; target: string }[] = [];
  try {
    for (const change of toWrite) {
      options.signal?.throwIfAborted();
      const target = resolveInside(root, change.file.path);
      await ensureParentInside(rootReal, path.dirname(target), change.file.path);
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      pendingTemps.add(temp);
      await writeFile(temp, change.file.content, { flag: 'wx', mode: 0o644 });
      staged.push({ change, temp, target });
    }
    options.signal?.throwIfAborted();
    const backups: string[] = [];
    for (const { change, temp, target } of staged) {
      if (change.status === 'changed' && options.backup !== false) backups.push(await backUp(root, target));
      await rename(temp, target);
      pendingTemps.delete(temp);
      options.onWritten?.(change);
    }
    return {
      written: toWrite.map((change) => change.file.path),
      unchanged: changes.filter((change) => change.status === 'unchanged').map((change) => change.file.path),
      backups,
    };
  } finally {
    await cleanUpInterruptedWrite();
  }
}

async function ensureDirectory(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
    return await realpath(dir);
  } catch (error) {
    throw new WriteError(`${dir}: cannot create the target directory (${(error as NodeJS.ErrnoException).code})`);
  }
}

/** Creates the parent folders, refusing any that resolves (through a symlink) outside the root. */
async function ensureParentInside(rootReal: string, parent: string, shown: string): Promise<void> {
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw new WriteError(`${shown}: cannot create its folder (${(error as NodeJS.ErrnoException).code})`);
  }
  const real = await realpath(parent);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    throw new WriteError(`${shown}: its folder leads outside the target directory (through a symbolic link); not writing`);
  }
}

/** Copies the current file to the first free name of file.bak, file.bak.1, ... and returns it. */
async function backUp(root: string, target: string): Promise<string> {
  for (let n = 0; ; n++) {
    const backup = n === 0 ? `${target}.bak` : `${target}.bak.${n}`;
    try {
      await lstat(backup);
    } catch {
      await copyFile(target, backup).catch(async (error: NodeJS.ErrnoException) => {
        // A symbolic link (possibly dangling) is kept as-is under the backup name.
        if (error.code === 'ENOENT' || error.code === 'ELOOP') await rename(target, backup);
        else throw error;
      });
      return path.relative(path.resolve(root), backup).split(path.sep).join('/');
    }
  }
}
