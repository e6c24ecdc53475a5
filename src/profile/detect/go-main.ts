// Choosing the Go main package to build when a module has several (cmd/server, cmd/cli, …):
// the one that serves (imports net/http or calls a Listen function), else the one named after the
// module. Anything else is ambiguous and left to the user (--entrypoint), never guessed.
import { posix } from 'node:path';
import type { ProjectFiles } from './project-files.js';

/** Enough of a package's sources to see its imports and listen call; a huge package is not read in full. */
const MAX_GO_PACKAGE_SOURCE = 4 * 1024 * 1024;

export interface GoMainPackage {
  /** The package path as `go build` takes it: "." or "./cmd/server". */
  readonly path: string;
  /** The file with `package main`, for the source note. */
  readonly file: string;
  /** The package's non-test Go sources, concatenated. */
  readonly source: string;
}

export type GoMainChoice =
  | { readonly chosen: GoMainPackage; readonly why?: string }
  | { readonly ambiguous: readonly string[] }
  | undefined;

const SERVES = /"net\/http"|\bListenAndServe(?:TLS)?\s*\(|\bnet\.Listen\s*\(|\.Listen\s*\(|\.Run\s*\(\s*["':]/;

export function chooseGoMain(packages: readonly GoMainPackage[], modulePath: string | undefined): GoMainChoice {
  if (packages.length === 0) return undefined;
  if (packages.length === 1) return { chosen: packages[0]! };
  const serving = packages.filter((p) => SERVES.test(p.source));
  if (serving.length === 1) return { chosen: serving[0]!, why: 'the main package that serves' };
  const moduleName = moduleBaseName(modulePath);
  const pool = serving.length > 1 ? serving : packages;
  const named = pool.filter((p) => p.path.split('/').at(-1) === moduleName);
  if (moduleName && named.length === 1) return { chosen: named[0]!, why: 'the main package named after the module' };
  return { ambiguous: pool.map((p) => p.path) };
}

/** example.com/acme/podinfo/v6 -> podinfo (a major-version suffix is not the name). */
export function moduleBaseName(modulePath: string | undefined): string | undefined {
  if (!modulePath) return undefined;
  const segments = modulePath.split('/');
  return /^v\d+$/.test(segments.at(-1)!) && segments.length > 1 ? segments.at(-2) : segments.at(-1);
}

/** The main package in a folder of the module ("." or "cmd/server"), with its sources; undefined if it has none. */
export async function goMainPackageAt(files: ProjectFiles, dir: string): Promise<GoMainPackage | undefined> {
  let file: string | undefined;
  let source = '';
  for (const entry of await files.list(dir)) {
    if (!entry.isFile || !entry.name.endsWith('.go') || entry.name.endsWith('_test.go')) continue;
    if (source.length > MAX_GO_PACKAGE_SOURCE) break;
    const text = await files.read(posix.join(dir, entry.name));
    if (text === undefined) continue;
    source += `${text}\n`;
    if (!file && /^package\s+main\b/m.test(text)) file = posix.join(dir, entry.name).replace(/^\.\//, '');
  }
  return file ? { path: dir === '.' ? '.' : `./${dir}`, file, source } : undefined;
}

/** The main packages at the module root and in cmd/<name>, with their sources. */
export async function goMainPackages(files: ProjectFiles): Promise<GoMainPackage[]> {
  const packages: GoMainPackage[] = [];
  const root = await goMainPackageAt(files, '.');
  if (root) packages.push(root);
  for (const entry of await files.list('cmd')) {
    // Only names the entry point accepts, so a candidate can be printed and used as it is.
    if (!entry.isDirectory || !/^[A-Za-z0-9._-]+$/.test(entry.name) || entry.name.startsWith('.')) continue;
    const found = await goMainPackageAt(files, `cmd/${entry.name}`);
    if (found) packages.push(found);
  }
  return packages;
}
