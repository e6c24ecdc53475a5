// Every parser entry point of the audit on random and adversarial input (issue 9): YAML manifests
// and workflows through every rule, Falco conditions, globs as suppressions use them, .gitignore
// files. The properties: nothing throws, no rule crashes (audit/rule-error), and each input is
// handled in bounded time. Dockerfiles and the secrets scan have their own fuzz tests beside
// their rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { readCondition } from '../../../src/audit/rules/falco/_support.js';
import { RULES } from '../../../src/audit/rules/index.js';
import { compileGlob } from '../../../src/util/glob.js';
import { GitIgnore } from '../../../src/util/gitignore.js';

/** Runs every rule over the files; returns the rule crashes and how long it took. */
function auditFiles(files: Record<string, string>) {
  const started = performance.now();
  const { repo, parseErrors } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  const findings = [...parseErrors, ...runRules(repo, RULES)];
  return { crashes: findings.filter((f) => f.ruleId === 'audit/rule-error').map((f) => f.message), ms: performance.now() - started };
}

const manifestParts = [
  'apiVersion: v1\n', 'apiVersion: apps/v1\n', 'kind: Pod\n', 'kind: Deployment\n', 'kind: Service\n', 'kind: NetworkPolicy\n', 'kind: ClusterRole\n',
  'metadata:\n', '  name: x\n', '  namespace: ns\n', 'spec:\n', '  containers:\n', '    - name: c\n', '      image: "x:1"\n', '      securityContext:\n',
  '        privileged: true\n', '        <<: *base\n', 'base: &base {runAsUser: 0}\n', '  template:\n', '    spec: {hostPID: true}\n', 'rules: [{verbs: ["*"]}]\n',
  '---\n', '{', '}', '[', ']', ': ', '- ', '  ', '\t', '"', "'", '&a ', '*a', '!!binary ', '? ', '%YAML 1.1\n', '...\n', '#', '\u0000', '\u202e', '\n',
];
const workflowParts = [
  'on: [push, pull_request_target]\n', 'permissions: write-all\n', 'jobs:\n', '  build:\n', '    runs-on: ubuntu-latest\n', '    steps:\n',
  '      - uses: actions/checkout@main\n', '      - run: echo ${{ github.event.issue.title }}\n', '        with: {ref: "${{ github.head_ref }}"}\n',
  '      - run: |\n          trivy image x \\\n          || true\n', '${{', '}}', '${{ secrets.X }}', 'docker build -t ghcr.io/a/b .\n', '\n', '  ', '- ', ': ',
];
const falcoParts = [
  'spawned_process', ' and ', ' or ', 'not ', '(', ')', 'proc.name', 'proc.pname', ' in ', ' = ', '"', 'x', ',', 'container.id', '!=', 'evt.dir=<',
  ' pmatch ', ' intersects ', 'val(proc.name)', 'shell_procs', 'allowed_parent_processes', ' exists', '[', ']', '\\', "'",
];

const assembled = (parts: readonly string[], maxLength: number) => fc.array(fc.constantFrom(...parts), { maxLength }).map((chosen) => chosen.join(''));

describe('fuzz: no input crashes, stalls or escapes a rule', () => {
  it('Kubernetes-shaped YAML through every rule', () => {
    fc.assert(
      fc.property(assembled(manifestParts, 60), (text) => {
        const { crashes, ms } = auditFiles({ 'k8s/app.yaml': text, 'k8s/kustomization.yaml': 'resources: [app.yaml]\nnamespace: ns\n' });
        expect(crashes).toEqual([]);
        expect(ms).toBeLessThan(2000);
      }),
      { numRuns: 150 },
    );
  });

  it('workflow-shaped YAML with expressions through every rule', () => {
    fc.assert(
      fc.property(assembled(workflowParts, 40), fc.string({ maxLength: 40 }), (text, noise) => {
        const { crashes, ms } = auditFiles({ '.github/workflows/ci.yml': text + noise, '.gitlab-ci.yml': `scan:\n  script:\n    - ${JSON.stringify(noise)}\n` });
        expect(crashes).toEqual([]);
        expect(ms).toBeLessThan(2000);
      }),
      { numRuns: 150 },
    );
  });

  it('Falco conditions, read directly and as rules files', () => {
    fc.assert(
      fc.property(assembled(falcoParts, 60), (condition) => {
        const facts = readCondition(condition);
        expect(Array.isArray(facts.tests)).toBe(true);
        const rules = `- macro: m\n  condition: ${JSON.stringify(condition)}\n- rule: r\n  desc: d\n  condition: ${JSON.stringify(condition)} and m\n  output: o\n  priority: WARNING\n`;
        expect(auditFiles({ 'falco/rules.yaml': rules }).crashes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('globs (.gitignore lines, suppression paths) against paths, linear in both', () => {
    const globish = assembled(['*', '**', '/', 'a', 'b', '?', '[a-z]', '[!x]', '{a,b}', '\\', '.', '!', ' '], 30);
    fc.assert(
      fc.property(globish, fc.string({ maxLength: 200 }), (pattern, path) => {
        const started = performance.now();
        compileGlob(pattern).matches(path);
        compileGlob(pattern).matches(`${'a/'.repeat(500)}b`);
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });

  it('.gitignore files, random and adversarial lines, against random and deep paths', () => {
    const line = assembled(['*', '**', '/', 'a', 'b', '?', '[a-z]', '[!x]', '{a,b}', '\\', '.', '!', ' ', '#', '\r'], 20);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.string({ maxLength: 200 }), (lines, path) => {
        const started = performance.now();
        const rules = GitIgnore.parse(lines.join('\n'));
        if (!('tooComplex' in rules)) {
          rules.test(path);
          rules.test(`${path}/`);
          rules.test(`${'a/'.repeat(500)}b`);
        }
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
