// Repository -> the text files worth auditing. Every file is hostile input: discovery never runs
// anything, never follows a symbolic link out of the root, stops on link loops, never opens a
// device or FIFO, and reads at most a bounded number of bytes. Anything it leaves out for a
// reason the user could care about (binary, too large, unreadable, a link it would not follow)
// becomes a note instead of an error.
import { constants } from 'node:fs';
import { lstat, open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isDockerfilePath, isYamlPath } from './parse.js';
import type { AuditNote, SourceFile } from './types.js';

export interface DiscoveryLimits {
  /** Files larger than this are skipped with a note. */
  readonly maxFileBytes: number;
  /** Reading stops (with one note) once this many bytes have been read. */
  readonly maxTotalBytes: number;
  /** Walking stops (with one note) after this many directory entries. */
  readonly maxEntries: number;
}

export const DEFAULT_LIMITS: DiscoveryLimits = {
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 200_000,
};

export interface Discovery {
  /** Relative paths with / separators, Dockerfiles first, then YAML, then other text. */
  readonly files: readonly SourceFile[];
  readonly notes: readonly AuditNote[];
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

/** Extensions of configuration and source files scanned for secrets. */
const SECRET_SCAN_EXTENSIONS = new Set([
  'json', 'tf', 'tfvars', 'hcl', 'properties', 'ini', 'cfg', 'conf', 'toml', 'xml',
  'sh', 'bash', 'zsh', 'ps1', 'py', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx',
  'go', 'rb', 'java', 'kt', 'cs', 'php', 'rs', 'pem', 'key',
]);

/** Whether discovery reads a file at this relative path (Dockerfiles, YAML, secret-scan candidates). */
export function isAuditedPath(relativePath: string): boolean {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  if (LOCKFILES.has(name)) return false;
  if (isDockerfilePath(relativePath) || isYamlPath(relativePath)) return true;
  if (name === '.dockerignore' || SECRET_FILE_NAME.test(name)) return true;
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
  readonly rules: Ignore;
}

interface Folder {
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

interface Candidate {
  readonly relative: string;
  /** Where to read it: the real path (for a file reached through a link, the link's target). */
  readonly real: string;
}

export async function discover(root: string, limits: DiscoveryLimits = DEFAULT_LIMITS): Promise<Discovery> {
  const rootReal = await resolveRoot(root);
  const walker = new Walker(rootReal, limits);
  await walker.walk();
  const { files, notes } = await readCandidates(walker.candidates, limits);
  return { files, notes: [...walker.notes, ...notes] };
}

async function resolveRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (error) {
    throw new DiscoveryError(`${root}: cannot audit (${codeOf(error)})`);
  }
  if (!(await stat(real)).isDirectory()) throw new DiscoveryError(`${root}: not a directory`);
  return real;
}

class Walker {
  readonly candidates: Candidate[] = [];
  readonly notes: AuditNote[] = [];
  private readonly visitedFolders = new Set<string>();
  private readonly takenFiles = new Set<string>();
  private readonly folders: Folder[] = [];
  private readonly links: Link[] = [];
  private readonly helmCharts = new Set<string>();
  private entries = 0;

  constructor(
    private readonly rootReal: string,
    private readonly limits: DiscoveryLimits,
  ) {}

  /**
   * Real entries first, links after: a file reachable both directly and through a link inside the
   * root is audited once, under its own name. Each folder's real path is visited at most once,
   * which is also what ends a link loop.
   */
  async walk(): Promise<void> {
    const rootMatchers = await this.rootMatchers();
    this.visitedFolders.add(this.rootReal);
    this.folders.push({ absolute: this.rootReal, relative: '', real: this.rootReal, matchers: rootMatchers });
    while (this.folders.length > 0 || this.links.length > 0) {
      if (this.entries > this.limits.maxEntries) {
        this.notes.push({ file: '.', message: `stopped walking after ${this.limits.maxEntries} entries; the rest of the tree was not audited` });
        return;
      }
      const folder = this.folders.shift();
      if (folder) await this.readFolder(folder);
      else await this.followLink(this.links.shift()!);
    }
  }

  private async rootMatchers(): Promise<Matcher[]> {
    // .git/info/exclude holds a clone's private ignore patterns, with the root .gitignore's meaning.
    const exclude = await readIgnoreFile(path.join(this.rootReal, '.git', 'info', 'exclude'));
    return exclude ? [{ base: '', rules: exclude }] : [];
  }

  private async readFolder(folder: Folder): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder.absolute, { withFileTypes: true });
    } catch (error) {
      this.notes.push({ file: folder.relative || '.', message: `cannot read this folder (${codeOf(error)}); not audited` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.entries += entries.length;
    const own = await readIgnoreFile(path.join(folder.absolute, '.gitignore'));
    const matchers = own ? [...folder.matchers, { base: folder.relative, rules: own }] : folder.matchers;
    const isChart = entries.some((entry) => entry.name === 'Chart.yaml' && entry.isFile());

    for (const entry of entries) {
      const relative = join(folder.relative, entry.name);
      const absolute = path.join(folder.absolute, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(matchers, `${relative}/`)) continue;
        if (isChart && entry.name === 'templates') {
          this.noteHelmChart(folder.relative);
          continue;
        }
        const real = path.join(folder.real, entry.name);
        if (this.visitedFolders.has(real)) continue; // already reached through a link
        this.visitedFolders.add(real);
        this.folders.push({ absolute, relative, real, matchers });
      } else if (entry.isSymbolicLink()) {
        if (!isIgnored(matchers, relative)) this.links.push({ absolute, relative, parentReal: folder.real, matchers });
      } else if (entry.isFile()) {
        // Sockets, FIFOs and devices fall through: opening a FIFO would block forever.
        if (isIgnored(matchers, relative) || !isAuditedPath(relative)) continue;
        const real = path.join(folder.real, entry.name);
        if (this.takenFiles.has(real)) continue;
        this.takenFiles.add(real);
        this.candidates.push({ relative, real });
      }
    }
  }

  private async followLink(link: Link): Promise<void> {
    let target: string;
    try {
      target = await realpath(link.absolute);
    } catch (error) {
      const code = codeOf(error);
      if (code === 'ELOOP') this.notes.push({ file: link.relative, message: 'symbolic link loop; not followed' });
      else if (code === 'ENOENT') this.notes.push({ file: link.relative, message: 'broken symbolic link; not followed' });
      else this.notes.push({ file: link.relative, message: `cannot resolve this symbolic link (${code}); not followed` });
      return;
    }
    if (!isInside(this.rootReal, target)) {
      this.notes.push({ file: link.relative, message: 'symbolic link to a path outside the audited folder; not followed' });
      return;
    }
    let stats;
    try {
      stats = await stat(target);
    } catch (error) {
      this.notes.push({ file: link.relative, message: `cannot read the target of this symbolic link (${codeOf(error)}); not followed` });
      return;
    }
    const name = link.relative.slice(link.relative.lastIndexOf('/') + 1);
    if (stats.isDirectory()) {
      if (this.visitedFolders.has(target)) {
        if (isInside(target, link.parentReal)) this.notes.push({ file: link.relative, message: 'symbolic link loop (it points to a folder that contains it); not followed' });
        return; // otherwise the folder is audited under its own name
      }
      if (ALWAYS_SKIPPED.has(name) || isIgnored(link.matchers, `${link.relative}/`)) return;
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

/** Reads the candidates, most important kinds first, within the size limits. */
async function readCandidates(candidates: readonly Candidate[], limits: DiscoveryLimits): Promise<Discovery> {
  const ordered = [...candidates].sort((a, b) => priority(a.relative) - priority(b.relative) || compare(a.relative, b.relative));
  const files: SourceFile[] = [];
  const notes: AuditNote[] = [];
  let total = 0;
  let leftOut = 0;
  for (const candidate of ordered) {
    if (total >= limits.maxTotalBytes) {
      leftOut++;
      continue;
    }
    const result = await readBounded(candidate.real, limits.maxFileBytes);
    if ('error' in result) {
      notes.push({ file: candidate.relative, message: `cannot read (${result.error}); not audited` });
    } else if (result.tooLarge) {
      notes.push({ file: candidate.relative, message: `larger than ${formatBytes(limits.maxFileBytes)}; not audited` });
    } else if (result.bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      notes.push({ file: candidate.relative, message: 'binary file; not audited' });
    } else {
      total += result.bytes.length;
      files.push({ path: candidate.relative, text: result.bytes.toString('utf8') });
    }
  }
  if (leftOut > 0) {
    notes.push({ file: '.', message: `stopped reading after ${formatBytes(limits.maxTotalBytes)}; ${leftOut} more file${leftOut === 1 ? ' was' : 's were'} not audited` });
  }
  return { files, notes };
}

type ReadResult = { bytes: Buffer; tooLarge: false } | { tooLarge: true } | { error: string };

/** Reads at most max bytes (+1 to tell "too large"), refusing to open a symbolic link. */
async function readBounded(file: string, max: number): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    return { error: codeOf(error) };
  }
  try {
    const { size } = await handle.stat();
    if (size > max) return { tooLarge: true };
    const buffer = Buffer.alloc(Math.min(size, max) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) return { tooLarge: true }; // it grew while we read it
    return { bytes: buffer.subarray(0, length), tooLarge: false };
  } catch (error) {
    return { error: codeOf(error) };
  } finally {
    await handle.close();
  }
}

async function readIgnoreFile(file: string): Promise<Ignore | undefined> {
  try {
    const stats = await lstat(file);
    // A linked or huge ignore file is not read: it could lead outside the root.
    if (!stats.isFile() || stats.size > DEFAULT_LIMITS.maxFileBytes) return undefined;
    return ignore({ ignorecase: false }).add(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
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
