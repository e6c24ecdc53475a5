// The coherence rules, in catalogue order.
import type { Rule } from '../../types.js';

export const coherenceRules: readonly Rule[] = [];
