// .gitignore matching, checked against git itself (`git check-ignore`) on fixed and random
// patterns, and timed against the shapes that made the regular-expression matcher it replaces
// stall for minutes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GitIgnore, MAX_WILDCARD_LINES } from '../../src/util/gitignore.js';

function parse(text: string): GitIgnore {
  const rules = GitIgnore.parse(text);
  if ('tooComplex' in rules) throw new Error(rules.tooComplex);
  return rules;
}

/** As the audit's walk decides: a path is excluded when a folder above it is, else by its own test. */
function excludedByWalk(rules: GitIgnore, file: string): boolean {
  const parts = file.split('/');
  for (let depth = 1; depth <= parts.length; depth++) {
    const isFolder = depth < parts.length;
    const result = rules.test(parts.slice(0, depth).join('/') + (isFolder ? '/' : ''));
    if (result.ignored) return true;
  }
  return false;
}

let gitWorks = true;
try {
  execFileSync('git', ['--version'], { stdio: 'ignore' });
} catch {
  gitWorks = false;
}

/** Which of the files git excludes with this .gitignore at the root of a fresh repository. */
function gitExcludes(gitignore: string, files: readonly string[]): Set<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'csc-gitignore-'));
  try {
    execFileSync('git', ['init', '-q', root]);
    writeFileSync(path.join(root, '.gitignore'), gitignore);
    for (const file of files) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '');
    }
    let output = '';
    try {
      output = execFileSync('git', ['-C', root, 'check-ignore', '--no-index', '--stdin'], { input: files.join('\n'), encoding: 'utf8' });
    } catch (error) {
      // Exit status 1: nothing is ignored.
      output = (error as { stdout?: string }).stdout ?? '';
    }
    return new Set(output.split('\n').filter(Boolean));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('GitIgnore', () => {
  const files = [
    'a.log', 'x/a.log', 'x/y/a.log', 'build/out.js', 'src/build/out.js', 'docs/build/index.html', 'keep/build.yaml',
    'node_modules/p/index.js', 'x/node_modules/q.js', '.env', 'x/.env.local', 'tmp/a', 'tmp/keep.txt', 'lib/a/b/c.txt',
    'abc/x', 'foo{a,b}', 'a b', 'hash#', '#notes', '!bang', 'deep/a/a/a/b', 'x/Y.LOG',
  ];
  const gitignore = [
    '# comment',
    '',
    '*.log',
    '/build/',
    'docs/**/index.html',
    'node_modules/',
    '.env*',
    'tmp/**',
    '!tmp/keep.txt',
    'lib/**/c.txt',
    'ab?/',
    'foo{a,b}',
    'a\\ ',
    'a b  ',
    'hash#',
    '\\#notes',
    '\\!bang',
    '**/a/**/b',
  ].join('\n');

  it('excludes what git excludes for a .gitignore using each rule of gitignore(5)', () => {
    const rules = parse(gitignore);
    const ours = new Set(files.filter((file) => excludedByWalk(rules, file)));
    expect([...ours].sort()).toEqual(
      [
        '!bang', '#notes', '.env', 'a b', 'a.log', 'abc/x', 'build/out.js', 'deep/a/a/a/b', 'docs/build/index.html', 'foo{a,b}', 'hash#',
        'lib/a/b/c.txt', 'node_modules/p/index.js', 'tmp/a', 'x/.env.local', 'x/a.log', 'x/node_modules/q.js', 'x/y/a.log',
      ].sort(),
    );
    if (gitWorks) expect([...ours].sort()).toEqual([...gitExcludes(gitignore, files)].sort());
  });

  it.runIf(gitWorks)('agrees with git check-ignore on random patterns and paths', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', 'a.x', '.x', 'b.x');
    const filePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const patternPart = fc.constantFrom('a', 'b', '*', '?', '**', '[ab]', '[!a]', '*.x', 'a*', '.x');
    const pattern = fc
      .tuple(fc.constantFrom('', '!', '/'), fc.array(patternPart, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '/'))
      .map(([prefix, parts, suffix]) => `${prefix}${parts.join('/')}${suffix}`);
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 6 }), fc.uniqueArray(filePath, { minLength: 1, maxLength: 12 }), (lines, paths) => {
        // A path cannot be both a file and a folder of another path.
        const usable = paths.filter((p) => !paths.some((other) => other.startsWith(`${p}/`)));
        const text = lines.join('\n');
        const rules = parse(text);
        const ours = usable.filter((file) => excludedByWalk(rules, file)).sort();
        expect(ours, text).toEqual([...gitExcludes(text, usable)].sort());
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('matches nested a/ folders against **/a/**/a/… in linear time (the npm matcher took 87 s)', () => {
    const rules = parse('**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b\n');
    const started = performance.now();
    let folder = '';
    for (let depth = 0; depth < 400; depth++) {
      folder += 'a/';
      expect(rules.test(folder).ignored).toBe(false);
      expect(rules.test(`${folder}f.yaml`).ignored).toBe(false);
    }
    expect(rules.test(`${folder}b`).ignored).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('looks up names, paths and *.ext lines, so 100,000 of them cost a few lookups per path', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? `name-${i}` : i % 3 === 1 ? `/dir-${i}/` : `*.ext${i}`));
    const rules = parse(lines.join('\n'));
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) rules.test(`src/pkg-${i}/file-${i}.yaml`);
    expect(rules.test('x/name-99999').ignored).toBe(true);
    expect(rules.test('dir-99997/').ignored).toBe(true);
    expect(rules.test('x/dir-99997/').ignored).toBe(false);
    expect(rules.test('a/b.ext99998').ignored).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a file with more wildcard lines than it matches, saying so', () => {
    const result = GitIgnore.parse(Array.from({ length: MAX_WILDCARD_LINES + 1 }, (_, i) => `a*${i}*b`).join('\n'));
    expect(result).toEqual({ tooComplex: expect.stringMatching(/more wildcard patterns than the audit matches/) });
  });

  it('stops matching a file whose wildcard lines take more than their budget, and then excludes nothing', () => {
    // Distinct lines whose literal parts every path of a's passes, each an automaton with many live states.
    const lines = Array.from({ length: 300 }, (_, k) => `a${'*a'.repeat(1 + (k % 60))}${k % 2 === 0 ? '' : '*'}`);
    const rules = parse(['aaaa-excluded/', ...lines].join('\n'));
    expect(rules.test('aaaa-excluded/').ignored).toBe(true);
    const started = performance.now();
    let folder = '';
    for (let depth = 0; depth < 200_000 && !rules.exhausted; depth++) {
      folder = depth % 30 === 0 ? 'aaaa/' : `${folder}aaaa/`;
      rules.test(folder);
    }
    expect(rules.exhausted).toBe(true);
    expect(performance.now() - started).toBeLessThan(20_000);
    // From then on the file re-includes everything below it: nothing is hidden by a half-applied file.
    expect(rules.test('aaaa-excluded/')).toEqual({ ignored: false, unignored: true });
  });
});
