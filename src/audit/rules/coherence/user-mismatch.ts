// The image's USER and the pod's runAsUser/runAsNonRoot must agree, or the kubelet refuses to
// start the container (or silently runs it as a user the image did not prepare).
import { workloads } from '../../support/kubernetes.js';
import { defineRule } from '../../types.js';
import { effective } from '../kubernetes/_support.js';
import { dockerfileFacts, dockerfileFor, isNumericUser } from './_support.js';

export const userMismatch = defineRule({
  id: 'coherence/user-mismatch',
  area: 'coherence',
  severity: 'medium',
  title: "Dockerfile USER and the pod's user settings disagree",
  why: 'With runAsNonRoot and no runAsUser the kubelet checks the image user itself: it cannot verify a user name, and refuses a root user, so the pod never starts. A runAsUser different from USER runs the app as a UID the image did not give its files to.',
  detect:
    "For a container whose Dockerfile is clear (see coherence/port-mismatch): runAsNonRoot is true, runAsUser is unset, and the final stage's USER is a name " +
    '(the kubelet cannot verify it: medium) or root/0 (medium). runAsUser is set and differs from a numeric USER: info.',
  fix: 'Use a numeric USER in the Dockerfile (USER 65532:65532) and set the same runAsUser in the pod securityContext.',
  refs: [],
  noFix: 'Which UID the app\'s files belong to is decided in the image; align the pod to it (the root-user fix follows the pods\' runAsUser).',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        const dockerfile = dockerfileFor(repo, workload, container);
        const user = dockerfile && dockerfileFacts(dockerfile).user;
        if (!user) continue;
        // The file, not its line: a fix that adds a line above the USER would make the same finding look new.
        const where = user.at.file;
        const runAsUser = effective(workload, container, 'runAsUser');
        const runAsNonRoot = effective(workload, container, 'runAsNonRoot');
        if (runAsUser === undefined || typeof runAsUser.value !== 'number') {
          if (runAsNonRoot?.value !== true) continue;
          if (user.user === 'root' || user.user === '0') {
            report({
              location: runAsNonRoot.at,
              message: `${container.label} of ${workload.label} requires runAsNonRoot without a runAsUser, but its image runs as root (USER ${user.user} in ${where}): the kubelet will refuse to start it.`,
            });
          } else if (!isNumericUser(user.user)) {
            report({
              location: runAsNonRoot.at,
              message: `${container.label} of ${workload.label} requires runAsNonRoot without a runAsUser, and its image's USER ${user.user} (${where}) is a name the kubelet cannot verify: the container will not start.`,
            });
          }
          continue;
        }
        if (isNumericUser(user.user) && Number(user.user) !== runAsUser.value) {
          report({
            location: runAsUser.at,
            severity: 'info',
            message: `${container.label} of ${workload.label} runs as UID ${runAsUser.value}, but its image sets USER ${user.user} (${where}); files the image gave to ${user.user} may not be writable.`,
          });
        }
      }
    }
  },
});
