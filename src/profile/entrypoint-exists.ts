// Whether the entry point names something the project has, per language: a Node.js file (or one
// its build produces), a Go main package, a Python script or module, a Rust binary. When it does
// not, the message lists the entry points detection finds, one a line, so the person can pick
// one. Only names are shown, never file contents. Whatever cannot be decided is accepted: no
// manifest for the language (the check would have nothing to go on), a form the check does not
// know (the schema judges the form), a build step that may write anything, Java's jar (the build
// makes it).
import path from 'node:path';
import { CATALOGUE, type Language } from './catalogue.js';
import { entrypointFromStartScript } from './detect.js';
import { goMainPackageAt, goMainPackages } from './detect/go-main.js';
import { nodeBuild, tscLayout, tscOutputOf, tscSourceOf } from './detect/node-build-output.js';
import { ProjectFiles } from './detect/project-files.js';
import { isRecord, parseJsonRecord, parseTomlRecord, recordAt, stringAt } from './detect/records.js';
import { type EntrypointCandidate, pythonEntrypoints } from './detect/python-entrypoint.js';
import { describeValue, printablePath } from '../util/printable.js';

/** The most candidates a message lists. */
const MAX_CANDIDATES = 10;

interface Missing {
  /** Why the value is not an entry point of this project, e.g. "no such file, and the build does not produce it". */
  readonly why: string;
  readonly candidates: readonly EntrypointCandidate[];
}

/**
 * Why `entrypoint` is not an entry point of the project in `dir`, with the candidates found, one a
 * line; undefined when it is one, or when that cannot be decided.
 */
export async function entrypointProblem(dir: string, language: Language, entrypoint: string): Promise<string | undefined> {
  if (!CATALOGUE[language]?.entrypointPattern.test(entrypoint)) return undefined;
  const files = new ProjectFiles(path.resolve(dir));
  const missing = await CHECKS[language](files, entrypoint);
  return missing ? missingMessage(entrypoint, missing) : undefined;
}

function missingMessage(entrypoint: string, missing: Missing): string {
  const head = `--entrypoint: ${describeValue(entrypoint)} is not in this project: ${missing.why}`;
  const candidates = missing.candidates.filter((c, i, all) => all.findIndex((other) => other.value === c.value) === i).slice(0, MAX_CANDIDATES);
  if (candidates.length === 0) return `${head}. No entry point was found in the project; give one that exists.`;
  const lines = candidates.map((c) => `  ${printablePath(c.value)}  (${printablePath(c.source)})`);
  return `${head}. Found in the project:\n${lines.join('\n')}`;
}

const CHECKS: Readonly<Record<Language, (files: ProjectFiles, entrypoint: string) => Promise<Missing | undefined>>> = {
  node: nodeEntrypoint,
  go: goEntrypoint,
  python: pythonEntrypoint,
  rust: rustEntrypoint,
  // A jar path names what the build leaves in target/ or build/libs/; there is nothing to look for before it runs.
  java: async () => undefined,
};

async function nodeEntrypoint(files: ProjectFiles, entrypoint: string): Promise<Missing | undefined> {
  const pkg = parseJsonRecord(await files.read('package.json'));
  if (!pkg) return undefined;
  // The build script, else `prepare` (npm ci runs it): a step other than tsc may write anything.
  const build = await nodeBuild(files, stringAt(pkg, 'scripts', 'build') ?? stringAt(pkg, 'scripts', 'prepare'));
  if (build.kind === 'other') return undefined;
  // A tsc build whose layout can't be read (an inherited outDir) may write anywhere too. Without a
  // build script, a path under tsconfig's outDir whose source exists is still taken as meant.
  if (build.kind === 'tsc' && !build.layout) return undefined;
  const layout = build.kind === 'tsc' ? build.layout : await tscLayout(files);
  const isEntrypoint = async (value: string) => (await files.isFile(value)) || (layout !== undefined && (await tscSourceOf(files, layout, value)) !== undefined);
  if (await isEntrypoint(entrypoint)) return undefined;
  const proposed: EntrypointCandidate[] = [];
  const start = entrypointFromStartScript(stringAt(pkg, 'scripts', 'start'));
  if (start) proposed.push({ value: start, source: 'package.json scripts.start' });
  const main = stringAt(pkg, 'main');
  if (main) proposed.push({ value: main.replace(/^\.\//, ''), source: 'package.json main' });
  for (const name of ['server', 'index', 'main', 'app']) {
    for (const dir of ['.', 'src']) {
      const file = path.posix.join(dir, `${name}.js`);
      proposed.push({ value: file, source: file });
      const source = path.posix.join(dir, `${name}.ts`);
      const output = layout ? tscOutputOf(layout, source) : undefined;
      if (output) proposed.push({ value: output, source: `built by tsc from ${source}` });
    }
  }
  const candidates: EntrypointCandidate[] = [];
  for (const candidate of proposed) {
    if (!CATALOGUE.node.entrypointPattern.test(candidate.value) || candidates.some((c) => c.value === candidate.value)) continue;
    if (await isEntrypoint(candidate.value)) candidates.push(candidate);
  }
  return { why: layout ? 'no such file, and tsc does not build one there' : 'no such file', candidates };
}

async function goEntrypoint(files: ProjectFiles, entrypoint: string): Promise<Missing | undefined> {
  if (!(await files.isFile('go.mod'))) return undefined;
  const dir = entrypoint === '.' ? '.' : entrypoint.slice(2);
  if (await goMainPackageAt(files, dir)) return undefined;
  const candidates = (await goMainPackages(files)).map((p) => ({ value: p.path, source: p.file }));
  return { why: 'no folder there with a .go file of package main', candidates };
}

const PYTHON_MARKERS = ['pyproject.toml', 'requirements.txt', 'poetry.lock', 'uv.lock', 'Pipfile', 'setup.py'];

async function pythonEntrypoint(files: ProjectFiles, entrypoint: string): Promise<Missing | undefined> {
  let isPythonProject = false;
  for (const marker of PYTHON_MARKERS) if (await files.isFile(marker)) isPythonProject = true;
  if (!isPythonProject) return undefined;
  if (entrypoint.endsWith('.py')) {
    if (await files.isFile(entrypoint)) return undefined;
  } else {
    // Run with `python -m`: a module file, or a package with __main__.py, at the root or in src/.
    const parts = entrypoint.split('.');
    for (const base of ['.', 'src']) {
      if (await files.isFile(path.posix.join(base, ...parts) + '.py')) return undefined;
      if (await files.isFile(path.posix.join(base, ...parts, '__main__.py'))) return undefined;
    }
  }
  const candidates = [...(await pythonEntrypoints(files))];
  // A console script is not an entry point (-m would not find it) but is how some projects start.
  const pyproject = parseTomlRecord(await files.read('pyproject.toml'));
  const scripts = recordAt(pyproject, 'project', 'scripts') ?? recordAt(pyproject, 'tool', 'poetry', 'scripts') ?? {};
  for (const name of Object.keys(scripts).filter((n) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(n)).slice(0, 3)) {
    candidates.push({ value: `--command ${name}`, source: 'pyproject.toml, a console script: give it as the run command' });
  }
  const why = entrypoint.endsWith('.py') ? 'no such script' : 'no such module for python -m (a .py file, or a package with __main__.py, at the root or in src/)';
  return { why, candidates };
}

async function rustEntrypoint(files: ProjectFiles, entrypoint: string): Promise<Missing | undefined> {
  const cargo = parseTomlRecord(await files.read('Cargo.toml'));
  // A workspace (no [package]) builds its members' binaries: not read here.
  if (!cargo || !isRecord(cargo.package)) return undefined;
  const candidates: EntrypointCandidate[] = [];
  for (const bin of Array.isArray(cargo.bin) ? cargo.bin : []) {
    const name = stringAt(bin, 'name');
    if (name) candidates.push({ value: name, source: 'Cargo.toml [[bin]]' });
  }
  const packageName = stringAt(cargo, 'package', 'name');
  if (packageName && (await files.isFile('src/main.rs'))) candidates.push({ value: packageName, source: 'Cargo.toml package, src/main.rs' });
  for (const entry of await files.list('src/bin')) {
    if (entry.isFile && entry.name.endsWith('.rs')) candidates.push({ value: entry.name.slice(0, -3), source: `src/bin/${entry.name}` });
    if (entry.isDirectory && (await files.isFile(`src/bin/${entry.name}/main.rs`))) candidates.push({ value: entry.name, source: `src/bin/${entry.name}/main.rs` });
  }
  const binaries = candidates.filter((c) => CATALOGUE.rust.entrypointPattern.test(c.value));
  if (binaries.some((c) => c.value === entrypoint)) return undefined;
  return { why: 'no binary of that name in Cargo.toml or src/bin/', candidates: binaries };
}


