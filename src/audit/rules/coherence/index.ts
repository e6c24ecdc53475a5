// The coherence rules, in catalogue order: checks across files that no single-file linter makes.
import type { Rule } from '../../types.js';
import { portMismatch } from './port-mismatch.js';
import { readOnlyWithoutTmp } from './read-only-without-tmp.js';
import { unbuiltImage } from './unbuilt-image.js';
import { userMismatch } from './user-mismatch.js';

export const coherenceRules: readonly Rule[] = [portMismatch, userMismatch, readOnlyWithoutTmp, unbuiltImage];
