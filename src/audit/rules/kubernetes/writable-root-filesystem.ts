// A writable root filesystem lets an attacker drop tools and persist changes inside the container.
import { addTmpMount, type FixOutcome, noFix, TMP_SIZE_LIMIT, tmpPlan, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { containerAt, containerSecurityContext, type PodContainer, type Workload, workloads } from './_support.js';

export const writableRootFilesystem = defineRule({
  id: 'k8s/writable-root-filesystem',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Root filesystem is writable',
  why: "With a writable root filesystem an intruder can download tools, change the app's code or configuration, and hide there until the pod is replaced.",
  detect: 'securityContext.readOnlyRootFilesystem is not true on a container or init container.',
  fix:
    'Set `readOnlyRootFilesystem: true` and mount an emptyDir at each path the app writes to (/tmp, caches). The automatic fix does both for ' +
    `/tmp (an emptyDir volume with sizeLimit ${TMP_SIZE_LIMIT}), with a caveat: an app that writes anywhere else fails.`,
  refs: ['trivy:KSV-0014', 'kube-linter:no-read-only-root-fs'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (container.list === 'ephemeralContainers') continue;
        const value = containerSecurityContext(container).readOnlyRootFilesystem;
        if (value === true) continue;
        const set = value !== undefined && value !== null;
        report(
          withFix(
            {
              location: set ? container.locate(['securityContext', 'readOnlyRootFilesystem']) : containerAt(container),
              message: `${container.label} of ${workload.label} ${set ? `sets readOnlyRootFilesystem: ${String(value)}` : 'does not set readOnlyRootFilesystem: true'}.`,
            },
            readOnlyRoot(workload, container),
          ),
        );
      }
    }
  },
});

/** readOnlyRootFilesystem with a writable emptyDir at /tmp, so the fix does not trade one finding (and one crash) for another. */
function readOnlyRoot(workload: Workload, container: PodContainer): FixOutcome {
  const plan = tmpPlan(workload, container);
  if (plan.kind === 'blocked') return noFix(plan.reason);
  const path = [...container.path, 'securityContext', 'readOnlyRootFilesystem'];
  const tmp = plan.kind === 'add' ? ` and mount an emptyDir ("${plan.volume}") at /tmp` : '';
  return yamlFix(workload.object.document, {
    description: `Set readOnlyRootFilesystem: true on ${container.label}${tmp}`,
    caveat: 'Writes anywhere but /tmp and mounted volumes now fail: check where the app writes (caches, uploads, pid or lock files) and mount an emptyDir there too.',
    touches: [path, [...container.path, 'volumeMounts'], [...workload.podPath, 'volumes']],
    edit: (editor) => {
      editor.set(path, true);
      addTmpMount(editor, workload, container, plan);
    },
  });
}
