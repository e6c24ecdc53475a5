// PSS Baseline "Host Ports".
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { listOf, mappingOf, workloads } from './_support.js';

export const hostPorts = defineRule({
  id: 'k8s/host-ports',
  area: 'kubernetes',
  severity: 'high',
  title: 'Container binds a host port',
  why: "A hostPort opens the port on the node's own address, bypassing Services and most NetworkPolicy implementations, and pins the pod to nodes where the port is free.",
  detect: 'ports[*].hostPort is set to anything but 0 on a container, init container or ephemeral container (trivy:KSV-0117 applies to ports below 1024).',
  fix:
    'Remove hostPort and expose the container through a Service (ClusterIP behind an ingress, or LoadBalancer). The automatic fix removes hostPort, ' +
    "with a caveat: clients that used the node's address must go through a Service.",
  refs: ['pss:baseline:hostPorts', 'trivy:KSV-0024', 'trivy:KSV-0117'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        listOf(container.data.ports).forEach((raw, i) => {
          const port = mappingOf(raw).hostPort;
          if (port === undefined || port === null || port === 0) return;
          const privileged = typeof port === 'number' && port < 1024;
          const path = [...container.path, 'ports', i, 'hostPort'];
          report(
            withFix(
              {
                location: container.locate(['ports', i, 'hostPort']),
                message: `${container.label} of ${workload.label} binds host port ${String(port)} on the node.`,
                refs: ['pss:baseline:hostPorts', 'trivy:KSV-0024', ...(privileged ? ['trivy:KSV-0117'] : [])],
              },
              yamlFix(workload.object.document, {
                description: `Remove hostPort ${String(port)} from ${container.label}`,
                caveat: `Clients that connected to port ${String(port)} on the node's address lose it: give them a Service (a NodePort or LoadBalancer if they are outside the cluster).`,
                touches: [path],
                edit: (editor) => editor.delete(path),
              }),
            ),
          );
        });
      }
    }
  },
});
