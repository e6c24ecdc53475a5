// The suppression glob dialect, checked against what picomatch (the matcher it replaces) answered
// for the same pattern and path, and timed against inputs that make a backtracking matcher stall.
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatches } from '../../src/util/glob.js';

describe('globMatches: the dialect suppressions used with picomatch ({ dot: true })', () => {
  // [pattern, path, picomatch's answer]
  it.each([
    ['charts/agent/**', 'charts/agent/templates/ds.yaml', true],
    ['charts/agent/**', 'charts/web/ds.yaml', false],
    ['legacy/', 'legacy/pod.yaml', true],
    ['legacy/', 'legacy/a/b/pod.yaml', true],
    ['legacy/', 'legacyx/pod.yaml', false],
    ['a.yaml', 'a.yaml', true],
    ['a.yaml', 'A.yaml', false],
    ['a.yaml', 'x/a.yaml', false],
    ['Dockerfile', 'Dockerfile', true],
    ['a/**', 'a', true],
    ['a/**', 'a/b', true],
    ['a/**', 'a/b/c', true],
    ['a/**', 'ab', false],
    ['k8s/**', 'k8s', true],
    ['**', 'a/b', true],
    ['**', '.git/x', true],
    ['**/b', 'b', true],
    ['**/b', 'x/b', true],
    ['**/b', 'x/.y/b', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'ab', false],
    ['a/**/**/b', 'a/b', true],
    ['**/**', 'a/b', true],
    ['**/a/**', 'a', true],
    ['**/a/**', 'x/a/y', true],
    ['**/*.yaml', 'a.yaml', true],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['**/Dockerfile*', 'svc/Dockerfile.prod', true],
    ['**.yaml', 'a.yaml', true],
    ['**.yaml', 'd/e/a.yaml', true],
    ['*', 'a', true],
    ['*', 'a/b', false],
    ['*', '.env', true],
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'd/a.yaml', false],
    ['*.yaml', '.yaml', true],
    ['a/.*', 'a/.env', true],
    ['*/Dockerfile', 'svc/Dockerfile', true],
    ['a**', 'ab/c', false],
    ['a*', 'a/b', false],
    ['a/*', 'a/b', true],
    ['a/**b', 'a/xb', true],
    ['a/**b', 'a/x/b', false],
    ['a/b**', 'a/bc/d', false],
    ['a*b*c', 'aXbYc', true],
    ['*a', 'a', true],
    ['?', 'a', true],
    ['?', '/', false],
    ['a?c', 'a/c', false],
    ['{a,b}.yaml', 'a.yaml', true],
    ['{a,b}.yaml', 'c.yaml', false],
    ['*.{yml,yaml}', 'x.yml', true],
    ['{a,{b,c}}/x', 'c/x', true],
    ['{a,b}{c,d}', 'bd', true],
    ['{a,b}/**', 'a', true],
    ['a/{b,c}/', 'a/c/d', true],
    ['{**/a,b}', 'x/a', true],
    ['*{a,b}', 'xa', true],
    ['{,a}b', 'b', true],
    ['a{,.y}', 'a.y', true],
    ['a{,.y}', 'a', true],
    ['{a}.yaml', '{a}.yaml', true],
    ['{a}.yaml', 'a.yaml', false],
    ['{a,b', '{a,b', true],
    ['[ab].y', 'a.y', true],
    ['[^ab].y', 'c.y', true],
    ['[a-c].y', 'b.y', true],
    ['[a-]', '-', true],
    ['[\\]]', ']', true],
    ['[a', '[a', true],
    ['[a-c]', '/', false],
    ['[^/]', '/', false],
    ['[!a]', '/', false],
    ['[[:alpha:]].y', 'a.y', true],
    ['[[:digit:]].y', '1.y', true],
    ['\\*.y', '*.y', true],
    ['\\*.y', 'a.y', false],
    ['a\\/b', 'a/b', true],
    ['./a.y', 'a.y', true],
    ['!a.y', 'b.y', true],
    ['!a.y', 'a.y', false],
    ['a|b', 'a|b', true],
    ['a|b', 'a', false],
    ['$a', '$a', true],
    ['^a', '^a', true],
    ['a+', 'a+', true],
    ['a+', 'aa', false],
    ['a.', 'ab', false],
    ['a/./b', 'a/b', false],
    ['/a', 'a', false],
  ] as const)('%s against %s -> %s', (pattern, path, expected) => {
    expect(globMatches(pattern, path)).toBe(expected);
  });

  // Where picomatch was wrong by any glob standard, this follows POSIX (and says so here).
  it('reads [!ab] as "neither a nor b" and []a] as a class holding ] and a (picomatch answered the opposite)', () => {
    expect(globMatches('[!ab].y', 'c.y')).toBe(true);
    expect(globMatches('[!ab].y', 'a.y')).toBe(false);
    expect(globMatches('[]a].y', '].y')).toBe(true);
    expect(globMatches('[]a].y', 'a.y')).toBe(true);
  });

  it('treats extended-glob characters as literal text', () => {
    expect(globMatches('@(a|b).y', '@(a|b).y')).toBe(true);
    expect(globMatches('@(a|b).y', 'a.y')).toBe(false);
    expect(globMatches('+(a).y', 'aa.y')).toBe(false);
  });

  it('matches names outside the basic plane and in other scripts one character at a time', () => {
    expect(globMatches('?.yaml', '😀.yaml')).toBe(true);
    expect(globMatches('[😀é].yaml', 'é.yaml')).toBe(true);
    expect(globMatches('dé?/**', 'déx/a/b')).toBe(true);
  });

  it('keeps the pattern it was compiled from', () => {
    expect(compileGlob('k8s/**').pattern).toBe('k8s/**');
  });
});

describe('globMatches: time bounded by pattern × path', { timeout: 120_000 }, () => {
  const MiB = 1024 * 1024;
  // CPU milliseconds of this process: other jobs on a shared machine do not count.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const timed = (pattern: string, path: string): { result: boolean; ms: number } => {
    const started = process.cpuUsage();
    const result = globMatches(pattern, path);
    return { result, ms: cpuMs(started) };
  };

  it.each([
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(MiB)],
    ['**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b', 'a/'.repeat(MiB / 2)],
    ['{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}{a,a}*b', 'a'.repeat(MiB)],
    ['*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?/b', 'x'.repeat(MiB)],
    ['[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*c', 'ab'.repeat(MiB / 2)],
  ])('%s against a 1 MiB name does not match, within a generous time bound', (pattern, path) => {
    const { result, ms } = timed(pattern, path);
    expect(result).toBe(false);
    expect(ms).toBeLessThan(5000);
  });

  it('matches a 1 MiB name when it should', () => {
    const { result, ms } = timed('*a*a*a*a*a*a*a*a*a*a*a*a*b', `${'a'.repeat(MiB)}b`);
    expect(result).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('compiles adversarial 1 MiB patterns without quadratic work or a stack overflow', () => {
    for (const pattern of ['{'.repeat(MiB / 4) + 'a' + ',}'.repeat(MiB / 4), '['.repeat(MiB), '[[:'.repeat(MiB / 3), '\\'.repeat(MiB), '*'.repeat(MiB), '{,'.repeat(MiB / 2)]) {
      const started = process.cpuUsage();
      const glob = compileGlob(pattern);
      glob.matches('a'.repeat(1000));
      expect(cpuMs(started)).toBeLessThan(5000);
    }
  });
});
