// PSS Baseline "Host Ports".
import { defineRule } from '../../types.js';
import { listOf, mappingOf, workloads } from './_support.js';

export const hostPorts = defineRule({
  id: 'k8s/host-ports',
  area: 'kubernetes',
  severity: 'high',
  title: 'Container binds a host port',
  why: "A hostPort opens the port on the node's own address, bypassing Services and most NetworkPolicy implementations, and pins the pod to nodes where the port is free.",
  detect: 'ports[*].hostPort is set to anything but 0 on a container, init container or ephemeral container (trivy:KSV-0117 applies to ports below 1024).',
  fix: 'Remove hostPort and expose the container through a Service (ClusterIP behind an ingress, or LoadBalancer).',
  refs: ['pss:baseline:hostPorts', 'trivy:KSV-0024', 'trivy:KSV-0117'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        listOf(container.data.ports).forEach((raw, i) => {
          const port = mappingOf(raw).hostPort;
          if (port === undefined || port === null || port === 0) return;
          const privileged = typeof port === 'number' && port < 1024;
          report({
            location: container.locate(['ports', i, 'hostPort']),
            message: `${container.label} of ${workload.label} binds host port ${String(port)} on the node.`,
            refs: ['pss:baseline:hostPorts', 'trivy:KSV-0024', ...(privileged ? ['trivy:KSV-0117'] : [])],
          });
        });
      }
    }
  },
});
