// Finds and reads the handlebars templates shipped in the package's templates/ folder.
// The bundle lives in dist/ and the sources in src/generate/, so the package root is found by
// walking up to the folder that holds both package.json and templates/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function templatesRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'templates')) && existsSync(path.join(dir, 'package.json'))) {
      root = path.join(dir, 'templates');
      return root;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('create-secure-container: templates/ folder not found next to the package');
    dir = parent;
  }
}

export function readTemplate(name: string): string {
  return readFileSync(path.join(templatesRoot(), name), 'utf8');
}
