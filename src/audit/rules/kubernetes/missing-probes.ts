// Readiness and liveness probes: without them a broken replica keeps receiving traffic and is never restarted.
import { defineRule } from '../../types.js';
import { containerAt, workloads } from './_support.js';

/** Run-to-completion workloads need no probes. */
const BATCH_KINDS = new Set(['Job', 'CronJob']);

export const missingProbes = defineRule({
  id: 'k8s/missing-probes',
  area: 'kubernetes',
  severity: 'low',
  title: 'Container without readiness or liveness probe',
  why: 'Without a readiness probe a replica that is starting or broken receives traffic; without a liveness probe a hung process is never restarted.',
  detect: 'A container (not init or ephemeral) of a long-running workload (not Job or CronJob) has no readinessProbe or no livenessProbe.',
  fix: 'Add both, e.g. `tcpSocket: {port: http}` or an httpGet on a health endpoint; a distroless image needs no shell for either.',
  refs: ['kube-linter:no-readiness-probe', 'kube-linter:no-liveness-probe'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (BATCH_KINDS.has(workload.object.kind)) continue;
      for (const container of workload.containers) {
        if (container.list !== 'containers') continue;
        const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => !container.data[probe]);
        if (missing.length === 0) continue;
        report({
          location: containerAt(container),
          message: `${container.label} of ${workload.label} has no ${missing.join(' and no ')}.`,
          refs: missing.map((probe) => (probe === 'readinessProbe' ? 'kube-linter:no-readiness-probe' : 'kube-linter:no-liveness-probe')),
        });
      }
    }
  },
});
