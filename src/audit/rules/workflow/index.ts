// The workflow rules, in catalogue order.
import type { Rule } from '../../types.js';

export const workflowRules: readonly Rule[] = [];
