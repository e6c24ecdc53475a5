// The kubernetes and network fixes on the real files of examples/insecure-repo (read from disk):
// each fix is clean by the shared harness, including against the coherence rules that compare the
// manifests with the Dockerfile (ports, users) — the interactions a synthetic manifest would miss.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubernetesRules } from '../../../../src/audit/rules/kubernetes/index.js';
import { networkRules } from '../../../../src/audit/rules/network/index.js';
import { auditFiles, expectCleanFix, type Files } from '../../../helpers/fix-harness.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../examples/insecure-repo');

async function readTree(root: string, dir = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, await readTree(root, relative));
    else out[relative] = await readFile(path.join(root, relative), 'utf8');
  }
  return out;
}

describe('kubernetes and network fixes on examples/insecure-repo', () => {
  let files: Files;
  beforeAll(async () => {
    files = await readTree(EXAMPLE);
  });

  const FIXED_THERE = [
    'k8s/capabilities-not-dropped',
    'k8s/exposed-service',
    'k8s/host-namespaces',
    'k8s/missing-probes',
    'k8s/missing-resources',
    'k8s/privileged',
    'k8s/seccomp',
    'k8s/secret-in-env',
    'k8s/service-account-token',
    'k8s/writable-root-filesystem',
    'network/allow-all',
    'network/metadata-egress',
    'network/no-default-deny',
  ];

  it('offers fixes for these rules there', () => {
    const rules = [...kubernetesRules, ...networkRules];
    expect(rules.filter((rule) => auditFiles(files, [rule]).some((f) => f.fix)).map((rule) => rule.id).sort()).toEqual(FIXED_THERE);
  });

  // One test per rule: each re-audits the whole example a few times.
  for (const id of FIXED_THERE) {
    it(`every fix of ${id} there is clean`, { timeout: 60_000 }, () => {
      const rule = [...kubernetesRules, ...networkRules].find((r) => r.id === id)!;
      expect(expectCleanFix(rule, files)).toBeGreaterThanOrEqual(1);
    });
  }

  it('does not open a Service port no container declares, and says so in the new file', () => {
    const finding = auditFiles(files).find((f) => f.ruleId === 'network/no-default-deny')!;
    const [created] = finding.fix!.edits;
    expect(created!.file).toBe('k8s/networkpolicy-default-deny.yaml');
    expect(created!.text).not.toContain('port: 8000');
    expect(created!.text).toContain('# Not opened: TCP 8000, which no container of the pods it selects declares\n');
  });

  it('explains why the root user findings have no fix: no Dockerfile USER states a UID', () => {
    const findings = auditFiles(files).filter((f) => f.ruleId === 'k8s/run-as-user-root' || f.ruleId === 'k8s/run-as-non-root' || f.ruleId === 'k8s/privilege-escalation');
    expect(findings.map((f) => [f.ruleId, f.fix, f.noFix !== undefined])).toEqual(findings.map((f) => [f.ruleId, undefined, true]));
  });
});
