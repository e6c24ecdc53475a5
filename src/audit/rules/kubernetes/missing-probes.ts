// Readiness and liveness probes: without them a broken replica keeps receiving traffic and is never restarted.
import { type FixOutcome, noFix, withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { containerAt, listOf, mappingOf, type PodContainer, stringOf, type Workload, workloads } from './_support.js';

/** Run-to-completion workloads need no probes. */
const BATCH_KINDS = new Set(['Job', 'CronJob']);

export const missingProbes = defineRule({
  id: 'k8s/missing-probes',
  area: 'kubernetes',
  severity: 'low',
  title: 'Container without readiness or liveness probe',
  why: 'Without a readiness probe a replica that is starting or broken receives traffic; without a liveness probe a hung process is never restarted.',
  detect: 'A container (not init or ephemeral) of a long-running workload (not Job or CronJob) has no readinessProbe or no livenessProbe.',
  fix:
    'Add both, e.g. `tcpSocket: {port: http}` or an httpGet on a health endpoint; a distroless image needs no shell for either. The automatic fix adds ' +
    'the missing ones as TCP probes on the port the container declares (the one named http when it declares several), with a startup probe that gives ' +
    'a slow start a minute, as the generator writes them; it carries a caveat, since the app must really listen there.',
  refs: ['kube-linter:no-readiness-probe', 'kube-linter:no-liveness-probe'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      if (BATCH_KINDS.has(workload.object.kind)) continue;
      for (const container of workload.containers) {
        if (container.list !== 'containers') continue;
        const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => !container.data[probe]);
        if (missing.length === 0) continue;
        report(
          withFix(
            {
              location: containerAt(container),
              message: `${container.label} of ${workload.label} has no ${missing.join(' and no ')}.`,
              refs: missing.map((probe) => (probe === 'readinessProbe' ? 'kube-linter:no-readiness-probe' : 'kube-linter:no-liveness-probe')),
            },
            tcpProbes(workload, container, missing),
          ),
        );
      }
    }
  },
});

/** The port to probe: the only TCP port the container declares, or the one named http. */
function probePort(container: PodContainer): number | string | undefined {
  const ports = listOf(container.data.ports)
    .map(mappingOf)
    .filter((port) => typeof port.containerPort === 'number' && (stringOf(port.protocol) ?? 'TCP') === 'TCP');
  const chosen = ports.length === 1 ? ports[0] : ports.find((port) => port.name === 'http');
  if (!chosen) return undefined;
  return stringOf(chosen.name) ?? (chosen.containerPort as number);
}

function tcpProbes(workload: Workload, container: PodContainer, missing: readonly string[]): FixOutcome {
  const port = probePort(container);
  if (port === undefined) return noFix(`${container.label} declares ${listOf(container.data.ports).length === 0 ? 'no TCP port' : 'several TCP ports and none named http'} to probe; write the probes by hand`);
  const settings: Record<string, { periodSeconds: number; failureThreshold: number }> = {
    startupProbe: { periodSeconds: 2, failureThreshold: 30 },
    readinessProbe: { periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { periodSeconds: 20, failureThreshold: 3 },
  };
  const added = [...(container.data.startupProbe ? [] : ['startupProbe']), ...missing];
  const probes = Object.fromEntries(added.map((probe) => [probe, { tcpSocket: { port }, ...settings[probe] }]));
  return yamlFix(workload.object.document, {
    description: `Add ${added.join(', ')} on TCP port ${String(port)} to ${container.label}`,
    caveat: `The probes assume the app listens on port ${String(port)}, the one it declares: if it listens elsewhere the pod never becomes ready and is restarted. An httpGet on a health endpoint says more than a TCP check.`,
    touches: added.map((probe) => [...container.path, probe]),
    edit: (editor) => editor.set(container.path, probes),
  });
}
