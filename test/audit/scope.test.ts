import { describe, expect, it } from 'vitest';
import { scopeOf } from '../../src/audit/scope.js';

describe('scopeOf', () => {
  it.each([
    ['test/e2e/fixtures/deployment.yaml', 'test'],
    ['pkg/apis/testdata/pod.yaml', 'test'],
    ['controller/sync_test.go', 'test'],
    ['ui/src/app.spec.ts', 'test'],
    ['src/tests/test_api.py', 'test'],
    ['docs/operator-manual/install.yaml', 'docs'],
    ['Documentation/secrets.md', 'docs'],
    ['examples/insecure-repo/Dockerfile', 'example'],
    ['hack/test-key.pem', 'test'],
  ])('%s is %s', (path, scope) => {
    expect(scopeOf(path)).toBe(scope);
  });

  it.each(['Dockerfile', 'k8s/deployment.yaml', 'manifests/install.yaml', '.github/workflows/ci.yml', 'src/contest/app.ts', 'latest/Dockerfile', 'docs.yaml'])(
    '%s is the project itself',
    (path) => {
      expect(scopeOf(path)).toBeUndefined();
    },
  );
});
