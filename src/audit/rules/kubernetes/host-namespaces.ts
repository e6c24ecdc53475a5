// PSS Baseline "Host Namespaces": sharing the node's network, PID or IPC namespace.
import { withFix, yamlFix } from '../../fix/kubernetes.js';
import { defineRule } from '../../types.js';
import { workloads } from './_support.js';

const FIELDS = {
  hostNetwork: {
    what: 'network namespace',
    ref: 'trivy:KSV-0009',
    linter: 'kube-linter:host-network',
    caveat: "The pod gets its own network: clients that reached it on the node's address need a Service, and it can no longer reach services bound to the node's localhost.",
  },
  hostPID: {
    what: 'process (PID) namespace',
    ref: 'trivy:KSV-0010',
    linter: 'kube-linter:host-pid',
    caveat: "The pod no longer sees the node's processes: monitoring or debugging agents that inspect them stop working.",
  },
  hostIPC: {
    what: 'IPC namespace',
    ref: 'trivy:KSV-0008',
    linter: 'kube-linter:host-ipc',
    caveat: "The pod no longer shares memory with the node's processes: anything that exchanged data with them through /dev/shm or System V IPC stops working.",
  },
} as const;

export const hostNamespaces = defineRule({
  id: 'k8s/host-namespaces',
  area: 'kubernetes',
  severity: 'high',
  title: "Pod shares the node's namespaces",
  why: "With the node's network, PID or IPC namespace a pod can sniff host traffic, reach services bound to localhost, signal or inspect every process, and read shared memory.",
  detect: 'spec.hostNetwork, spec.hostPID or spec.hostIPC is true.',
  fix: 'Remove the field (or set it to false); expose the pod through a Service instead of the host network. The automatic fix removes it, with a caveat.',
  refs: ['pss:baseline:hostNamespaces', 'trivy:KSV-0008', 'trivy:KSV-0009', 'trivy:KSV-0010', 'kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc'],
  fixable: true,
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      for (const [field, { what, ref, linter, caveat }] of Object.entries(FIELDS)) {
        if (workload.spec[field] !== true) continue;
        const path = [...workload.podPath, field];
        report(
          withFix(
            {
              location: workload.locate([field]),
              message: `${workload.label} sets ${field}: true and shares the node's ${what}.`,
              refs: ['pss:baseline:hostNamespaces', ref, linter],
            },
            yamlFix(workload.object.document, { description: `Remove ${field}: true from the pod`, caveat, touches: [path], edit: (editor) => editor.delete(path) }),
          ),
        );
      }
    }
  },
});
