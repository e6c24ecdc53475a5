// Where a file sits in the project's life: test fixtures, documentation and examples are kept in
// the audit (a committed key in testdata/ is still committed) but marked, shown apart, and kept out
// of the --fail-on gate unless --include-tests is given. In argo-cd, 79% of the findings (26 of
// its 31 criticals) were in such paths (issue 9).
export type Scope = 'test' | 'docs' | 'example';

const FOLDERS: ReadonlyMap<string, Scope> = new Map([
  ...['test', 'tests', 'testdata', 'test-data', 'testing', '__tests__', 'spec', 'specs', 'fixtures', '__fixtures__', 'e2e', 'integration-tests', 'hack'].map(
    (name) => [name, 'test'] as const,
  ),
  ...['docs', 'doc', 'documentation', 'site', 'website'].map((name) => [name, 'docs'] as const),
  ...['examples', 'example', 'samples', 'sample', 'demo', 'demos', 'quickstart', 'tutorial', 'tutorials'].map((name) => [name, 'example'] as const),
]);

/** Test files by name in the languages' own conventions: x_test.go, x.test.ts, x.spec.js, test_x.py, XTest.java. */
const TEST_FILE = /(?:_test\.go|\.(?:test|spec)\.[cm]?[jt]sx?|(?:^|\/)test_[^/]*\.py|_test\.py|(?:Test|Tests|IT)\.(?:java|kt))$/;

/** The scope of a relative path, or undefined for the project's own configuration and code. */
export function scopeOf(relativePath: string): Scope | undefined {
  const parts = relativePath.split('/');
  for (const folder of parts.slice(0, -1)) {
    const scope = FOLDERS.get(folder.toLowerCase());
    if (scope) return scope;
  }
  return TEST_FILE.test(relativePath) ? 'test' : undefined;
}
