// PSS Baseline "HostProcess": Windows HostProcess containers run directly on the host.
import { defineRule } from '../../types.js';
import { containerSecurityContext, mappingOf, podSecurityContext, workloads } from './_support.js';

export const hostProcess = defineRule({
  id: 'k8s/host-process',
  area: 'kubernetes',
  severity: 'high',
  title: 'Windows HostProcess container',
  why: 'A HostProcess container runs as a process on the Windows node with host privileges; it is not isolated at all.',
  detect: 'securityContext.windowsOptions.hostProcess is true on the pod or on any container, init container or ephemeral container.',
  fix: 'Remove windowsOptions.hostProcess (or set it to false); node-level tooling belongs in a separately governed namespace.',
  refs: ['pss:baseline:hostProcess', 'trivy:KSV-0103'],
  noFix: 'A HostProcess container exists to act on the Windows node; it needs redesigning, not a changed field.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (mappingOf(podSecurityContext(workload).windowsOptions).hostProcess === true) {
        report({
          location: workload.locate(['securityContext', 'windowsOptions', 'hostProcess']),
          message: `${workload.label} sets windowsOptions.hostProcess: true for the whole pod.`,
        });
      }
      for (const container of workload.containers) {
        if (mappingOf(containerSecurityContext(container).windowsOptions).hostProcess === true) {
          report({
            location: container.locate(['securityContext', 'windowsOptions', 'hostProcess']),
            message: `${container.label} of ${workload.label} sets windowsOptions.hostProcess: true.`,
          });
        }
      }
    }
  },
});
