// The network rules, in catalogue order.
import type { Rule } from '../../types.js';
import { allowAll } from './allow-all.js';
import { metadataEgress } from './metadata-egress.js';
import { noDefaultDeny } from './no-default-deny.js';
import { unselectedWorkload } from './unselected-workload.js';

export const networkRules: readonly Rule[] = [noDefaultDeny, unselectedWorkload, allowAll, metadataEgress];
