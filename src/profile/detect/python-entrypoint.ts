// The Python entry points a project has: a package run with -m (it has __main__.py, at the root
// or in src/), then app.py, main.py or server.py at the root. Detection proposes the first; the
// entry point check lists them all when a given one does not exist.
import { posix } from 'node:path';
import type { ProjectFiles } from './project-files.js';

export interface EntrypointCandidate {
  /** The value as --entrypoint takes it. */
  readonly value: string;
  /** The file that shows it, for the message. */
  readonly source: string;
}

const PACKAGE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCRIPTS = ['app.py', 'main.py', 'server.py'] as const;

export async function pythonEntrypoints(files: ProjectFiles): Promise<EntrypointCandidate[]> {
  const out: EntrypointCandidate[] = [];
  for (const base of ['.', 'src']) {
    for (const entry of await files.list(base)) {
      if (!entry.isDirectory || !PACKAGE_NAME.test(entry.name)) continue;
      const file = posix.join(base, entry.name, '__main__.py');
      if (await files.isFile(file)) out.push({ value: entry.name, source: file });
    }
  }
  for (const script of SCRIPTS) if (await files.isFile(script)) out.push({ value: script, source: script });
  return out;
}
