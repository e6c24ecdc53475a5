// `npm start`: builds, then generates a demo Node.js service in demo/ (ignored by git). demo/ is
// made a Git repository of its own first, so the generator puts the CI workflow and Renovate config
// at demo/'s root, as it would in a real project, instead of at the root of this repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
mkdirSync(new URL('../demo', import.meta.url), { recursive: true });
if (!existsSync(new URL('../demo/.git', import.meta.url))) {
  try {
    execFileSync('git', ['init', '--quiet', 'demo'], { cwd: root, stdio: 'ignore' });
  } catch {
    // No git: then no repository around demo/ is found either.
  }
}
execFileSync(process.execPath, ['bin/create-secure-container.js', 'demo', '--yes', '--name', 'demo', '--language', 'node'], { cwd: root, stdio: 'inherit' });
