// Repository -> the text files worth auditing. Every file is hostile input: discovery never runs
// anything, never follows a symbolic link out of the root, stops on link loops, never opens a
// device or FIFO (a file is opened without blocking and its handle checked, so a FIFO swapped in
// after the walk is refused too), and reads at most a bounded number of bytes. Anything it leaves
// out for a reason the user could care about (binary, too large, unreadable, a link it would not
// follow, an unreadable .gitignore) becomes a note, and the counts say how much was left out, so
// an audit that read nothing can say why (audit/nothing-audited). A root that cannot be listed is
// an error. Names are bytes: a name that is not UTF-8 is read by its raw bytes and shown with the
// invalid bytes as \xHH (src/util/byte-names.ts).
//
// Absolute paths are kept as "byte strings" (each byte one latin1 character), so a name that is
// not UTF-8 survives path.join and Set keys unchanged; fsPath() turns one back into a Buffer.
import { closeSync, constants, type Dirent, fstatSync, openSync, readSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayName } from '../util/byte-names.js';
import { GitIgnore } from '../util/gitignore.js';
import { describeFsError } from '../util/fs-errors.js';
import { printablePath } from '../util/printable.js';
import { isDockerfilePath, isYamlPath } from './parse.js';
import type { AuditNote, SourceFile } from './types.js';

export interface DiscoveryLimits {
  /** Files larger than this are skipped with a note. */
  readonly maxFileBytes: number;
  /**
   * The limit for YAML and JSON files instead (default MAX_MANIFEST_BYTES): generated install
   * manifests run to megabytes (argo-cd's install.yaml: 1.9 MB) and must not be skipped.
   */
  readonly maxManifestBytes?: number;
  /** Reading stops (with one note) once this many bytes have been read. */
  readonly maxTotalBytes: number;
  /** Walking stops (with one note) after this many directory entries. */
  readonly maxEntries: number;
  /** Matching work one .gitignore may take over the walk before it stops applying (with one note); GitIgnore's default when unset. */
  readonly maxIgnoreSteps?: number;
}

export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export const DEFAULT_LIMITS: DiscoveryLimits = {
  maxFileBytes: 1024 * 1024,
  maxManifestBytes: MAX_MANIFEST_BYTES,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 200_000,
};

export interface Discovery {
  /** Relative paths with / separators, Dockerfiles first, then YAML, then other text. */
  readonly files: readonly SourceFile[];
  readonly notes: readonly AuditNote[];
  /** Files of a kind the audit reads that could not be read (too large, unreadable, not regular): each is a finding. */
  readonly unread: readonly { readonly file: string; readonly reason: string }[];
  /** How much was left out, and why: what audit/nothing-audited reports when no file was read. */
  readonly counts: DiscoveryCounts;
}

export interface DiscoveryCounts {
  /** Files, folders and links a .gitignore (or .git/info/exclude) excluded. */
  readonly ignored: number;
  /** Files of a kind the audit reads that were not read: binary, too large, unreadable, not a regular file, over the budget. */
  readonly skipped: number;
  /** Folders never audited: node_modules, vendor, .git, Helm templates. */
  readonly excludedFolders: number;
  /** Regular files of kinds the audit does not read (README.md, images, lockfiles). */
  readonly otherFiles: number;
}

/** Seams for tests: a listing that fails, a file swapped for a FIFO between the walk and the read. */
export interface DiscoveryHooks {
  readonly readdir?: (folder: Buffer) => Promise<Dirent[]>;
  /** Runs after the walk listed the candidates and before any is read. */
  readonly afterWalk?: () => Promise<void>;
}

/** Folders never audited: version control data and installed third-party code. */
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', 'vendor']);

/** A NUL byte in this much of the start marks a file as binary (git's heuristic). */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** Generated dependency lockfiles: large, machine-written, and full of hashes that look like secrets. */
const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'composer.lock',
  'Cargo.lock',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'Gemfile.lock',
  'go.sum',
]);

/** Names of files that often hold credentials, whatever their extension. */
const SECRET_FILE_NAME = /^(?:\.env(?:\..+)?|.+\.env|\.npmrc|\.pypirc|\.netrc|\.dockercfg|\.git-credentials|\.htpasswd|credentials|id_(?:rsa|dsa|ecdsa|ed25519))$/;
/**
 * Extensionless names that end like a key or secret (ssh_host_ed25519_key, server-key, tls_secret,
 * api.token): a private key is found by its content, but only in a file the scan reads.
 */
const KEY_LIKE_NAME = /^[^.]{0,200}[_-](?:key|pem|secret|token|credentials?)$/i;

/** Extensions of configuration and source files scanned for secrets. */
const SECRET_SCAN_EXTENSIONS = new Set([
  'json', 'tf', 'tfvars', 'hcl', 'properties', 'ini', 'cfg', 'conf', 'toml', 'xml',
  'sh', 'bash', 'zsh', 'ps1', 'py', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx',
  'go', 'rb', 'java', 'kt', 'cs', 'php', 'rs', 'pem', 'key',
  // Gradle builds (build.gradle, build.gradle.kts): repository credentials, and the dependencies
  // coherence/read-only-without-tmp reads (an embedded web server that writes to java.io.tmpdir).
  'gradle', 'kts',
]);

/** Whether discovery reads a file at this relative path (Dockerfiles, YAML, secret-scan candidates). */
export function isAuditedPath(relativePath: string): boolean {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  if (LOCKFILES.has(name)) return false;
  if (isDockerfilePath(relativePath) || isYamlPath(relativePath)) return true;
  if (name === '.dockerignore' || SECRET_FILE_NAME.test(name) || KEY_LIKE_NAME.test(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && SECRET_SCAN_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Thrown when the root itself cannot be audited (missing, not a folder, unreadable). */
export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

interface Matcher {
  /** The folder the .gitignore lives in, relative to the root ('' for the root). */
  readonly base: string;
  readonly rules: GitIgnore;
}

interface Folder {
  /** Byte string (see the top of this file). */
  readonly absolute: string;
  readonly relative: string;
  readonly real: string;
  readonly matchers: readonly Matcher[];
}

interface Link {
  readonly absolute: string;
  readonly relative: string;
  readonly parentReal: string;
  readonly matchers: readonly Matcher[];
}

type NamedEntry = { readonly entry: Dirent; readonly bytes: string; readonly shown: string };

/** A folder as listed: its entries and its .gitignore (read when it has one), or the listing's error code. */
type Listing = { readonly named: readonly NamedEntry[]; readonly ignoreFile: { rules?: GitIgnore; note?: AuditNote } } | { readonly error: string };

/** How many folders are listed at once. */
const LIST_CONCURRENCY = 32;

/**
 * Starts `task` for every item, at most `limit` running at once, and returns their promises in the
 * items' order (a promise settles when its task has run; rejections are the caller's to observe).
 */
function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  const starters = items.map(() => {
    let start!: () => void;
    const started = new Promise<void>((resolve) => (start = resolve));
    return { start, started };
  });
  let next = 0;
  const startNext = () => {
    if (next < starters.length) starters[next++]!.start();
  };
  const results = items.map((item, index) =>
    starters[index]!.started.then(() => task(item)).finally(startNext),
  );
  for (let i = 0; i < limit; i++) startNext();
  return results;
}

interface Candidate {
  readonly relative: string;
  /** Where to read it (a byte string): the real path (for a file reached through a link, the link's target). */
  readonly real: string;
}

/** A byte string (one latin1 character per byte) as the Buffer the file system takes. */
function fsPath(byteString: string): Buffer {
  return Buffer.from(byteString, 'latin1');
}

const listFolder = (folder: Buffer): Promise<Dirent[]> =>
  readdir(folder, { withFileTypes: true, encoding: 'buffer' }) as unknown as Promise<Dirent[]>;

export async function discover(root: string, limits: DiscoveryLimits = DEFAULT_LIMITS, hooks: DiscoveryHooks = {}): Promise<Discovery> {
  const rootReal = await resolveRoot(root);
  const walker = new Walker(root, rootReal, limits, hooks.readdir ?? listFolder);
  await walker.walk();
  walker.noteExhaustedIgnoreFiles();
  await hooks.afterWalk?.();
  const read = readCandidates(walker.candidates, limits);
  return {
    files: read.files,
    notes: [...walker.notes, ...read.notes],
    unread: read.unread,
    counts: { ignored: walker.ignored, skipped: walker.skipped + read.skipped, excludedFolders: walker.excludedFolders, otherFiles: walker.otherFiles },
  };
}

async function resolveRoot(root: string): Promise<string> {
  const shown = printablePath(root);
  let real: string;
  try {
    real = (await realpath(root, { encoding: 'buffer' })).toString('latin1');
  } catch (error) {
    const code = codeOf(error);
    throw new DiscoveryError(code === 'ENOENT' ? `${shown}: no such folder` : `${shown}: cannot audit this folder: ${describeFsError(code)}`);
  }
  let isFolder: boolean;
  try {
    isFolder = (await stat(fsPath(real))).isDirectory();
  } catch (error) {
    throw new DiscoveryError(`${shown}: cannot audit this folder: ${describeFsError(codeOf(error))}`);
  }
  if (!isFolder) throw new DiscoveryError(`${shown}: not a directory`);
  return real;
}

class Walker {
  readonly candidates: Candidate[] = [];
  readonly notes: AuditNote[] = [];
  ignored = 0;
  skipped = 0;
  excludedFolders = 0;
  otherFiles = 0;
  private readonly visitedFolders = new Set<string>();
  private readonly takenFiles = new Set<string>();
  private readonly folders: Folder[] = [];
  private readonly links: Link[] = [];
  private readonly helmCharts = new Set<string>();
  /** Every ignore file applied, to report one whose matching budget ran out. */
  private readonly ignoreFiles: { readonly file: string; readonly rules: GitIgnore }[] = [];
  private entries = 0;

  constructor(
    private readonly rootShown: string,
    private readonly rootReal: string,
    private readonly limits: DiscoveryLimits,
    private readonly list: (folder: Buffer) => Promise<Dirent[]>,
  ) {}

  /**
   * Real entries first, links after: a file reachable both directly and through a link inside the
   * root is audited once, under its own name. Each folder's real path is visited at most once,
   * which is also what ends a link loop.
   */
  async walk(): Promise<void> {
    const rootMatchers = this.rootMatchers();
    this.visitedFolders.add(this.rootReal);
    this.folders.push({ absolute: this.rootReal, relative: '', real: this.rootReal, matchers: rootMatchers });
    while (this.folders.length > 0 || this.links.length > 0) {
      if (this.folders.length === 0) {
        if (this.stopsAtEntryLimit()) return;
        await this.followLink(this.links.shift()!);
        continue;
      }
      // One level of the tree at a time: its folders are listed concurrently (a sequential walk
      // spent most of its time waiting on the file system), then taken in order, so the result is
      // the breadth-first walk's.
      const wave = this.folders.splice(0, this.folders.length);
      const listings = mapConcurrently(wave, LIST_CONCURRENCY, (folder) => this.listFolder(folder));
      for (const [index, folder] of wave.entries()) {
        if (this.stopsAtEntryLimit()) {
          void Promise.allSettled(listings.slice(index));
          return;
        }
        this.takeFolder(folder, await listings[index]!);
      }
    }
  }

  /** Notes for the ignore files that stopped excluding part-way (GitIgnore's matching budget). */
  noteExhaustedIgnoreFiles(): void {
    for (const { file, rules } of this.ignoreFiles) {
      if (!rules.exhausted) continue;
      this.notes.push({
        file,
        message: 'its wildcard patterns took more matching than the audit allows; from there on they were not applied, so files they would exclude are audited',
      });
    }
  }

  private stopsAtEntryLimit(): boolean {
    if (this.entries <= this.limits.maxEntries) return false;
    this.notes.push({ file: '.', message: `stopped walking after ${this.limits.maxEntries} entries; the rest of the tree was not audited` });
    this.skipped++;
    return true;
  }

  private rootMatchers(): Matcher[] {
    // .git/info/exclude holds a clone's private ignore patterns, with the root .gitignore's meaning.
    const exclude = readIgnoreFile(path.join(this.rootReal, '.git', 'info', 'exclude'), '.git/info/exclude', this.limits.maxIgnoreSteps);
    if (exclude.note) this.notes.push(exclude.note);
    if (!exclude.rules) return [];
    this.ignoreFiles.push({ file: '.git/info/exclude', rules: exclude.rules });
    return [{ base: '', rules: exclude.rules }];
  }

  /** A folder's entries (sorted by name) and its .gitignore, or why it could not be listed. */
  private async listFolder(folder: Folder): Promise<Listing> {
    let entries: Dirent[];
    try {
      entries = await this.list(fsPath(folder.absolute));
    } catch (error) {
      return { error: codeOf(error) };
    }
    const named = entries.map((entry) => {
      const bytes = entry.name as unknown as Buffer;
      return { entry, bytes: Buffer.isBuffer(bytes) ? bytes.toString('latin1') : Buffer.from(String(bytes)).toString('latin1'), shown: displayName(Buffer.isBuffer(bytes) ? bytes : Buffer.from(String(bytes))) };
    });
    named.sort((a, b) => compare(a.bytes, b.bytes));
    // Only a listed .gitignore is opened (whatever its type: a FIFO or a link is refused by readBounded).
    const ignoreFile = named.some(({ bytes }) => bytes === '.gitignore')
      ? readIgnoreFile(path.join(folder.absolute, '.gitignore'), join(folder.relative, '.gitignore'), this.limits.maxIgnoreSteps)
      : {};
    return { named, ignoreFile };
  }

  private takeFolder(folder: Folder, listing: Listing): void {
    if ('error' in listing) {
      const cause = describeFsError(listing.error);
      // The root itself: nothing at all can be audited, which is an error, not a note.
      if (folder.relative === '') throw new DiscoveryError(`${printablePath(this.rootShown)}: cannot list this folder: ${cause}`);
      this.notes.push({ file: folder.relative, message: `cannot list this folder: ${cause}; not audited` });
      this.skipped++;
      return;
    }
    const { named, ignoreFile: own } = listing;
    this.entries += named.length;
    if (own.note) this.notes.push(own.note);
    if (own.rules) this.ignoreFiles.push({ file: join(folder.relative, '.gitignore'), rules: own.rules });
    const matchers = own.rules ? [...folder.matchers, { base: folder.relative, rules: own.rules }] : folder.matchers;
    const isChart = named.some(({ shown, entry }) => shown === 'Chart.yaml' && entry.isFile());

    for (const { entry, bytes, shown } of named) {
      const relative = join(folder.relative, shown);
      const absolute = path.join(folder.absolute, bytes);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(shown)) {
          this.excludedFolders++;
          continue;
        }
        if (isIgnored(matchers, `${relative}/`)) {
          this.ignored++;
          continue;
        }
        if (isChart && shown === 'templates') {
          this.excludedFolders++;
          this.noteHelmChart(folder.relative);
          continue;
        }
        const real = path.join(folder.real, bytes);
        if (this.visitedFolders.has(real)) continue; // already reached through a link
        this.visitedFolders.add(real);
        this.folders.push({ absolute, relative, real, matchers });
      } else if (entry.isSymbolicLink()) {
        if (isIgnored(matchers, relative)) this.ignored++;
        else this.links.push({ absolute, relative, parentReal: folder.real, matchers });
      } else if (isIgnored(matchers, relative)) {
        this.ignored++;
      } else if (!isAuditedPath(relative)) {
        if (entry.isFile()) this.otherFiles++;
      } else if (entry.isFile()) {
        const real = path.join(folder.real, bytes);
        if (this.takenFiles.has(real)) continue;
        this.takenFiles.add(real);
        this.candidates.push({ relative, real });
      } else {
        // A FIFO, socket or device under an audited name: never opened (a FIFO would block).
        this.notes.push({ file: relative, message: `not a regular file (${specialKind(entry)}); not audited` });
        this.skipped++;
      }
    }
  }

  private async followLink(link: Link): Promise<void> {
    let target: string;
    try {
      target = (await realpath(fsPath(link.absolute), { encoding: 'buffer' })).toString('latin1');
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ELOOP') this.notes.push({ file: link.relative, message: 'symbolic link loop; not followed' });
      else if (code === 'ENOENT') this.notes.push({ file: link.relative, message: 'broken symbolic link; not followed' });
      else this.notes.push({ file: link.relative, message: `cannot resolve this symbolic link: ${describeFsError(code)}; not followed` });
      return;
    }
    if (!isInside(this.rootReal, target)) {
      this.notes.push({ file: link.relative, message: 'symbolic link to a path outside the audited folder; not followed' });
      return;
    }
    let stats;
    try {
      stats = await stat(fsPath(target));
    } catch (error) {
      this.notes.push({ file: link.relative, message: `cannot read the target of this symbolic link: ${describeFsError(codeOf(error))}; not followed` });
      return;
    }
    const name = link.relative.slice(link.relative.lastIndexOf('/') + 1);
    if (stats.isDirectory()) {
      if (this.visitedFolders.has(target)) {
        if (isInside(target, link.parentReal)) this.notes.push({ file: link.relative, message: 'symbolic link loop (it points to a folder that contains it); not followed' });
        return; // otherwise the folder is audited under its own name
      }
      if (ALWAYS_SKIPPED.has(name)) return;
      if (isIgnored(link.matchers, `${link.relative}/`)) {
        this.ignored++;
        return;
      }
      this.visitedFolders.add(target);
      this.folders.push({ absolute: link.absolute, relative: link.relative, real: target, matchers: link.matchers });
    } else if (stats.isFile()) {
      if (this.takenFiles.has(target) || !isAuditedPath(link.relative)) return;
      this.takenFiles.add(target);
      this.candidates.push({ relative: link.relative, real: target });
    }
  }

  private noteHelmChart(chart: string): void {
    if (this.helmCharts.has(chart)) return;
    this.helmCharts.add(chart);
    const where = chart || '.';
    this.notes.push({
      file: join(chart, 'templates'),
      message: `Helm chart templates are not YAML until rendered; not audited. Audit the rendered manifests: helm template ${where} | create-secure-container audit -`,
    });
  }
}

function specialKind(entry: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  if (entry.isDirectory()) return 'directory';
  return 'unknown type';
}

/**
 * Reads the candidates, most important kinds first, within the size limits. Synchronously: for a
 * local checkout that is several times cheaper than the promise API's open, stat, read and close
 * round trips through the thread pool (2,867 files of the bench's repository: 11–26 ms against
 * 110–134 ms with 32 reads in flight), and the audit has nothing else to do meanwhile.
 */
function readCandidates(
  candidates: readonly Candidate[],
  limits: DiscoveryLimits,
): { files: SourceFile[]; notes: AuditNote[]; unread: { file: string; reason: string }[]; skipped: number } {
  const ordered = [...candidates].sort((a, b) => priority(a.relative) - priority(b.relative) || compare(a.relative, b.relative));
  const files: SourceFile[] = [];
  const notes: AuditNote[] = [];
  const unread: { file: string; reason: string }[] = [];
  let total = 0;
  let leftOut = 0;
  for (const candidate of ordered) {
    if (total >= limits.maxTotalBytes) {
      leftOut++;
      continue;
    }
    const result = readBounded(candidate.real, limitFor(candidate.relative, limits));
    if (result.kind === 'text') {
      total += result.bytes.length;
      files.push({ path: candidate.relative, text: result.bytes.toString('utf8') });
    } else {
      const message = skipMessage(result, limitFor(candidate.relative, limits));
      notes.push({ file: candidate.relative, message });
      // A Dockerfile or manifest (YAML, JSON) that could not be read is one no rule checked: a
      // finding. A binary file, or a source file only the secrets scan reads, stays a note.
      const structured = isDockerfilePath(candidate.relative) || isYamlPath(candidate.relative) || /\.json$/i.test(candidate.relative);
      if (result.kind !== 'binary' && structured) unread.push({ file: candidate.relative, reason: message.replace(/; not audited$/, '') });
    }
  }
  if (leftOut > 0) {
    notes.push({ file: '.', message: `stopped reading after ${formatBytes(limits.maxTotalBytes)}; ${leftOut} more file${leftOut === 1 ? ' was' : 's were'} not audited` });
  }
  return { files, notes, unread, skipped: notes.length - (leftOut > 0 ? 1 : 0) + leftOut };
}

/** The size limit for a file: manifests (YAML, JSON) have their own, larger one. */
export function limitFor(relative: string, limits: DiscoveryLimits): number {
  return /\.(?:ya?ml|json)$/i.test(relative) ? Math.max(limits.maxFileBytes, limits.maxManifestBytes ?? MAX_MANIFEST_BYTES) : limits.maxFileBytes;
}

export type ReadResult =
  | { readonly kind: 'text'; readonly bytes: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'not-regular'; readonly type: string }
  | { readonly kind: 'error'; readonly code: string };

function skipMessage(result: Exclude<ReadResult, { kind: 'text' }>, limit: number): string {
  switch (result.kind) {
    case 'too-large':
      return `larger than ${formatBytes(limit)}; not audited`;
    case 'binary':
      return 'binary file; not audited';
    case 'not-regular':
      return `not a regular file (${result.type}); not audited`;
    case 'error':
      return `cannot read: ${describeFsError(result.code)}; not audited`;
  }
}

/**
 * Reads at most max bytes (+1 to tell "too large") of a regular file. Opened without following a
 * symbolic link and without blocking, and the opened handle (not the path, which can change after
 * the walk looked at it) must be a regular file: a FIFO raced into place is refused, not waited on.
 */
export function readBounded(file: string | Buffer, max: number): ReadResult {
  let descriptor: number;
  try {
    descriptor = openSync(typeof file === 'string' ? fsPath(file) : file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = codeOf(error);
    // O_NOFOLLOW reports a link swapped in after the walk as ELOOP.
    return code === 'ELOOP' ? { kind: 'not-regular', type: 'symbolic link' } : { kind: 'error', code };
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { kind: 'not-regular', type: specialKind(stats) };
    if (stats.size > max) return { kind: 'too-large' };
    const buffer = Buffer.alloc(Math.min(stats.size, max) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) return { kind: 'too-large' }; // it grew while we read it
    const bytes = buffer.subarray(0, length);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
    return { kind: 'text', bytes };
  } catch (error) {
    return { kind: 'error', code: codeOf(error) };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * A .gitignore (or .git/info/exclude) as ignore rules. Missing is normal; anything else that
 * stops it from being read is a note, because the files it would exclude are then audited.
 */
function readIgnoreFile(file: string, relative: string, maxSteps?: number): { rules?: GitIgnore; note?: AuditNote } {
  const result = readBounded(file, DEFAULT_LIMITS.maxFileBytes);
  const notApplied = (why: string) => ({ note: { file: relative, message: `${why}; its patterns were not applied, so files it would exclude are audited` } });
  if (result.kind === 'text') {
    const rules = GitIgnore.parse(result.bytes.toString('utf8'), maxSteps);
    return 'tooComplex' in rules ? notApplied(rules.tooComplex) : { rules };
  }
  if (result.kind === 'error' && (result.code === 'ENOENT' || result.code === 'ENOTDIR')) return {};
  const why =
    result.kind === 'not-regular'
      ? result.type === 'symbolic link'
        ? 'is a symbolic link, which is never followed (git does not follow it either)'
        : `is not a regular file (${result.type})`
      : result.kind === 'error'
        ? `cannot be read: ${describeFsError(result.code)}`
        : result.kind === 'binary'
          ? 'is a binary file'
          : `is larger than ${formatBytes(DEFAULT_LIMITS.maxFileBytes)}`;
  return notApplied(why);
}

/**
 * Git's precedence: the .gitignore closest to the path decides, and within one file the last
 * matching pattern wins (so `!keep.yaml` in a subfolder re-includes what the root excluded).
 */
function isIgnored(matchers: readonly Matcher[], relative: string): boolean {
  for (let i = matchers.length - 1; i >= 0; i--) {
    const { base, rules } = matchers[i]!;
    const result = rules.test(base === '' ? relative : relative.slice(base.length + 1));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

function priority(relative: string): number {
  if (isDockerfilePath(relative)) return 0;
  if (isYamlPath(relative)) return 1;
  return 2;
}

function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

function isInside(folder: string, candidate: string): boolean {
  return candidate === folder || candidate.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? String(error);
}
