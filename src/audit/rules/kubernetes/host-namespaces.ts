// PSS Baseline "Host Namespaces": sharing the node's network, PID or IPC namespace.
import { defineRule } from '../../types.js';
import { workloads } from './_support.js';

const FIELDS = {
  hostNetwork: { what: 'network namespace', ref: 'trivy:KSV-0009', linter: 'kube-linter:host-network' },
  hostPID: { what: 'process (PID) namespace', ref: 'trivy:KSV-0010', linter: 'kube-linter:host-pid' },
  hostIPC: { what: 'IPC namespace', ref: 'trivy:KSV-0008', linter: 'kube-linter:host-ipc' },
} as const;

export const hostNamespaces = defineRule({
  id: 'k8s/host-namespaces',
  area: 'kubernetes',
  severity: 'high',
  title: "Pod shares the node's namespaces",
  why: "With the node's network, PID or IPC namespace a pod can sniff host traffic, reach services bound to localhost, signal or inspect every process, and read shared memory.",
  detect: 'spec.hostNetwork, spec.hostPID or spec.hostIPC is true.',
  fix: 'Remove the field (or set it to false); expose the pod through a Service instead of the host network.',
  refs: ['pss:baseline:hostNamespaces', 'trivy:KSV-0008', 'trivy:KSV-0009', 'trivy:KSV-0010', 'kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc'],
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const [field, { what, ref, linter }] of Object.entries(FIELDS)) {
        if (workload.spec[field] !== true) continue;
        report({
          location: workload.locate([field]),
          message: `${workload.label} sets ${field}: true and shares the node's ${what}.`,
          refs: ['pss:baseline:hostNamespaces', ref, linter],
        });
      }
    }
  },
});
