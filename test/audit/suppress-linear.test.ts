// Suppressions read text from the repository (config globs, comment lines); none of it can make
// the audit backtrack. Each shape here took minutes with picomatch or a `(.*)$` pattern.
import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../src/audit/parse.js';
import { auditRules } from '../../src/audit/rules/audit/index.js';
import { applySuppressions, parseSuppressionConfig } from '../../src/audit/suppress.js';
import { type Finding, type Rule, defineRule } from '../../src/audit/types.js';

const MiB = 1024 * 1024;
const hostPath = defineRule({ id: 'k8s/host-path', area: 'kubernetes', severity: 'high', title: 't', why: 'w', detect: 'd', fix: 'f', refs: [], check: () => {} });
const rootUser = defineRule({ id: 'dockerfile/root-user', area: 'dockerfile', severity: 'high', title: 't', why: 'w', detect: 'd', fix: 'f', refs: ['hadolint:DL3002'], check: () => {} });
const CATALOGUE: readonly Rule[] = [hostPath, rootUser, ...auditRules];

const finding = (ruleId: string, file: string, line = 1): Finding => ({
  ruleId,
  severity: 'high',
  message: 'm',
  refs: [],
  location: { file, line, column: 1, endLine: line, endColumn: 1 },
});

function timedSuppress(files: Record<string, string>, findings: Finding[], config?: string) {
  // CPU milliseconds of this process: other jobs on a shared machine do not count.
  const started = process.cpuUsage();
  const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
  const entries = config === undefined ? [] : parseSuppressionConfig({ path: '.secure-container.yaml', text: config }, CATALOGUE);
  const result = applySuppressions(findings, { repo, catalogue: CATALOGUE, config: entries, today: '2026-06-15' });
  const used = process.cpuUsage(started);
  return { result, ms: (used.user + used.system) / 1000 };
}

describe('suppressions on adversarial input', { timeout: 120_000 }, () => {
  it('a backtracking glob against a long file name is matched in linear time', () => {
    const longName = `${'a'.repeat(64 * 1024)}.yaml`;
    const config = 'audit:\n  suppressions:\n    - rule: k8s/host-path\n      path: "*a*a*a*a*a*a*a*a*a*a*a*a*b"\n      reason: adversarial\n';
    const { result, ms } = timedSuppress({}, [finding('k8s/host-path', longName)], config);
    expect(result.findings).toHaveLength(1); // the glob does not match: the finding counts
    expect(ms).toBeLessThan(5000);
  });

  it('the same glob still suppresses the paths it does match', () => {
    const config = 'audit:\n  suppressions:\n    - rule: k8s/host-path\n      path: "*a*a*b"\n      reason: reviewed\n';
    const { result } = timedSuppress({}, [finding('k8s/host-path', 'xaxaxb'), finding('k8s/host-path', 'dir/xaxaxb')], config);
    expect(result.suppressed.map((s) => s.finding.location.file)).toEqual(['xaxaxb']);
  });

  it.each([
    ['a 1 MiB line of trailing directives ending in a line separator', ` #secure-container-ignore k8s/host-path x`.repeat(MiB / 42) + '\u2028', 'a.yaml'],
    ['a 1 MiB hadolint pragma ending in a line separator', `# hadolint ignore=${'DL3002,'.repeat(MiB / 7)}\u2028`, 'Dockerfile'],
    ['a 1 MiB run of comment leaders', '# '.repeat(MiB / 2) + 'secure-container-ignore', 'a.yaml'],
    ['a 1 MiB line of // directives in a script', ' //secure-container-ignore k8s/host-path'.repeat(MiB / 40) + '\u2029', 'a.ts'],
  ])('%s is read within a generous time bound', (_name, line, file) => {
    const { ms } = timedSuppress({ [file]: `${line}\nFROM scratch\n` }, [finding(file === 'Dockerfile' ? 'dockerfile/root-user' : 'k8s/host-path', file, 2)]);
    expect(ms).toBeLessThan(5000);
  });
});
