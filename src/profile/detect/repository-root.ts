// Where the repository starts: the nearest folder at or above the target that holds `.git` (a
// folder, or a file in a worktree or submodule). A target below it is one service of a monorepo:
// its CI workflow belongs at the root (GitHub reads .github/workflows there only) and its files
// keep their place in the service folder.
import { lstat } from 'node:fs/promises';
import path from 'node:path';

/** At most this many folders up: deeper trees are not walked (and a loop cannot be). */
const MAX_DEPTH = 32;

export async function findRepositoryRoot(start: string): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    try {
      const stats = await lstat(path.join(dir, '.git'));
      if (stats.isDirectory() || stats.isFile()) return dir;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** A service folder as the profile stores it: relative to the root, / separators, plain names only. */
export const SERVICE_DIR = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}(?:\/[A-Za-z0-9_][A-Za-z0-9._-]{0,99}){0,15}$/;

/** The target's folder relative to the repository root, when it is below it and nameable. */
export function serviceDirOf(root: string, target: string): string | undefined {
  const relative = path.relative(root, path.resolve(target)).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('..')) return undefined;
  return SERVICE_DIR.test(relative) && !relative.split('/').some((segment) => segment === '.' || segment === '..') ? relative : undefined;
}
