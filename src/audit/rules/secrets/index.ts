// The secrets rules, in catalogue order.
import type { Rule } from '../../types.js';

export const secretsRules: readonly Rule[] = [];
