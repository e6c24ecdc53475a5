// PSS Baseline "Privileged Containers".
import { defineRule } from '../../types.js';
import { containerSecurityContext, workloads } from './_support.js';

export const privileged = defineRule({
  id: 'k8s/privileged',
  area: 'kubernetes',
  severity: 'critical',
  title: 'Privileged container',
  why: 'A privileged container has every capability and all host devices, with no seccomp or AppArmor confinement: escaping to the node is trivial.',
  detect: 'securityContext.privileged is true on a container, init container or ephemeral container.',
  fix: 'Remove `privileged: true`; grant the one capability the process needs instead, if any.',
  refs: ['pss:baseline:privileged', 'trivy:KSV-0017', 'kube-linter:privileged-container'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (containerSecurityContext(container).privileged !== true) continue;
        report({
          location: container.locate(['securityContext', 'privileged']),
          message: `${container.label} of ${workload.label} runs privileged.`,
        });
      }
    }
  },
});
