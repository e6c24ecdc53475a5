// A rule that admits every peer on every port undoes the isolation of the pods its policy selects.
import { allowsEveryPeer, allowsEveryPort, type Direction, networkPolicies } from '../../support/network-policy.js';
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
  fix: 'Name the peers (podSelector, namespaceSelector, a narrow ipBlock) and the ports the traffic uses.',
  refs: [],
  check({ repo, report }) {
    for (const policy of networkPolicies(repo)) {
      for (const direction of policy.isolates) {
        for (const rule of policy.rules[direction]) {
          if (!allowsEveryPeer(rule) || !allowsEveryPort(rule)) continue;
          const peers = rule.peers.length === 0 ? `no \`${PEERS[direction]}\`` : `\`${PEERS[direction]}\` the whole internet`;
          report({
            location: policy.object.locate(rule.path),
            message: `${direction} rule ${rule.index + 1} of ${policy.object.label} has ${peers} and no ports: it allows all ${direction} traffic.`,
          });
        }
      }
    }
  },
});
