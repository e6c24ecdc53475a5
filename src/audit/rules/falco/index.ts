// The falco rules, in catalogue order.
import type { Rule } from '../../types.js';
import { invalidPriority } from './invalid-priority.js';
import { invalidStructure } from './invalid-structure.js';
import { macroCycle } from './macro-cycle.js';
import { shellRuleWithoutException } from './shell-rule-without-exception.js';
import { undefinedReference } from './undefined-reference.js';
import { commNameTooLong } from './comm-name-too-long.js';

export const falcoRules: readonly Rule[] = [invalidStructure, invalidPriority, undefinedReference, macroCycle, shellRuleWithoutException, commNameTooLong];
