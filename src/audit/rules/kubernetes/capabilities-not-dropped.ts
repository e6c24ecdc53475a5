// PSS Restricted capabilities, the `drop` half: every container must drop ALL.
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, isWindowsPod, listOf, mappingOf, workloads } from './_support.js';

export const capabilitiesNotDropped = defineRule({
  id: 'k8s/capabilities-not-dropped',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Container keeps the default capabilities',
  why: "The runtime's default capability set (NET_RAW, CHOWN, SETUID, …) is more than most processes need; NET_RAW alone allows packet spoofing on the pod network.",
  detect: 'securityContext.capabilities.drop does not include "ALL" (exactly, as Kubernetes compares it) on a container, init container or ephemeral container. Windows pods are exempt.',
  fix: 'Set `securityContext.capabilities.drop: ["ALL"]` and add back only NET_BIND_SERVICE if needed.',
  refs: ['pss:restricted:capabilities', 'trivy:KSV-0003', 'trivy:KSV-0004', 'kube-linter:drop-net-raw-capability'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (isWindowsPod(workload)) continue;
      for (const container of workload.containers) {
        const capabilities = mappingOf(containerSecurityContext(container).capabilities);
        if (listOf(capabilities.drop).includes('ALL')) continue;
        const lowercase = listOf(capabilities.drop).some((c) => typeof c === 'string' && c.toUpperCase() === 'ALL');
        report({
          location: 'drop' in capabilities ? container.locate(['securityContext', 'capabilities', 'drop']) : containerAt(container),
          message: lowercase
            ? `${container.label} of ${workload.label} drops "${listOf(capabilities.drop).find((c) => String(c).toUpperCase() === 'ALL')}", which Kubernetes does not read as ALL; write "ALL".`
            : `${container.label} of ${workload.label} does not drop ALL capabilities.`,
        });
      }
    }
  },
});
