// Questions about the repo's files that many rules and fixes ask, answered once per repo.
import type { Repo } from '../types.js';

const FILE_PATHS = new WeakMap<Repo, ReadonlySet<string>>();

/** The paths of every file the audit read, as a set (a repo has thousands; asking the list per Dockerfile or per fix was quadratic). */
export function filePaths(repo: Repo): ReadonlySet<string> {
  let paths = FILE_PATHS.get(repo);
  if (!paths) {
    paths = new Set(repo.files.map((file) => file.path));
    FILE_PATHS.set(repo, paths);
  }
  return paths;
}
