// The falco rules, in catalogue order.
import type { Rule } from '../../types.js';

export const falcoRules: readonly Rule[] = [];
