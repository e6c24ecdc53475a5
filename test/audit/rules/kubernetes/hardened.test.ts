// The passing side shared by the kubernetes rule tests: a hardened Deployment gives no finding.
import { describe, expect, it } from 'vitest';
import { kubernetesRules } from '../../../../src/audit/rules/kubernetes/index.js';
import { runRule } from '../../../helpers/audit.js';
import { HARDENED } from './_fixtures.js';

describe('a hardened Deployment', () => {
  for (const rule of kubernetesRules) {
    it(`passes ${rule.id}`, () => {
      expect(runRule(rule, { 'k8s/app.yaml': HARDENED })).toEqual([]);
    });
  }
});
