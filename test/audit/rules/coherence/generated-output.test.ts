// The generator's hardened output for every profile of the matrix audits clean under the
// kubernetes, network and coherence rules: a correctly hardened setup gives no finding at all.
import { describe, expect, it } from 'vitest';
import { coherenceRules } from '../../../../src/audit/rules/coherence/index.js';
import { readOnlyWithoutTmp } from '../../../../src/audit/rules/coherence/read-only-without-tmp.js';
import { kubernetesRules } from '../../../../src/audit/rules/kubernetes/index.js';
import { networkRules } from '../../../../src/audit/rules/network/index.js';
import { parseRepo } from '../../../../src/audit/parse.js';
import { RULES as CATALOGUE } from '../../../../src/audit/rules/index.js';
import { applySuppressions } from '../../../../src/audit/suppress.js';
import { plan } from '../../../../src/generate/plan.js';
import { runRule } from '../../../helpers/audit.js';
import { PROFILES } from '../../../helpers/profiles.js';

const RULES = [...kubernetesRules, ...networkRules, ...coherenceRules];

function generated(name: string): Record<string, string> {
  return Object.fromEntries(plan(PROFILES[name]!).map((file) => [file.path, file.content]));
}

describe('generated output', () => {
  for (const name of Object.keys(PROFILES)) {
    it(`${name} gives no kubernetes, network or coherence finding`, () => {
      const files = generated(name);
      expect(Object.keys(files)).toContain('k8s/deployment.yaml');
      // The generator's own inline suppressions apply (--probes none writes one, with its reason).
      const { repo } = parseRepo('/virtual', Object.entries(files).map(([path, text]) => ({ path, text })));
      const raised = RULES.flatMap((rule) => runRule(rule, files));
      const { findings } = applySuppressions(raised, { repo, catalogue: CATALOGUE, today: '2026-11-22' });
      expect(findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.message}`)).toEqual([]);
    });
  }

  it('keeps a worker without writable paths clean only through the profile that declares it', () => {
    const files = generated('go-1-25-worker-no-ci');
    expect(runRule(readOnlyWithoutTmp, files)).toEqual([]);
    const withoutProfile = Object.fromEntries(Object.entries(files).filter(([path]) => path !== '.secure-container.yaml'));
    expect(runRule(readOnlyWithoutTmp, withoutProfile).map((f) => f.location.file)).toEqual(['k8s/deployment.yaml']);
  });
});
