// PSS Restricted "Privilege Escalation": allowPrivilegeEscalation must be false, explicitly.
import { type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, isWindowsPod, listOf, mappingOf, type PodContainer, type Workload, workloads } from './_support.js';

export const privilegeEscalation = defineRule({
  id: 'k8s/privilege-escalation',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Privilege escalation not disabled',
  why: 'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise a process above the privileges the container started with (no_new_privs is off).',
  detect: 'securityContext.allowPrivilegeEscalation is not false (unset counts) on a container, init container or ephemeral container. Windows pods are exempt.',
  fix:
    'Set `securityContext.allowPrivilegeEscalation: false` on every container. The automatic fix does so (with a caveat where it was true); ' +
    'not on a privileged container or one that adds SYS_ADMIN, which the API server would then reject.',
  refs: ['pss:restricted:privilegeEscalation', 'trivy:KSV-0001', 'kube-linter:privilege-escalation-container'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (isWindowsPod(workload)) continue;
      for (const container of workload.containers) {
        const value = containerSecurityContext(container).allowPrivilegeEscalation;
        if (value === false) continue;
        const set = value !== undefined && value !== null;
        report(
          withFix(
            {
              location: set ? container.locate(['securityContext', 'allowPrivilegeEscalation']) : containerAt(container),
              ...(value === true ? { severity: 'high' as const } : {}),
              message: set
                ? `${container.label} of ${workload.label} sets allowPrivilegeEscalation: ${String(value)}.`
                : `${container.label} of ${workload.label} does not set allowPrivilegeEscalation: false.`,
            },
            disallowEscalation(workload, container, value === true),
          ),
        );
      }
    }
  },
});

function disallowEscalation(workload: Workload, container: PodContainer, wasTrue: boolean): FixOutcome {
  const context = containerSecurityContext(container);
  // The API server rejects allowPrivilegeEscalation: false together with privileged or CAP_SYS_ADMIN.
  if (context.privileged === true) return noFix('the container runs privileged, and the API server rejects allowPrivilegeEscalation: false on it; fix k8s/privileged first');
  if (listOf(mappingOf(context.capabilities).add).includes('SYS_ADMIN')) {
    return noFix('the container adds SYS_ADMIN, and the API server rejects allowPrivilegeEscalation: false with it; remove the capability first');
  }
  const path = [...container.path, 'securityContext', 'allowPrivilegeEscalation'];
  return yamlFix(workload.object.document, {
    description: `Set allowPrivilegeEscalation: false on ${container.label}`,
    caveat: wasTrue ? 'It was set to true on purpose: setuid programs (sudo, su) in the container stop gaining privileges.' : undefined,
    touches: [path],
    edit: (editor) => editor.set(path, false),
  });
}
