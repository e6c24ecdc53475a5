// PSS Restricted "Running as Non-root": runAsNonRoot true on the pod or on every container.
import { containerUser, type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule, type Repo } from '../../types.js';
import { containerAt, containerSecurityContext, type PodContainer, podSecurityContext, usesUserNamespace, type Workload, workloads } from './_support.js';

export const runAsNonRoot = defineRule({
  id: 'k8s/run-as-non-root',
  area: 'kubernetes',
  severity: 'medium',
  title: 'runAsNonRoot not required',
  why: 'runAsNonRoot makes the kubelet refuse to start a container whose user is root, so an image that forgot USER cannot run as root by accident.',
  detect:
    'runAsNonRoot is false on the pod or a container, or a container (init and ephemeral included) neither sets it nor inherits true from the pod. ' +
    'Pods with hostUsers: false (user namespaces) are exempt.',
  fix:
    'Set `spec.securityContext.runAsNonRoot: true` with a numeric `runAsUser` (e.g. 65532). The automatic fix sets runAsNonRoot: true (on the pod, or on ' +
    "the container that sets false) and a container's runAsUser only from the numeric USER of the Dockerfile that builds its image; it is offered " +
    'without a caveat only when every affected container is known to run as a non-root UID, and not at all when one runs as root or as a named user.',
  refs: ['pss:restricted:runAsNonRoot', 'trivy:KSV-0012', 'kube-linter:run-as-non-root'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (usesUserNamespace(workload)) continue;
      const podValue = podSecurityContext(workload).runAsNonRoot;
      if (podValue === false) {
        report(withFix({ location: workload.locate(['securityContext', 'runAsNonRoot']), message: `${workload.label} sets runAsNonRoot: false for the pod.` }, requireNonRoot(repo, workload)));
      }
      const implicit = [];
      for (const container of workload.containers) {
        const value = containerSecurityContext(container).runAsNonRoot;
        if (value === false) {
          report(
            withFix(
              { location: container.locate(['securityContext', 'runAsNonRoot']), message: `${container.label} of ${workload.label} sets runAsNonRoot: false.` },
              requireNonRoot(repo, workload, container),
            ),
          );
        } else if (value !== true && podValue !== true) {
          implicit.push(container);
        }
      }
      if (implicit.length === 0 || podValue === false) continue; // a pod-level false is already reported for every container
      const fix = requireNonRoot(repo, workload);
      if (implicit.length === workload.containers.length) {
        report(withFix({ location: workload.at, message: `${workload.label} does not set runAsNonRoot: true on the pod or its containers.` }, fix));
        continue;
      }
      for (const container of implicit) {
        report(withFix({ location: containerAt(container), message: `${container.label} of ${workload.label} does not set runAsNonRoot: true and the pod does not either.` }, fix));
      }
    }
  },
});

/**
 * runAsNonRoot: true on one container (`only`) or on the pod (every container that does not set
 * its own value inherits it). The kubelet then refuses a root user, so the fix is only offered when
 * no affected container is known to run as root, and carries a caveat when the user of one is unknown.
 */
function requireNonRoot(repo: Repo, workload: Workload, only?: PodContainer): FixOutcome {
  const affected = only ? [only] : workload.containers.filter((c) => typeof containerSecurityContext(c).runAsNonRoot !== 'boolean');
  const unknown: PodContainer[] = [];
  const uids: { container: PodContainer; uid: number }[] = [];
  for (const container of affected) {
    const user = containerUser(repo, workload, container);
    if (user.kind === 'root') return noFix(`${container.label} would not start, ${user.why}; give it a non-root UID first (k8s/run-as-user-root)`);
    if (user.kind === 'name') return noFix(`${container.label} would not start: ${user.why}`);
    if (user.kind === 'unknown') unknown.push(container);
    else if (user.from === 'dockerfile') uids.push({ container, uid: user.uid });
  }
  const target = only ? [...only.path, 'securityContext'] : [...workload.podPath, 'securityContext'];
  const where = only ? only.label : 'the pod';
  const users = uids.map(({ container, uid }) => `, runAsUser: ${uid} on ${container.label} (its Dockerfile's USER)`).join('');
  return yamlFix(workload.object.document, {
    description: `Set runAsNonRoot: true on ${where}${users}`,
    caveat:
      unknown.length > 0
        ? `The kubelet refuses to start a container whose image runs as root, and the repo does not say which user ${unknown.map((c) => c.label).join(', ')} runs as: check the image sets a non-root numeric USER (or add runAsUser).`
        : undefined,
    touches: [[...target, 'runAsNonRoot'], ...uids.map(({ container }) => [...container.path, 'securityContext', 'runAsUser'])],
    edit: (editor) => {
      editor.set([...target, 'runAsNonRoot'], true);
      for (const { container, uid } of uids) editor.set([...container.path, 'securityContext', 'runAsUser'], uid);
    },
  });
}
