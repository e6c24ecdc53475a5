// The CI workflow rules, in catalogue order.
import type { Rule } from '../../types.js';
import { checkoutCredentials } from './checkout-credentials.js';
import { dangerousTrigger } from './dangerous-trigger.js';
import { noImageScan, noSarifUpload, scanCannotFail, scanIncludesUnfixed } from './image-scan.js';
import { scriptInjection } from './script-injection.js';
import { signedWithoutAdmission } from './signed-without-admission.js';
import { excessivePermissions, missingPermissions } from './token-permissions.js';
import { unpinnedAction } from './unpinned-action.js';

export const workflowRules: readonly Rule[] = [
  unpinnedAction,
  missingPermissions,
  excessivePermissions,
  dangerousTrigger,
  scriptInjection,
  checkoutCredentials,
  noImageScan,
  scanCannotFail,
  scanIncludesUnfixed,
  noSarifUpload,
  signedWithoutAdmission,
];
