// A rule that admits every peer on every port undoes the isolation of the pods its policy selects.
import { type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import { allowsEveryPeer, allowsEveryPort, type Direction, type NetworkPolicyView, networkPolicies, type PolicyRule } from '../../support/network-policy.js';
import { defineRule } from '../../types.js';

const PEERS: Readonly<Record<Direction, string>> = { ingress: 'from', egress: 'to' };

export const allowAll = defineRule({
  id: 'network/allow-all',
  area: 'network',
  severity: 'medium',
  title: 'NetworkPolicy rule allows all traffic',
  why: 'An allow-all rule makes the policy isolate nothing in that direction, while it reads as if the pods were protected.',
  detect:
    'An ingress or egress rule of a direction the policy isolates has no ports and either no peers (`- {}`, `from: []`, `to: []`) or an ipBlock of 0.0.0.0/0 or ::/0.',
  fix:
    'Name the peers (podSelector, namespaceSelector, a narrow ipBlock) and the ports the traffic uses. The automatic fix narrows an ingress rule without ' +
    'peers to the pods of the same namespace (`from: [{podSelector: {}}]`), with a caveat: clients from elsewhere are cut. Egress rules and ' +
    'rules open to 0.0.0.0/0 are left to a person, who knows the destinations.',
  refs: [],
  fixable: true,
  check({ repo, report }) {
    for (const policy of networkPolicies(repo)) {
      for (const direction of policy.isolates) {
        for (const rule of policy.rules[direction]) {
          if (!allowsEveryPeer(rule) || !allowsEveryPort(rule)) continue;
          const peers = rule.peers.length === 0 ? `no \`${PEERS[direction]}\`` : `\`${PEERS[direction]}\` the whole internet`;
          report(
            withFix(
              {
                location: policy.object.locate(rule.path),
                message: `${direction} rule ${rule.index + 1} of ${policy.object.label} has ${peers} and no ports: it allows all ${direction} traffic.`,
              },
              sameNamespaceOnly(policy, rule),
            ),
          );
        }
      }
    }
  },
});

function sameNamespaceOnly(policy: NetworkPolicyView, rule: PolicyRule): FixOutcome {
  if (rule.direction === 'egress') return noFix('the destinations an app needs (databases, APIs, the internet) are not in the repo; name them by hand');
  if (rule.peers.length > 0) return noFix('the rule admits the internet on purpose (an ipBlock of everything); narrow it to the clients by hand');
  const path = [...policy.object.path, ...rule.path, 'from'];
  return yamlFix(policy.object.document, {
    description: `Admit only pods of the same namespace in ingress rule ${rule.index + 1} of ${policy.object.label}`,
    caveat:
      'Clients from other namespaces (an ingress controller, monitoring) and from outside the cluster (LoadBalancer, NodePort) are cut: add a peer ' +
      'for each of them (a namespaceSelector, or an ipBlock of their addresses).',
    touches: [path],
    edit: (editor) => editor.set(path, [{ podSelector: {} }]),
  });
}
