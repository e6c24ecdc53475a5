// The kubernetes rules, in catalogue order.
import type { Rule } from '../../types.js';

export const kubernetesRules: readonly Rule[] = [];
