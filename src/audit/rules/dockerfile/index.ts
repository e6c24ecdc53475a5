// The dockerfile rules, in catalogue order.
import type { Rule } from '../../types.js';

export const dockerfileRules: readonly Rule[] = [];
