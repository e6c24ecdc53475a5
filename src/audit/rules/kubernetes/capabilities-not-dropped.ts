// PSS Restricted capabilities, the `drop` half: every container must drop ALL.
import { type FixOutcome, runsAsNonRoot, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule, type Repo } from '../../types.js';
import { containerAt, containerSecurityContext, isWindowsPod, listOf, mappingOf, type PodContainer, type Workload, workloads } from './_support.js';

export const capabilitiesNotDropped = defineRule({
  id: 'k8s/capabilities-not-dropped',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Container keeps the default capabilities',
  why: "The runtime's default capability set (NET_RAW, CHOWN, SETUID, …) is more than most processes need; NET_RAW alone allows packet spoofing on the pod network.",
  detect: 'securityContext.capabilities.drop does not include "ALL" (exactly, as Kubernetes compares it) on a container, init container or ephemeral container. Windows pods are exempt.',
  fix:
    'Set `securityContext.capabilities.drop: ["ALL"]` and add back only NET_BIND_SERVICE if needed. The automatic fix adds "ALL" to the list (or ' +
    'corrects a lowercase "all"); it carries a caveat unless the container is known to run as a non-root user, for whom the default set is not effective anyway.',
  refs: ['pss:restricted:capabilities', 'trivy:KSV-0003', 'trivy:KSV-0004', 'kube-linter:drop-net-raw-capability'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (isWindowsPod(workload)) continue;
      for (const container of workload.containers) {
        const capabilities = mappingOf(containerSecurityContext(container).capabilities);
        if (listOf(capabilities.drop).includes('ALL')) continue;
        const lowercase = listOf(capabilities.drop).some((c) => typeof c === 'string' && c.toUpperCase() === 'ALL');
        report(
          withFix(
            {
              location: 'drop' in capabilities ? container.locate(['securityContext', 'capabilities', 'drop']) : containerAt(container),
              message: lowercase
                ? `${container.label} of ${workload.label} drops "${listOf(capabilities.drop).find((c) => String(c).toUpperCase() === 'ALL')}", which Kubernetes does not read as ALL; write "ALL".`
                : `${container.label} of ${workload.label} does not drop ALL capabilities.`,
            },
            dropAll(repo, workload, container),
          ),
        );
      }
    }
  },
});

function dropAll(repo: Repo, workload: Workload, container: PodContainer): FixOutcome {
  const path = [...container.path, 'securityContext', 'capabilities', 'drop'];
  const drop = listOf(mappingOf(containerSecurityContext(container).capabilities).drop);
  const misspelt = drop.findIndex((c) => typeof c === 'string' && c.toUpperCase() === 'ALL');
  return yamlFix(workload.object.document, {
    description: `Drop ALL capabilities in ${container.label}`,
    caveat: runsAsNonRoot(repo, workload, container)
      ? undefined
      : 'The container may run as root, and root processes often rely on default capabilities (CHOWN, SETUID, NET_BIND_SERVICE for ports below 1024): add back only what it needs.',
    touches: [misspelt >= 0 ? [...path, misspelt] : path],
    edit: (editor) => (misspelt >= 0 ? editor.replaceScalarSource([...path, misspelt], 'ALL') : editor.appendUnique(path, 'ALL')),
  });
}
