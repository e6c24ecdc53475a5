// NodePort and LoadBalancer Services open the app outside the cluster network.
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, mappingOf } from './_support.js';

export const exposedService = defineRule({
  id: 'k8s/exposed-service',
  area: 'kubernetes',
  severity: 'info',
  title: 'Service exposed outside the cluster',
  why: 'A NodePort opens the port on every node; a LoadBalancer gives the app a public address. Both bypass the ingress controller where TLS, authentication and rate limits usually live.',
  detect: 'A Service has spec.type NodePort or LoadBalancer.',
  fix: 'Use a ClusterIP Service behind the ingress controller, unless the exposure is intended (then restrict loadBalancerSourceRanges).',
  refs: ['kube-linter:exposed-services'],
  noFix: 'Whether the exposure is intended is not in the repo; a ClusterIP Service would cut every client outside the cluster.',
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Service', '')) continue;
      const type = mappingOf(object.data.spec).type;
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      report({
        location: object.locate(['spec', 'type']),
        message: `${object.label} is of type ${type} and reachable from outside the cluster.`,
      });
    }
  },
});
