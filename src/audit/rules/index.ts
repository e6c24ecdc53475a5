// The rule catalogue: every area's rules, in the order `rules` lists them.
import type { Rule } from '../types.js';
import { auditRules } from './audit/index.js';
import { coherenceRules } from './coherence/index.js';
import { dockerfileRules } from './dockerfile/index.js';
import { falcoRules } from './falco/index.js';
import { kubernetesRules } from './kubernetes/index.js';
import { networkRules } from './network/index.js';
import { secretsRules } from './secrets/index.js';
import { workflowRules } from './workflow/index.js';

export const RULES: readonly Rule[] = [
  ...dockerfileRules,
  ...kubernetesRules,
  ...networkRules,
  ...workflowRules,
  ...falcoRules,
  ...secretsRules,
  ...coherenceRules,
  ...auditRules,
];
