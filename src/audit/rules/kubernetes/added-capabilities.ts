// PSS capabilities, the `add` half: Baseline allows a fixed set of capabilities to be added,
// Restricted only NET_BIND_SERVICE.
import { defineRule } from '../../types.js';
import { containerSecurityContext, isWindowsPod, listOf, mappingOf, refsFor, workloads } from './_support.js';

/** Capabilities Baseline lets a container add (names as Kubernetes compares them: exact, no CAP_ prefix). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const TOOL_REFS: Readonly<Record<string, string>> = { SYS_ADMIN: 'trivy:KSV-0005', NET_RAW: 'trivy:KSV-0119', SYS_MODULE: 'trivy:KSV-0120' };

export const addedCapabilities = defineRule({
  id: 'k8s/added-capabilities',
  area: 'kubernetes',
  severity: 'high',
  title: 'Container adds Linux capabilities',
  why: 'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE hand a container root-level powers over the kernel; each one widens the path to the node.',
  detect:
    'securityContext.capabilities.add names a capability outside the Baseline set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, ' +
    'NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT): high, Baseline. A capability of that set other than NET_BIND_SERVICE: ' +
    'medium, Restricted (not checked for Windows pods). Names are compared exactly as Kubernetes does (CAP_CHOWN is not CHOWN).',
  fix: 'Remove the capability; keep `drop: ["ALL"]` and add back only NET_BIND_SERVICE if the process binds a port below 1024.',
  refs: ['pss:baseline:capabilities', 'pss:restricted:capabilities', 'trivy:KSV-0022', 'trivy:KSV-0106', 'trivy:KSV-0005', 'trivy:KSV-0119', 'trivy:KSV-0120'],
  noFix: 'Whether the process needs the capability, and which narrower one would do, is not in the repo; removing it can break the app.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const restrictedApplies = !isWindowsPod(workload);
      for (const container of workload.containers) {
        listOf(mappingOf(containerSecurityContext(container).capabilities).add).forEach((raw, i) => {
          const capability = String(raw);
          const location = container.locate(['securityContext', 'capabilities', 'add', i]);
          if (!BASELINE_CAPABILITIES.has(capability)) {
            report({
              location,
              message: `${container.label} of ${workload.label} adds capability ${capability}, which the Baseline policy forbids.`,
              refs: refsFor('baseline', 'capabilities', ['trivy:KSV-0022', ...(TOOL_REFS[capability] ? [TOOL_REFS[capability]] : [])]),
            });
          } else if (capability !== 'NET_BIND_SERVICE' && restrictedApplies) {
            report({
              location,
              severity: 'medium',
              message: `${container.label} of ${workload.label} adds capability ${capability}; the Restricted policy allows only NET_BIND_SERVICE.`,
              refs: refsFor('restricted', 'capabilities', ['trivy:KSV-0106']),
            });
          }
        });
      }
    }
  },
});
