// PSS Baseline "Probes and lifecycle hooks host" (Kubernetes 1.34+): a probe or hook with `host`
// makes the kubelet connect to an arbitrary address on the node's behalf.
import { defineRule } from '../../types.js';
import { mappingOf, stringOf, workloads } from './_support.js';

const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

export const probeHost = defineRule({
  id: 'k8s/probe-host',
  area: 'kubernetes',
  severity: 'high',
  title: 'Probe or lifecycle hook targets another host',
  why: 'The kubelet runs probes and hooks from the node; a `host` lets a pod make the node send requests anywhere, such as the cloud metadata service or node-local endpoints.',
  detect:
    'httpGet.host or tcpSocket.host is non-empty in a liveness, readiness or startup probe or a postStart/preStop hook of any container ' +
    '(enforced by Pod Security Admission from Kubernetes 1.34).',
  fix: 'Remove `host`: probes then target the pod IP. Set a Host header with httpGet.httpHeaders if the app needs one.',
  refs: ['pss:baseline:probeHost'],
  noFix: 'The host the probe or hook was meant to reach is not in the repo; without it the kubelet would check the pod itself, which may not be what was meant.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        for (const handlerPath of HANDLERS) {
          let handler = mappingOf(container.data[handlerPath[0]!]);
          if (handlerPath[1]) handler = mappingOf(handler[handlerPath[1]]);
          for (const action of ['httpGet', 'tcpSocket']) {
            const host = mappingOf(handler[action]).host;
            if (host === undefined || host === null || host === '') continue;
            report({
              location: container.locate([...handlerPath, action, 'host']),
              message: `${container.label} of ${workload.label} sends its ${handlerPath.join('.')} ${action} to host ${stringOf(host) ?? String(host)}.`,
            });
          }
        }
      }
    }
  },
});
