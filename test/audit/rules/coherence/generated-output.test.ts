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
import { PROFILES, profileFrom } from '../../../helpers/profiles.js';

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

  it('reports an app without writable paths only when the repo shows it writes temporary files', () => {
    const withoutProfile = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([path]) => path !== '.secure-container.yaml'));
    // A Go worker: nothing in the repo says it writes temporary files, with or without its profile.
    const worker = generated('go-1-25-worker-no-ci');
    expect(runRule(readOnlyWithoutTmp, worker)).toEqual([]);
    expect(runRule(readOnlyWithoutTmp, withoutProfile(worker))).toEqual([]);
    // A Python app run by gunicorn, whose worker heartbeat files go to /tmp: its profile's
    // writablePaths: [] is its authors' word; without the profile the evidence speaks.
    const api = Object.fromEntries(
      plan(profileFrom({ name: 'api', image: 'ghcr.io/acme/api', language: 'python', command: ['gunicorn', 'app:app', '--bind', '0.0.0.0:8000'], port: 8000, writablePaths: [] })).map(
        (file) => [file.path, file.content],
      ),
    );
    expect(runRule(readOnlyWithoutTmp, api)).toEqual([]);
    expect(runRule(readOnlyWithoutTmp, withoutProfile(api)).map((f) => `${f.location.file} ${f.message}`)).toEqual([
      'k8s/deployment.yaml container "api" of Deployment "api" has a read-only root filesystem and no writable volume at /tmp, where it writes: ' +
        "gunicorn (its CMD in Dockerfile) creates its worker heartbeat files in Python's temporary directory (no --worker-tmp-dir).",
    ]);
  });
});
