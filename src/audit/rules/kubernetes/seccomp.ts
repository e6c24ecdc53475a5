// PSS "Seccomp": Baseline forbids Unconfined; Restricted requires RuntimeDefault or Localhost on
// the pod or on every container.
import { type FixOutcome, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule, type YamlDocument } from '../../types.js';
import { containerAt, containerSecurityContext, isWindowsPod, mappingOf, podSecurityContext, refsFor, type Workload, workloads } from './_support.js';

const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];
const BASELINE_REFS = ['trivy:KSV-0104'];
const RESTRICTED_REFS = ['trivy:KSV-0030', 'trivy:KSV-0104'];

const isSet = (profile: unknown) => profile !== undefined && profile !== null;
const isAllowed = (profile: unknown) => ALLOWED_TYPES.includes(String(mappingOf(profile).type));

export const seccomp = defineRule({
  id: 'k8s/seccomp',
  area: 'kubernetes',
  severity: 'high',
  title: 'Seccomp profile missing or unconfined',
  why: 'Seccomp filters the system calls a container may make; without it every kernel entry point is reachable, which is how many container escapes start.',
  detect:
    'A seccompProfile on the pod or a container whose type is not RuntimeDefault or Localhost (e.g. Unconfined): high, Baseline. ' +
    'Neither the pod nor a container sets one: medium, Restricted (Windows pods are exempt).',
  fix:
    'Set `spec.securityContext.seccompProfile: {type: RuntimeDefault}` on the pod; containers inherit it. The automatic fix does that where no ' +
    'profile is set, and turns an Unconfined (or unknown) type into RuntimeDefault, with a caveat since someone chose it.',
  refs: ['pss:baseline:seccomp', 'pss:restricted:seccomp', ...RESTRICTED_REFS],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const podProfile = podSecurityContext(workload).seccompProfile;
      if (isSet(podProfile) && !isAllowed(podProfile)) {
        report(
          withFix(
            {
              location: workload.locate(['securityContext', 'seccompProfile', 'type']),
              message: `${workload.label} sets the pod's seccomp profile to ${String(mappingOf(podProfile).type ?? 'no type')}.`,
              refs: refsFor('baseline', 'seccomp', BASELINE_REFS),
            },
            replaceProfile(workload.object.document, [...workload.podPath, 'securityContext', 'seccompProfile'], 'the pod'),
          ),
        );
      }
      for (const container of workload.containers) {
        const profile = containerSecurityContext(container).seccompProfile;
        if (!isSet(profile) || isAllowed(profile)) continue;
        report(
          withFix(
            {
              location: container.locate(['securityContext', 'seccompProfile', 'type']),
              message: `${container.label} of ${workload.label} sets its seccomp profile to ${String(mappingOf(profile).type ?? 'no type')}.`,
              refs: refsFor('baseline', 'seccomp', BASELINE_REFS),
            },
            replaceProfile(workload.object.document, [...container.path, 'securityContext', 'seccompProfile'], container.label),
          ),
        );
      }
      // A pod-level profile that is set covers its containers (a bad one is reported above).
      if (isSet(podProfile) || isWindowsPod(workload)) continue;
      const uncovered = workload.containers.filter((c) => !isSet(containerSecurityContext(c).seccompProfile));
      if (uncovered.length === 0) continue;
      const fix = podRuntimeDefault(workload);
      if (uncovered.length === workload.containers.length) {
        report(
          withFix(
            {
              location: workload.at,
              severity: 'medium',
              message: `${workload.label} sets no seccomp profile on the pod or its containers.`,
              refs: refsFor('restricted', 'seccomp', RESTRICTED_REFS),
            },
            fix,
          ),
        );
        continue;
      }
      for (const container of uncovered) {
        report(
          withFix(
            {
              location: containerAt(container),
              severity: 'medium',
              message: `${container.label} of ${workload.label} has no seccomp profile and the pod sets none to inherit.`,
              refs: refsFor('restricted', 'seccomp', RESTRICTED_REFS),
            },
            fix,
          ),
        );
      }
    }
  },
});

/** RuntimeDefault on the pod: every container without a profile of its own inherits it. */
function podRuntimeDefault(workload: Workload): FixOutcome {
  return yamlFix(workload.object.document, {
    description: 'Set seccompProfile: {type: RuntimeDefault} on the pod (containers without their own profile inherit it)',
    touches: [[...workload.podPath, 'securityContext', 'seccompProfile']],
    edit: (editor) => editor.set([...workload.podPath, 'securityContext', 'seccompProfile'], { type: 'RuntimeDefault' }),
  });
}

/** An Unconfined (or unknown) profile replaced by RuntimeDefault; localhostProfile only belongs to Localhost. */
function replaceProfile(document: YamlDocument, path: readonly (string | number)[], where: string): FixOutcome {
  return yamlFix(document, {
    description: `Set the seccomp profile of ${where} to RuntimeDefault`,
    caveat: 'Someone chose this profile: the process may use a system call RuntimeDefault blocks (watch for "operation not permitted" errors).',
    touches: [[...path, 'type'], [...path, 'localhostProfile']],
    edit: (editor) => {
      editor.delete([...path, 'localhostProfile']);
      editor.set([...path, 'type'], 'RuntimeDefault');
    },
  });
}
