// A writable root filesystem lets an attacker drop tools and persist changes inside the container.
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, workloads } from './_support.js';

export const writableRootFilesystem = defineRule({
  id: 'k8s/writable-root-filesystem',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Root filesystem is writable',
  why: "With a writable root filesystem an intruder can download tools, change the app's code or configuration, and hide there until the pod is replaced.",
  detect: 'securityContext.readOnlyRootFilesystem is not true on a container or init container.',
  fix: 'Set `readOnlyRootFilesystem: true` and mount an emptyDir at each path the app writes to (/tmp, caches).',
  refs: ['trivy:KSV-0014', 'kube-linter:no-read-only-root-fs'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers') continue;
        const value = containerSecurityContext(container).readOnlyRootFilesystem;
        if (value === true) continue;
        const set = value !== undefined && value !== null;
        report({
          location: set ? container.locate(['securityContext', 'readOnlyRootFilesystem']) : containerAt(container),
          message: `${container.label} of ${workload.label} ${set ? `sets readOnlyRootFilesystem: ${String(value)}` : 'does not set readOnlyRootFilesystem: true'}.`,
        });
      }
    }
  },
});
