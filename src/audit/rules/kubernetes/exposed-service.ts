// NodePort and LoadBalancer Services open the app outside the cluster network.
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, listOf, mappingOf } from './_support.js';

/** Spec fields the API accepts only on NodePort or LoadBalancer Services: a ClusterIP Service must lose them. */
const EXTERNAL_ONLY = ['externalTrafficPolicy', 'healthCheckNodePort', 'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'allocateLoadBalancerNodePorts'];

export const exposedService = defineRule({
  id: 'k8s/exposed-service',
  area: 'kubernetes',
  severity: 'info',
  title: 'Service exposed outside the cluster',
  why: 'A NodePort opens the port on every node; a LoadBalancer gives the app a public address. Both bypass the ingress controller where TLS, authentication and rate limits usually live.',
  detect: 'A Service has spec.type NodePort or LoadBalancer.',
  fix: 'Use a ClusterIP Service behind the ingress controller, unless the exposure is intended (then restrict loadBalancerSourceRanges).',
  refs: ['kube-linter:exposed-services'],
  fixable: true,
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Service', '')) continue;
      const type = mappingOf(object.data.spec).type;
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      const spec = mappingOf(object.data.spec);
      const at = (...path: (string | number)[]) => [...object.path, 'spec', ...path];
      const present = EXTERNAL_ONLY.filter((field) => field in spec);
      const nodePorts = listOf(spec.ports).flatMap((port, i) => ('nodePort' in mappingOf(port) ? [at('ports', i, 'nodePort')] : []));
      report(
        withFix(
          { location: object.locate(['spec', 'type']), message: `${object.label} is of type ${type} and reachable from outside the cluster.` },
          yamlFix(object.document, {
            description: `make ${object.label} a ClusterIP Service${present.length + nodePorts.length > 0 ? ' (without its node ports and load-balancer settings)' : ''}`,
            caveat:
              'Whether the exposure is intended is not in the repository: every client outside the cluster loses access. ' +
              'Route them through a Gateway (HTTPRoute) or an Ingress first, or keep the type and restrict loadBalancerSourceRanges.',
            touches: [at('type'), ...present.map((field) => at(field)), ...nodePorts],
            edit: (editor) => {
              editor.set(at('type'), 'ClusterIP');
              for (const field of present) editor.delete(at(field));
              for (const path of nodePorts) editor.delete(path);
            },
          }),
        ),
      );
    }
  },
});
