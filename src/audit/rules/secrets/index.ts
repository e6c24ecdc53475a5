// The secrets rules, in catalogue order. They share one scan (./_support.ts), so a span found by a
// more specific detector is never reported again by a more generic one.
import type { Rule } from '../../types.js';
import { cloudCredential } from './cloud-credential.js';
import { hardcodedPassword } from './hardcoded-password.js';
import { kubernetesSecret } from './kubernetes-secret.js';
import { privateKey } from './private-key.js';
import { token } from './token.js';

export const secretsRules: readonly Rule[] = [privateKey, cloudCredential, token, hardcodedPassword, kubernetesSecret];
