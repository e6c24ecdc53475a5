// Questions about the repo's files that many rules and fixes ask, answered once per repo or file.
import { oncePer } from '../../util/memo.js';
import type { Repo, SourceFile } from '../types.js';

/**
 * The text of every file the audit read, by path (a repo has thousands: asking the list per
 * Dockerfile, per FROM or per fix was quadratic).
 */
export const textsByPath = oncePer((repo: Repo): ReadonlyMap<string, string> => new Map(repo.files.map((file) => [file.path, file.text] as const)));

/**
 * A Helm chart template or any file with {{ }} placeholders: its YAML is not what gets deployed.
 * Asked for every fix of every document in the file, so answered once per file (a 2 MB install
 * manifest was scanned again for each of its thousands of findings).
 */
export const isTemplatedFile = oncePer((file: SourceFile): boolean => file.text.includes('{{'));
