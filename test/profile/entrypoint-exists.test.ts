// Issue 10: an entry point that the project does not have is refused, with the ones it has.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entrypointProblem } from '../../src/profile/entrypoint-exists.js';
import { parseJsonWithComments } from '../../src/profile/detect/node-build-output.js';
import { tempProjectPerTest, writeFiles } from '../helpers/temp-project.js';

const PROJECTS = path.resolve(import.meta.dirname, '../fixtures/projects');

let dir: string;
tempProjectPerTest('csc-entrypoint-', (created) => (dir = created));
const files = (entries: Record<string, string>) => writeFiles(dir, entries);

describe('Node.js', () => {
  const nodeTs = path.join(PROJECTS, 'node-ts');

  it('accepts what tsc builds from src/ into outDir, and refuses another name with the built entry point listed', async () => {
    expect(await entrypointProblem(nodeTs, 'node', 'dist/server.js')).toBeUndefined();
    expect(await entrypointProblem(nodeTs, 'node', 'dist/orders.js')).toBeUndefined();
    expect(await entrypointProblem(nodeTs, 'node', 'dist/main.js')).toBe(
      '--entrypoint: "dist/main.js" is not in this project: no such file, and tsc does not build one there. Found in the project:\n' +
        '  dist/server.js  (package.json scripts.start)',
    );
    // The source itself is not what node runs once built, and it is not a .js file: the schema's business.
    expect(await entrypointProblem(nodeTs, 'node', 'src/server.js')).toMatch(/^--entrypoint: "src\/server\.js" is not in this project/);
  });

  it('accepts a file that exists, and lists the conventional files that do when it does not', async () => {
    await files({ 'package.json': '{"name":"api"}', 'server.js': '', 'src/index.js': '' });
    expect(await entrypointProblem(dir, 'node', 'server.js')).toBeUndefined();
    expect(await entrypointProblem(dir, 'node', 'srv.js')).toBe(
      '--entrypoint: "srv.js" is not in this project: no such file. Found in the project:\n  server.js  (server.js)\n  src/index.js  (src/index.js)',
    );
  });

  it('accepts anything a build step other than tsc could write (a bundler), and what prepare builds with tsc', async () => {
    await files({ 'package.json': JSON.stringify({ scripts: { build: 'esbuild src/app.ts --bundle --outfile=out/app.js' } }) });
    expect(await entrypointProblem(dir, 'node', 'out/app.js')).toBeUndefined();
    // tsc followed by anything a shell runs is not tsc alone.
    await files({ 'package.json': JSON.stringify({ scripts: { build: 'tsc; cp static/app.js dist/app.js' } }), 'tsconfig.json': '{"compilerOptions":{"outDir":"dist"}}' });
    expect(await entrypointProblem(dir, 'node', 'dist/app.js')).toBeUndefined();
    await files({ 'package.json': JSON.stringify({ scripts: { build: 'tsc --project=tsconfig.json' } }) });
    expect(await entrypointProblem(dir, 'node', 'dist/app.js')).toMatch(/no such file, and tsc does not build one there/);
    await files({
      'package.json': JSON.stringify({ scripts: { prepare: 'rimraf lib && tsc -p tsconfig.build.json' } }),
      // tsconfig allows comments and trailing commas.
      'tsconfig.build.json': '{\n  // compiled for the image\n  "compilerOptions": { "outDir": "./lib/", /* sources */ "rootDir": "src", },\n}\n',
      'src/worker.ts': '',
    });
    expect(await entrypointProblem(dir, 'node', 'lib/worker.js')).toBeUndefined();
    expect(await entrypointProblem(dir, 'node', 'dist/worker.js')).toMatch(/no such file, and tsc does not build one there\. No entry point was found/);
  });

  it('cannot decide without package.json, or when tsc takes its outDir from an extended config: accepts', async () => {
    expect(await entrypointProblem(dir, 'node', 'dist/server.js')).toBeUndefined();
    await files({ 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }), 'tsconfig.json': '{"extends":"@tsconfig/node22/tsconfig.json"}' });
    expect(await entrypointProblem(dir, 'node', 'build/anything.js')).toBeUndefined();
  });

  it('does not count a symbolic link as the file, nor read through it', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'csc-entrypoint-outside-'));
    try {
      await writeFile(path.join(outside, 'server.js'), 'secret');
      await files({ 'package.json': '{}' });
      await symlink(path.join(outside, 'server.js'), path.join(dir, 'server.js'));
      const problem = await entrypointProblem(dir, 'node', 'server.js');
      expect(problem).toMatch(/no such file\. No entry point was found/);
      expect(problem).not.toContain('secret');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('Go', () => {
  const goCmd = path.join(PROJECTS, 'go-cmd');

  it('accepts a folder with a package main file, and lists the main packages otherwise', async () => {
    expect(await entrypointProblem(goCmd, 'go', './cmd/server')).toBeUndefined();
    const expected = (value: string) =>
      `--entrypoint: "${value}" is not in this project: no folder there with a .go file of package main. Found in the project:\n` +
      '  ./cmd/invctl  (cmd/invctl/main.go)\n  ./cmd/server  (cmd/server/main.go)';
    expect(await entrypointProblem(goCmd, 'go', './cmd/api')).toBe(expected('./cmd/api'));
    // A package that exists but is not main does not build a program.
    expect(await entrypointProblem(goCmd, 'go', './internal/stock')).toBe(expected('./internal/stock'));
    expect(await entrypointProblem(goCmd, 'go', '.')).toBe(expected('.'));
  });

  it('accepts without go.mod (nothing to check against), and a main package outside cmd/', async () => {
    expect(await entrypointProblem(dir, 'go', './cmd/server')).toBeUndefined();
    await files({ 'go.mod': 'module example.com/x\n', 'tools/gen/gen.go': 'package main\n\nfunc main() {}\n', 'tools/gen/gen_test.go': 'package main\n' });
    expect(await entrypointProblem(dir, 'go', './tools/gen')).toBeUndefined();
  });
});

describe('Python', () => {
  it('accepts a script that exists and a module python -m finds (src/ layout too); names a console script as --command', async () => {
    const uv = path.join(PROJECTS, 'python-uv');
    expect(await entrypointProblem(uv, 'python', 'invoice_service.main')).toBeUndefined();
    expect(await entrypointProblem(uv, 'python', 'app.py')).toBe(
      '--entrypoint: "app.py" is not in this project: no such script. Found in the project:\n' +
        '  --command invoice-service  (pyproject.toml, a console script: give it as the run command)',
    );
    // A package without __main__.py can't run with -m.
    expect(await entrypointProblem(uv, 'python', 'invoice_service')).toMatch(/no such module for python -m/);
  });

  it('lists packages with __main__.py and the conventional scripts', async () => {
    await files({ 'requirements.txt': '', 'main.py': '', 'worker/__main__.py': '', 'lib/__init__.py': '' });
    expect(await entrypointProblem(dir, 'python', 'worker')).toBeUndefined();
    expect(await entrypointProblem(dir, 'python', 'main.py')).toBeUndefined();
    expect(await entrypointProblem(dir, 'python', 'lib.cli')).toBe(
      '--entrypoint: "lib.cli" is not in this project: no such module for python -m (a .py file, or a package with __main__.py, at the root or in src/). Found in the project:\n' +
        '  worker  (worker/__main__.py)\n  main.py  (main.py)',
    );
  });

  it('accepts in a folder with no Python project file', async () => {
    expect(await entrypointProblem(dir, 'python', 'app.py')).toBeUndefined();
  });
});

describe('Rust, Java', () => {
  it('accepts a [[bin]] name or the package name, and lists the binaries otherwise', async () => {
    const rust = path.join(PROJECTS, 'rust');
    expect(await entrypointProblem(rust, 'rust', 'edge-proxy')).toBeUndefined();
    expect(await entrypointProblem(rust, 'rust', 'proxy')).toBe(
      '--entrypoint: "proxy" is not in this project: no binary of that name in Cargo.toml or src/bin/. Found in the project:\n  edge-proxy  (Cargo.toml [[bin]])',
    );
  });

  it('counts src/bin/ binaries, and never lists a name that is not a valid entry point', async () => {
    await files({ 'Cargo.toml': '[package]\nname = "svc"\n\n[[bin]]\nname = "evil\\u001b[31m"\npath = "x.rs"\n', 'src/main.rs': '', 'src/bin/migrate.rs': '' });
    expect(await entrypointProblem(dir, 'rust', 'migrate')).toBeUndefined();
    const problem = await entrypointProblem(dir, 'rust', 'nope');
    expect(problem).toBe(
      '--entrypoint: "nope" is not in this project: no binary of that name in Cargo.toml or src/bin/. Found in the project:\n' +
        '  svc  (Cargo.toml package, src/main.rs)\n  migrate  (src/bin/migrate.rs)',
    );
    // A workspace root has no [package]: its members are not read, so nothing is refused.
    await files({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n' });
    expect(await entrypointProblem(dir, 'rust', 'nope')).toBeUndefined();
  });

  it('accepts any jar for Java: the build makes it', async () => {
    expect(await entrypointProblem(path.join(PROJECTS, 'java-maven'), 'java', 'target/other.jar')).toBeUndefined();
  });
});

describe('tsconfig as JSON with comments', () => {
  it('drops comments outside strings and trailing commas, and is undefined for what still does not parse', () => {
    expect(parseJsonWithComments('{"a": "// not a comment", /* x */ "b": [1,],}')).toEqual({ a: '// not a comment', b: [1] });
    expect(parseJsonWithComments('{"a": "\\"/*"} // end')).toEqual({ a: '"/*' });
    expect(parseJsonWithComments('{"a": ')).toBeUndefined();
    expect(parseJsonWithComments('/* unterminated')).toBeUndefined();
  });

  it('stays linear on hostile text', () => {
    const started = performance.now();
    parseJsonWithComments(`{"a": [${',  '.repeat(200_000)}${'/*'.repeat(50_000)}`);
    parseJsonWithComments('"'.repeat(300_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
