// PSS Baseline "Sysctls": only namespaced, pod-isolated sysctls.
import { defineRule } from '../../types.js';
import { listOf, mappingOf, podSecurityContext, stringOf, workloads } from './_support.js';

/** The safe sysctls and the Kubernetes version whose Pod Security Admission first allows each. */
export const SAFE_SYSCTLS: ReadonlyMap<string, string> = new Map([
  ['kernel.shm_rmid_forced', '1.0'],
  ['net.ipv4.ip_local_port_range', '1.0'],
  ['net.ipv4.tcp_syncookies', '1.0'],
  ['net.ipv4.ping_group_range', '1.0'],
  ['net.ipv4.ip_unprivileged_port_start', '1.0'],
  ['net.ipv4.ip_local_reserved_ports', '1.27'],
  ['net.ipv4.tcp_keepalive_time', '1.29'],
  ['net.ipv4.tcp_fin_timeout', '1.29'],
  ['net.ipv4.tcp_keepalive_intvl', '1.29'],
  ['net.ipv4.tcp_keepalive_probes', '1.29'],
  ['net.ipv4.tcp_rmem', '1.32'],
  ['net.ipv4.tcp_wmem', '1.32'],
  ['net.ipv4.tcp_slow_start_after_idle', '1.37'],
  ['net.ipv4.tcp_notsent_lowat', '1.37'],
]);

export const sysctls = defineRule({
  id: 'k8s/sysctls',
  area: 'kubernetes',
  severity: 'high',
  title: 'Unsafe sysctl',
  why: 'Sysctls outside the safe set are not isolated per pod: they change the kernel for every pod on the node or disable protections.',
  detect:
    'spec.securityContext.sysctls names a sysctl outside the safe set: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, tcp_syncookies, ' +
    'ping_group_range, ip_unprivileged_port_start; ip_local_reserved_ports (1.27+); tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, ' +
    'tcp_keepalive_probes (1.29+); tcp_rmem, tcp_wmem (1.32+); tcp_slow_start_after_idle, tcp_notsent_lowat (1.37+). The list grows with ' +
    'Kubernetes versions: this rule accepts every name allowed up to 1.37, so a name added in a later release than your cluster is still rejected by its admission.',
  fix: 'Remove the sysctl, or tune the node itself (e.g. through the node image or a node tuning operator).',
  refs: ['pss:baseline:sysctls', 'trivy:KSV-0026', 'kube-linter:unsafe-sysctls'],
  noFix: "The sysctl is set for a reason the repo does not state; removing it changes how the app's kernel behaves.",
  check({ repo, report }) {
    for (const workload of workloads(repo)) {
      listOf(podSecurityContext(workload).sysctls).forEach((raw, i) => {
        const name = stringOf(mappingOf(raw).name) ?? '';
        if (SAFE_SYSCTLS.has(name)) return;
        report({
          location: workload.locate(['securityContext', 'sysctls', i, 'name']),
          message: `${workload.label} sets sysctl ${name || '(no name)'}, which is not in the safe set.`,
        });
      });
    }
  },
});
