// PSS Restricted "Running as Non-root": runAsNonRoot true on the pod or on every container.
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, podSecurityContext, usesUserNamespace, workloads } from './_support.js';

export const runAsNonRoot = defineRule({
  id: 'k8s/run-as-non-root',
  area: 'kubernetes',
  severity: 'medium',
  title: 'runAsNonRoot not required',
  why: 'runAsNonRoot makes the kubelet refuse to start a container whose user is root, so an image that forgot USER cannot run as root by accident.',
  detect:
    'runAsNonRoot is false on the pod or a container, or a container (init and ephemeral included) neither sets it nor inherits true from the pod. ' +
    'Pods with hostUsers: false (user namespaces) are exempt.',
  fix: 'Set `spec.securityContext.runAsNonRoot: true` with a numeric `runAsUser` (e.g. 65532).',
  refs: ['pss:restricted:runAsNonRoot', 'trivy:KSV-0012', 'kube-linter:run-as-non-root'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (usesUserNamespace(workload)) continue;
      const podValue = podSecurityContext(workload).runAsNonRoot;
      if (podValue === false) {
        report({ location: workload.locate(['securityContext', 'runAsNonRoot']), message: `${workload.label} sets runAsNonRoot: false for the pod.` });
      }
      const implicit = [];
      for (const container of workload.containers) {
        const value = containerSecurityContext(container).runAsNonRoot;
        if (value === false) {
          report({ location: container.locate(['securityContext', 'runAsNonRoot']), message: `${container.label} of ${workload.label} sets runAsNonRoot: false.` });
        } else if (value !== true && podValue !== true) {
          implicit.push(container);
        }
      }
      if (implicit.length === 0 || podValue === false) continue; // a pod-level false is already reported for every container
      if (implicit.length === workload.containers.length) {
        report({ location: workload.at, message: `${workload.label} does not set runAsNonRoot: true on the pod or its containers.` });
        continue;
      }
      for (const container of implicit) {
        report({ location: containerAt(container), message: `${container.label} of ${workload.label} does not set runAsNonRoot: true and the pod does not either.` });
      }
    }
  },
});
