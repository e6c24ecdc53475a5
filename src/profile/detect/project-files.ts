// Reading a project's files for detection and for the checks made against it (the entry point
// exists): regular files only, size-capped, never through a symbolic link, never text with NUL
// bytes; anything unreadable is simply absent. Nothing here throws on what a repository holds.
import { lstat, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export const MAX_FILE_BYTES = 1024 * 1024;

export interface DirectoryEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

export class ProjectFiles {
  constructor(readonly root: string) {}

  /** A regular file's text, or undefined if absent, a link, binary, or over maxBytes. */
  async read(relative: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
    const file = path.join(this.root, relative);
    try {
      const stats = await lstat(file);
      if (!stats.isFile() || stats.size > maxBytes) return undefined;
      const text = await readFile(file, 'utf8');
      return text.includes('\0') ? undefined : text;
    } catch {
      return undefined;
    }
  }

  /** A regular file or a directory (not a link) by that name. */
  async exists(relative: string): Promise<boolean> {
    try {
      const stats = await lstat(path.join(this.root, relative));
      return stats.isFile() || stats.isDirectory();
    } catch {
      return false;
    }
  }

  /** A regular file (not a link, not a directory) by that name; its content is not read. */
  async isFile(relative: string): Promise<boolean> {
    try {
      return (await lstat(path.join(this.root, relative))).isFile();
    } catch {
      return false;
    }
  }

  /** Names in a directory (not following links), sorted; empty if it is not a directory. */
  async list(relative: string): Promise<DirectoryEntry[]> {
    try {
      const stats = await lstat(path.join(this.root, relative));
      if (!stats.isDirectory()) return [];
      const entries = await readdir(path.join(this.root, relative), { withFileTypes: true });
      return entries
        .map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return [];
    }
  }
}
