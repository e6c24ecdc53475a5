// Questions about the repo's files that many rules and fixes ask, answered once per repo.
import type { Repo, SourceFile } from '../types.js';

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

const TEMPLATED = new WeakMap<SourceFile, boolean>();

/**
 * A Helm chart template or any file with {{ }} placeholders: its YAML is not what gets deployed.
 * Asked for every fix of every document in the file, so answered once per file (a 2 MB install
 * manifest was scanned again for each of its thousands of findings).
 */
export function isTemplatedFile(file: SourceFile): boolean {
  let templated = TEMPLATED.get(file);
  if (templated === undefined) {
    templated = file.text.includes('{{');
    TEMPLATED.set(file, templated);
  }
  return templated;
}
