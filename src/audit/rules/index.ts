// The rule catalogue: every area's rules, in the order `rules` lists them.
import type { Rule } from '../types.js';

export const RULES: readonly Rule[] = [];
