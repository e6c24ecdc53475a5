// PSS Baseline "SELinux": only the container types may be chosen, and user and role never.
import { defineRule } from '../../types.js';
import type { Location } from '../../types.js';
import { containerSecurityContext, type Mapping, mappingOf, podSecurityContext, workloads } from './_support.js';

/** container_engine_t is allowed from Kubernetes 1.31. */
const ALLOWED_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

export const selinux = defineRule({
  id: 'k8s/selinux',
  area: 'kubernetes',
  severity: 'high',
  title: 'Custom SELinux options',
  why: 'SELinux confines containers to the container_t domain; another type, or a custom user or role, can lift that confinement.',
  detect:
    'seLinuxOptions on the pod or any container sets a type other than container_t, container_init_t, container_kvm_t or container_engine_t (1.31+), or sets user or role.',
  fix: 'Remove seLinuxOptions, or keep only `level` (MCS labels) and an allowed type.',
  refs: ['pss:baseline:seLinux', 'trivy:KSV-0025'],
  noFix: "The SELinux type, user or role depends on the nodes' policy, which the repo does not state; someone chose these.",
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const inspect = (options: Mapping, locate: (field: string) => Location, who: string) => {
        const type = options.type;
        if (type !== undefined && type !== null && !ALLOWED_TYPES.includes(String(type))) {
          report({ location: locate('type'), message: `${who} sets SELinux type "${String(type)}".` });
        }
        for (const field of ['user', 'role']) {
          const value = options[field];
          if (value === undefined || value === null || value === '') continue;
          report({ location: locate(field), message: `${who} sets SELinux ${field} "${String(value)}", which must stay unset.` });
        }
      };
      inspect(mappingOf(podSecurityContext(workload).seLinuxOptions), (field) => workload.locate(['securityContext', 'seLinuxOptions', field]), `${workload.label} (pod level)`);
      for (const container of workload.containers) {
        inspect(
          mappingOf(containerSecurityContext(container).seLinuxOptions),
          (field) => container.locate(['securityContext', 'seLinuxOptions', field]),
          `${container.label} of ${workload.label}`,
        );
      }
    }
  },
});
