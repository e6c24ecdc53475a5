// The cloud metadata service hands out node credentials to anything that can reach it.
import { listOf, mappingOf, stringOf } from '../../support/kubernetes.js';
import { networkPolicies, type PolicyPort, portAllows } from '../../support/network-policy.js';
import { type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import type { KubeObject } from '../../support/kubernetes.js';
import { defineRule } from '../../types.js';
import { cidrContains } from './_support.js';

const METADATA_ADDRESS = '169.254.169.254';
/** AWS, GCP, Azure, OpenStack and others serve the metadata API over plain HTTP on port 80. */
const METADATA_PORT = 80;

function reachesMetadataPort(ports: readonly PolicyPort[]): boolean {
  // A named port never matches: egress names resolve against destination pods, and the metadata service is not one.
  return ports.length === 0 || ports.some((port) => portAllows(port, { number: METADATA_PORT, protocol: 'TCP' }));
}

export const metadataEgress = defineRule({
  id: 'network/metadata-egress',
  area: 'network',
  severity: 'high',
  title: 'Egress open to the cloud metadata service',
  why: `The metadata service at ${METADATA_ADDRESS} returns the node's cloud credentials to any pod that can reach it: a foothold in the pod becomes a foothold in the cloud account.`,
  detect:
    `An egress rule (of a policy that isolates egress) has no peers, or an ipBlock whose cidr contains ${METADATA_ADDRESS} without an except entry covering it. ` +
    'High when the rule allows TCP port 80 (no ports, 80, or a range covering it); low when it only allows other ports, which the metadata service does not serve on today.',
  fix:
    `Add \`except: ["${METADATA_ADDRESS}/32"]\` to wide ipBlocks (or narrow the cidr), and give pure-egress rules a destination. The automatic fix ` +
    'adds the except entry (with a caveat for apps that take cloud credentials from the metadata service); a rule without a destination is left to a person.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    for (const policy of networkPolicies(repo)) {
      if (!policy.isolates.has('egress')) continue;
      for (const rule of policy.rules.egress) {
        let at: readonly (string | number)[] | undefined;
        let what = '';
        let fix: FixOutcome;
        if (rule.peers.length === 0) {
          at = rule.path;
          what = 'has no destination, so it includes';
          fix = noFix('the rule names no destination; give it the ones the app needs by hand');
        } else {
          const index = rule.peers.findIndex((peer) => {
            const block = mappingOf(peer.ipBlock);
            const cidr = stringOf(block.cidr);
            return (
              cidr !== undefined &&
              cidrContains(cidr, METADATA_ADDRESS) &&
              !listOf(block.except).some((except) => typeof except === 'string' && cidrContains(except, METADATA_ADDRESS))
            );
          });
          if (index < 0) continue;
          at = [...rule.path, 'to', index, 'ipBlock', 'cidr'];
          const cidr = stringOf(mappingOf(rule.peers[index]!.ipBlock).cidr)!;
          what = `allows ${cidr}, which includes`;
          fix = exceptMetadata(policy.object, [...rule.path, 'to', index, 'ipBlock'], cidr);
        }
        const reachable = reachesMetadataPort(rule.ports);
        report(
          withFix(
            {
              location: policy.object.locate(at),
              ...(reachable ? {} : { severity: 'low' as const }),
              message: `egress rule ${rule.index + 1} of ${policy.object.label} ${what} the metadata service ${METADATA_ADDRESS}${reachable ? '' : ' (on ports it does not serve today)'}.`,
            },
            fix,
          ),
        );
      }
    }
  },
});

/** `except: [169.254.169.254/32]` on a wide ipBlock (the API server only accepts an except strictly inside the cidr). */
function exceptMetadata(policy: KubeObject, blockPath: readonly (string | number)[], cidr: string): FixOutcome {
  if (cidr.endsWith('/32') || !cidr.includes('/')) return noFix(`the block ${cidr} is the metadata address itself, allowed on purpose; remove the peer by hand if it is not needed`);
  const path = [...policy.path, ...blockPath, 'except'];
  return yamlFix(policy.document, {
    description: `Add except: ${METADATA_ADDRESS}/32 to the ${cidr} block of ${policy.label}`,
    caveat:
      'Pods that take cloud credentials or instance data from the metadata service (node IAM roles without workload identity) lose them: move them to workload identity first.',
    touches: [path],
    edit: (editor) => editor.appendUnique(path, `${METADATA_ADDRESS}/32`),
  });
}
