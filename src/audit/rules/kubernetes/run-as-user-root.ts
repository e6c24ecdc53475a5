// PSS Restricted "Running as Non-root user": runAsUser must not be 0.
import { defineRule } from '../../types.js';
import { containerSecurityContext, podSecurityContext, usesUserNamespace, workloads } from './_support.js';

export const runAsUserRoot = defineRule({
  id: 'k8s/run-as-user-root',
  area: 'kubernetes',
  severity: 'high',
  title: 'Container runs as UID 0',
  why: 'UID 0 in the container is root on the node if the process escapes (without user namespaces), and it can write anything the image left root-owned.',
  detect: 'runAsUser is 0 on the pod or on a container, init container or ephemeral container. Pods with hostUsers: false are exempt.',
  fix: 'Set runAsUser to a non-zero UID the image owns its files with (65532 for distroless :nonroot).',
  refs: ['pss:restricted:runAsUser', 'trivy:KSV-0105', 'kube-linter:run-as-non-root'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (usesUserNamespace(workload)) continue;
      if (podSecurityContext(workload).runAsUser === 0) {
        report({ location: workload.locate(['securityContext', 'runAsUser']), message: `${workload.label} sets runAsUser: 0 for the pod.` });
      }
      for (const container of workload.containers) {
        if (containerSecurityContext(container).runAsUser !== 0) continue;
        report({ location: container.locate(['securityContext', 'runAsUser']), message: `${container.label} of ${workload.label} sets runAsUser: 0.` });
      }
    }
  },
});
