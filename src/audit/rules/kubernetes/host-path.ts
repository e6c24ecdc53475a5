// PSS Baseline "HostPath Volumes", with the node paths that hand over the node made critical.
import { defineRule } from '../../types.js';
import { listOf, mappingOf, stringOf, workloads } from './_support.js';

/** Node paths whose mount gives the node away: its root, configuration, kernel interfaces, kubelet and runtime state. */
const SENSITIVE_TREES = [
  '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/lib/modules',
  '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/crio', '/var/lib/etcd',
  '/var/run/docker.sock', '/run/docker.sock', '/var/run/containerd', '/run/containerd',
  '/var/run/crio', '/run/crio', '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock',
];
/** Paths sensitive themselves because they hold the runtime sockets, but whose other children are not all sensitive. */
const SENSITIVE_EXACT = ['/', '/var', '/var/run', '/run', '/var/lib', '/usr', '/bin', '/sbin', '/lib'];

export function normalizeHostPath(path: string): string {
  const collapsed = path.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

export function isSensitiveHostPath(path: string): boolean {
  const normalized = normalizeHostPath(path);
  return SENSITIVE_EXACT.includes(normalized) || SENSITIVE_TREES.some((tree) => normalized === tree || normalized.startsWith(`${tree}/`));
}

export const hostPath = defineRule({
  id: 'k8s/host-path',
  area: 'kubernetes',
  severity: 'high',
  title: 'hostPath volume',
  why: "A hostPath volume mounts a directory of the node into the pod: the pod can read or change the node's files, and the container runtime socket or / is a direct path to root on the node.",
  detect:
    'spec.volumes[*].hostPath is set. Critical when the path is /, a runtime socket (docker.sock, containerd, CRI-O) or under /etc, /proc, /sys, /dev, ' +
    '/boot, /root, /var/lib/kubelet or the runtime state directories.',
  fix: 'Use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume; node agents that truly need the host belong in a separately governed namespace.',
  refs: ['pss:baseline:hostPathVolumes', 'trivy:KSV-0023', 'trivy:KSV-0121', 'trivy:KSV-0006', 'kube-linter:sensitive-host-mounts', 'kube-linter:docker-sock'],
  noFix: 'The app uses the host path for a reason the repo does not state; replacing it (emptyDir, a PVC, a CSI driver) changes what it sees.',
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      listOf(workload.spec.volumes).forEach((raw, i) => {
        const volume = mappingOf(raw);
        if (!('hostPath' in volume)) return;
        const path = stringOf(mappingOf(volume.hostPath).path) ?? '';
        const name = stringOf(volume.name) ?? `#${i + 1}`;
        const sensitive = isSensitiveHostPath(path);
        const socket = /\.sock$/.test(path);
        report({
          location: workload.locate(['volumes', i, 'hostPath', 'path']),
          severity: sensitive ? 'critical' : 'high',
          message: sensitive
            ? `${workload.label} mounts the node's ${path} (volume "${name}")${socket ? ': the container runtime socket controls every container on the node' : ''}.`
            : `${workload.label} mounts the node directory ${path || '(no path)'} through hostPath volume "${name}".`,
          refs: [
            'pss:baseline:hostPathVolumes',
            'trivy:KSV-0023',
            ...(sensitive ? ['trivy:KSV-0121', 'kube-linter:sensitive-host-mounts'] : []),
            ...(/docker\.sock$/.test(path) ? ['trivy:KSV-0006', 'kube-linter:docker-sock'] : []),
          ],
        });
      });
    }
  },
});
