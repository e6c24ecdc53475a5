// PSS Baseline "Privileged Containers".
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { containerSecurityContext, workloads } from './_support.js';

export const privileged = defineRule({
  id: 'k8s/privileged',
  area: 'kubernetes',
  severity: 'critical',
  title: 'Privileged container',
  why: 'A privileged container has every capability and all host devices, with no seccomp or AppArmor confinement: escaping to the node is trivial.',
  detect: 'securityContext.privileged is true on a container, init container or ephemeral container.',
  fix:
    'Remove `privileged: true`; grant the one capability the process needs instead, if any. The automatic fix sets privileged: false, with a caveat: ' +
    'what the container did with host devices or extra capabilities stops working.',
  refs: ['pss:baseline:privileged', 'trivy:KSV-0017', 'kube-linter:privileged-container'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        if (containerSecurityContext(container).privileged !== true) continue;
        const path = [...container.path, 'securityContext', 'privileged'];
        report(
          withFix(
            { location: container.locate(['securityContext', 'privileged']), message: `${container.label} of ${workload.label} runs privileged.` },
            yamlFix(workload.object.document, {
              description: `Set privileged: false on ${container.label}`,
              caveat:
                'The container loses access to the host devices and every capability outside the default set: check it does not need them ' +
                '(device plugins, network or storage agents, Docker-in-Docker do).',
              touches: [path],
              edit: (editor) => editor.set(path, false),
            }),
          ),
        );
      }
    }
  },
});
