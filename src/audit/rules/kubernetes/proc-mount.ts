// PSS "/proc Mount Type": Baseline allows an unmasked /proc only in a user namespace (1.35+),
// Restricted never.
import { defineRule } from '../../types.js';
import { containerSecurityContext, refsFor, usesUserNamespace, workloads } from './_support.js';

const TOOL_REFS = ['trivy:KSV-0027', 'kube-linter:unsafe-proc-mount'];

export const procMount = defineRule({
  id: 'k8s/proc-mount',
  area: 'kubernetes',
  severity: 'high',
  title: 'Unmasked /proc mount',
  why: "The default /proc mount masks kernel interfaces a container must not reach; procMount: Unmasked exposes them.",
  detect:
    'securityContext.procMount on any container is set and not Default. High (Baseline) unless the pod sets hostUsers: false; ' +
    'with hostUsers: false it is still a Restricted violation (medium).',
  fix: 'Remove procMount (or set it to Default).',
  refs: ['pss:baseline:procMount', 'pss:restricted:procMount', ...TOOL_REFS],
  noFix: 'An unmasked /proc is asked for by a specific tool (nested containers, some debuggers); only a person can say whether it still needs it.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const userNamespace = usesUserNamespace(workload);
      for (const container of workload.containers) {
        const value = containerSecurityContext(container).procMount;
        if (value === undefined || value === null || value === 'Default') continue;
        report({
          location: container.locate(['securityContext', 'procMount']),
          ...(userNamespace ? { severity: 'medium' as const } : {}),
          message: `${container.label} of ${workload.label} sets procMount: ${String(value)}${userNamespace ? ' (allowed by Baseline in a user namespace, not by Restricted)' : ''}.`,
          refs: refsFor(userNamespace ? 'restricted' : 'baseline', 'procMount', TOOL_REFS),
        });
      }
    }
  },
});
