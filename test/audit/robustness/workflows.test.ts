// CI files and pods of a size no one writes, each once quadratic somewhere in the audit (issue 9):
// 20,000 GitLab scan jobs (every fix re-parsed the 1 MiB file, yaml compared each key with every
// other, and locating a finding scanned every job: minutes), 37,000 checkout steps (each looked at
// every later step of the job: 25 s), 20,000 jobs without permissions (each job's steps found by
// scanning all steps: 9 s), 19,000 expressions in one script (each searched from the start: 12 s)
// and one pod of 16,000 containers (each container's ports and Dockerfile found by scanning the
// others: 25 s). The bound is the assertion: generous for a slow machine, far below a quadratic.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/audit/engine.js';
import { FIX_NOT_CHECKED } from '../../../src/audit/fix/check-budget.js';
import { parseRepo } from '../../../src/audit/parse.js';
import { RULES } from '../../../src/audit/rules/index.js';

function audit(path: string, text: string) {
  const started = performance.now();
  const { repo } = parseRepo('/virtual', [{ path, text }]);
  const findings = runRules(repo, RULES);
  return { findings, ms: performance.now() - started, crashed: findings.filter((f) => f.ruleId === 'audit/rule-error') };
}

const count = (findings: readonly { ruleId: string }[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).length;

describe('CI files and pods no rule is quadratic in', () => {
  it('0.9 MB run lines of -&trivy words, of unclosed ${{ after cosign sign, and of || : (23 s, 3.5 s and 9.8 s on 200 kB before)', () => {
    const job = (run: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app .\n      - run: |\n          ${run}\n`;
    for (const run of [`trivy ${'-&trivy '.repeat(115_000)}`, `cosign sign ${'${{'.repeat(300_000)}`, `trivy image app ${'|| : '.repeat(170_000)}`]) {
      const { ms, crashed } = audit('.github/workflows/ci.yml', job(run));
      expect(crashed).toEqual([]);
      expect(ms).toBeLessThan(10_000);
    }
  });

  it('a script of 20,000 trivy scans that cannot fail, fixed in one rewrite (its line diff took 57 s)', () => {
    const script = Array(20_000).fill('          trivy image --exit-code 0 app:1 || true').join('\n');
    const { findings, ms, crashed } = audit('.github/workflows/ci.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t app:1 .\n      - run: |\n${script}\n`);
    expect(crashed).toEqual([]);
    const gate = findings.find((f) => f.ruleId === 'workflow/scan-cannot-fail');
    expect(gate?.fix?.edits.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
  });

  it('a GitLab pipeline of 20,000 jobs that extend each other and swallow their scan: every job reported, the first ones fixed', () => {
    const jobs = Array.from({ length: 20_000 }, (_, i) => `j${i}:\n  extends: j${i + 1}\n  script: [trivy image x || true]\n`).join('');
    const { findings, ms, crashed } = audit('.gitlab-ci.yml', jobs);
    expect(crashed).toEqual([]);
    // Two per job: no --exit-code, and || true.
    const cannotFail = findings.filter((f) => f.ruleId === 'workflow/scan-cannot-fail');
    expect(cannotFail).toHaveLength(40_000);
    expect(cannotFail[0]!.fix?.edits).toHaveLength(1);
    // Past FIX_CHECK_BUDGET of checking parses in the file, the rest go without a fix, and say why.
    expect(cannotFail.at(-1)!.fix).toBeUndefined();
    expect(cannotFail.at(-1)!.noFix).toBe(FIX_NOT_CHECKED);
    expect(cannotFail[10_000]!.location.line).toBe(5_000 * 3 + 3);
    expect(ms).toBeLessThan(20_000);
  });

  it('a workflow of 37,000 checkout steps, and one of 20,000 jobs without permissions', () => {
    const steps = audit('.github/workflows/ci.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${'      - uses: actions/checkout@v4\n'.repeat(37_000)}`);
    expect(steps.crashed).toEqual([]);
    expect(count(steps.findings, 'workflow/checkout-persist-credentials')).toBe(37_000);
    expect(steps.ms).toBeLessThan(20_000);
    const jobs = audit(
      '.github/workflows/ci.yml',
      `on: push\njobs:\n${Array.from({ length: 20_000 }, (_, i) => `  j${i}:\n    runs-on: x\n    steps: [{run: make}]\n`).join('')}`,
    );
    expect(jobs.crashed).toEqual([]);
    expect(count(jobs.findings, 'workflow/missing-permissions')).toBe(1);
    expect(jobs.ms).toBeLessThan(20_000);
  });

  it('19,000 untrusted expressions in one script, each reported on its own line', () => {
    const script = '          echo "${{ github.event.pull_request.title }}"\n'.repeat(19_000);
    const { findings, ms, crashed } = audit('.github/workflows/pr.yml', `on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${script}`);
    expect(crashed).toEqual([]);
    const lines = findings.filter((f) => f.ruleId === 'workflow/script-injection').map((f) => f.location.line);
    expect(lines).toEqual(Array.from({ length: 19_000 }, (_, i) => 7 + i));
    expect(ms).toBeLessThan(20_000);
  });

  it('a pod of 16,000 privileged containers, with every fix\'s edits read (as --fix and --fix-edits do)', () => {
    const containers = Array.from({ length: 16_000 }, (_, i) => `  - {name: c${i}, image: "registry.example.com/app:1", ports: [{containerPort: 80}], securityContext: {privileged: true}}\n`).join('');
    const { findings, ms, crashed } = audit('pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}`);
    expect(crashed).toEqual([]);
    const privileged = findings.filter((f) => f.ruleId === 'k8s/privileged');
    expect(privileged).toHaveLength(16_000);
    const started = performance.now();
    const edited = privileged.filter((f) => (f.fix?.edits.length ?? 0) > 0).length;
    // Each edit re-parses the 1 MiB pod: the file's budget lets a few through, the rest have none this run.
    expect(edited).toBeGreaterThan(0);
    expect(edited).toBeLessThan(16_000);
    expect(ms + performance.now() - started).toBeLessThan(30_000);
  });

  it('a GitLab pipeline of 35,000 `!reference` tags yaml does not know: the scan found, the stack trace limit restored', () => {
    const jobs = Array.from({ length: 35_000 }, (_, i) => `j${i}:\n  script: [!reference [.base, script]]\n`).join('');
    const limit = Error.stackTraceLimit;
    const { findings, ms, crashed } = audit('.gitlab-ci.yml', `.base:\n  script: [trivy image x || true]\n${jobs}`);
    expect(crashed).toEqual([]);
    expect(count(findings, 'workflow/scan-cannot-fail')).toBeGreaterThan(0);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(ms).toBeLessThan(20_000);
  });
});
