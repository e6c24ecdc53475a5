// PSS Baseline "AppArmor": the profile may be the runtime default or a node-local one, never unconfined.
import { defineRule } from '../../types.js';
import { containerSecurityContext, mappingOf, podSecurityContext, stringOf, workloads } from './_support.js';

const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** The deprecated annotation allows runtime/default, localhost/<profile> or an empty value. */
function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const apparmor = defineRule({
  id: 'k8s/apparmor',
  area: 'kubernetes',
  severity: 'high',
  title: 'AppArmor confinement disabled',
  why: 'AppArmor is one of the layers that stops a compromised process from touching host files and kernel interfaces; Unconfined removes it.',
  detect:
    'securityContext.appArmorProfile.type on the pod or any container is not RuntimeDefault or Localhost, or a ' +
    '`container.apparmor.security.beta.kubernetes.io/*` pod annotation is not runtime/default, localhost/* or empty.',
  fix: 'Remove the override (the runtime default applies) or set `appArmorProfile: {type: RuntimeDefault}`.',
  refs: ['pss:baseline:appArmor', 'trivy:KSV-0002'],
  noFix: 'Which AppArmor profiles the nodes have loaded is a cluster decision the repo does not state; someone chose this one.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      const podProfile = podSecurityContext(workload).appArmorProfile;
      if (podProfile !== undefined && podProfile !== null && !ALLOWED_TYPES.includes(stringOf(mappingOf(podProfile).type) ?? '')) {
        report({
          location: workload.locate(['securityContext', 'appArmorProfile', 'type']),
          message: `${workload.label} sets the pod's AppArmor profile type to ${describe(mappingOf(podProfile).type)}.`,
        });
      }
      for (const container of workload.containers) {
        const profile = containerSecurityContext(container).appArmorProfile;
        if (profile === undefined || profile === null || ALLOWED_TYPES.includes(stringOf(mappingOf(profile).type) ?? '')) continue;
        report({
          location: container.locate(['securityContext', 'appArmorProfile', 'type']),
          message: `${container.label} of ${workload.label} sets its AppArmor profile type to ${describe(mappingOf(profile).type)}.`,
        });
      }
      for (const [key, value] of Object.entries(workload.annotations)) {
        if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotationValue(value)) continue;
        report({
          location: workload.object.locate([...workload.annotationsPath, key]),
          message: `${workload.label} annotates ${key.slice(ANNOTATION_PREFIX.length)} with AppArmor profile "${value}".`,
        });
      }
    }
  },
});

function describe(type: unknown): string {
  return type === undefined || type === null ? 'nothing (type is required)' : `"${String(type)}"`;
}
