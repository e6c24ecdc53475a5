// The audit's own findings (parse errors, rule failures, suppressions without a reason, nothing audited): the engine
// reports them, these entries give them a title and Why / Detect / Fix like any rule.
import type { Rule } from '../../types.js';
import { fileNotAudited } from './file-not-audited.js';
import { nothingAudited } from './nothing-audited.js';
import { parseError } from './parse-error.js';
import { ruleError } from './rule-error.js';
import { suppressionWithoutReason } from './suppression-without-reason.js';

export const auditRules: readonly Rule[] = [parseError, ruleError, suppressionWithoutReason, nothingAudited, fileNotAudited];
