// The network rules, in catalogue order.
import type { Rule } from '../../types.js';

export const networkRules: readonly Rule[] = [];
