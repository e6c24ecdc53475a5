// PSS Restricted "Running as Non-root user": runAsUser must not be 0.
import { dockerfileUid, type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule, type Repo } from '../../types.js';
import { containerSecurityContext, type PodContainer, podSecurityContext, usesUserNamespace, type Workload, workloads } from './_support.js';

export const runAsUserRoot = defineRule({
  id: 'k8s/run-as-user-root',
  area: 'kubernetes',
  severity: 'high',
  title: 'Container runs as UID 0',
  why: 'UID 0 in the container is root on the node if the process escapes (without user namespaces), and it can write anything the image left root-owned.',
  detect: 'runAsUser is 0 on the pod or on a container, init container or ephemeral container. Pods with hostUsers: false are exempt.',
  fix:
    'Set runAsUser to a non-zero UID the image owns its files with (65532 for distroless :nonroot). The automatic fix uses the numeric USER of the ' +
    'Dockerfile that builds the image (never a guessed UID), so it is offered only when the repo states one.',
  refs: ['pss:restricted:runAsUser', 'trivy:KSV-0105', 'kube-linter:run-as-non-root'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (usesUserNamespace(workload)) continue;
      if (podSecurityContext(workload).runAsUser === 0) {
        const inheriting = workload.containers.filter((c) => typeof containerSecurityContext(c).runAsUser !== 'number');
        report(
          withFix(
            { location: workload.locate(['securityContext', 'runAsUser']), message: `${workload.label} sets runAsUser: 0 for the pod.` },
            imageUid(repo, workload, inheriting, [...workload.podPath, 'securityContext', 'runAsUser'], 'the pod'),
          ),
        );
      }
      for (const container of workload.containers) {
        if (containerSecurityContext(container).runAsUser !== 0) continue;
        report(
          withFix(
            { location: container.locate(['securityContext', 'runAsUser']), message: `${container.label} of ${workload.label} sets runAsUser: 0.` },
            imageUid(repo, workload, [container], [...container.path, 'securityContext', 'runAsUser'], container.label),
          ),
        );
      }
    }
  },
});

/** runAsUser 0 replaced by the UID the images of the affected containers declare, when they all declare the same one. */
function imageUid(repo: Repo, workload: Workload, containers: readonly PodContainer[], path: readonly (string | number)[], where: string): FixOutcome {
  const uids = new Set<number | undefined>(containers.map((container) => dockerfileUid(repo, workload, container)));
  const [uid] = uids;
  if (uids.size !== 1 || uid === undefined) {
    const unknown = containers.filter((container) => dockerfileUid(repo, workload, container) === undefined).map((c) => c.label);
    return noFix(
      unknown.length > 0
        ? `the repo does not state a non-root UID for ${unknown.join(', ')} (no Dockerfile in the repo with a numeric USER builds its image)`
        : `the images of its containers declare different UIDs; set runAsUser on each container`,
    );
  }
  return yamlFix(workload.object.document, {
    description: `Set runAsUser: ${uid} on ${where} (the USER of the Dockerfile that builds its image)`,
    caveat: `The container ran as root until now: whatever it writes (volumes, paths the image left root-owned) must be writable by UID ${uid}.`,
    touches: [path],
    edit: (editor) => editor.set(path, uid),
  });
}
