// PSS Restricted "Privilege Escalation": allowPrivilegeEscalation must be false, explicitly.
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, isWindowsPod, workloads } from './_support.js';

export const privilegeEscalation = defineRule({
  id: 'k8s/privilege-escalation',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Privilege escalation not disabled',
  why: 'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise a process above the privileges the container started with (no_new_privs is off).',
  detect: 'securityContext.allowPrivilegeEscalation is not false (unset counts) on a container, init container or ephemeral container. Windows pods are exempt.',
  fix: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  refs: ['pss:restricted:privilegeEscalation', 'trivy:KSV-0001', 'kube-linter:privilege-escalation-container'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (isWindowsPod(workload)) continue;
      for (const container of workload.containers) {
        const value = containerSecurityContext(container).allowPrivilegeEscalation;
        if (value === false) continue;
        const set = value !== undefined && value !== null;
        report({
          location: set ? container.locate(['securityContext', 'allowPrivilegeEscalation']) : containerAt(container),
          ...(value === true ? { severity: 'high' as const } : {}),
          message: set
            ? `${container.label} of ${workload.label} sets allowPrivilegeEscalation: ${String(value)}.`
            : `${container.label} of ${workload.label} does not set allowPrivilegeEscalation: false.`,
        });
      }
    }
  },
});
