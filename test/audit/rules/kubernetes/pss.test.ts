// Every Pod Security Standards control at both levels, through all kubernetes rules at once: each
// case changes one thing in a pod that meets Restricted and names the pss: refs the findings must
// carry, no more and no fewer. Covers init and ephemeral containers, pod-level inheritance, the
// Windows and hostUsers: false exemptions and the version-dependent sysctls.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubernetesRules } from '../../../../src/audit/rules/kubernetes/index.js';
import type { Finding } from '../../../../src/audit/types.js';
import { runRule } from '../../../helpers/audit.js';

type Spec = Record<string, unknown>;
type Container = Record<string, unknown>;

const RESTRICTED_CONTAINER: Container = {
  name: 'app',
  image: 'ghcr.io/acme/app:1.0.0',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

function restrictedPod(): Spec {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [structuredClone(RESTRICTED_CONTAINER)],
  };
}

/** A restricted pod with one container's securityContext merged with `context`. */
function withContainer(context: Record<string, unknown>, extra: Container = {}, list = 'containers'): Spec {
  const pod = restrictedPod();
  const container: Container = { ...structuredClone(RESTRICTED_CONTAINER), name: list === 'containers' ? 'app' : 'extra', ...extra };
  container.securityContext = { ...(container.securityContext as object), ...context };
  if (list === 'containers') pod.containers = [container];
  else pod[list] = [container];
  return pod;
}

function withPod(change: (spec: Spec) => void): Spec {
  const pod = restrictedPod();
  change(pod);
  return pod;
}

function pssRefs(findings: readonly Finding[]): string[] {
  return [...new Set(findings.flatMap((f) => f.refs.filter((ref) => ref.startsWith('pss:'))))].sort();
}

function audit(spec: Spec, annotations?: Record<string, string>): Finding[] {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps', ...(annotations ? { annotations } : {}) }, spec };
  const files = { 'pod.yaml': stringify(pod) };
  return kubernetesRules.flatMap((rule) => runRule(rule, files));
}

interface Case {
  readonly name: string;
  readonly spec: Spec;
  readonly annotations?: Record<string, string>;
  readonly expected: readonly string[];
}

const B = (control: string) => `pss:baseline:${control}`;
const R = (control: string) => `pss:restricted:${control}`;

const CASES: readonly Case[] = [
  { name: 'a pod that meets Restricted', spec: restrictedPod(), expected: [] },

  // Baseline: HostProcess
  { name: 'pod-level hostProcess', spec: withPod((s) => Object.assign(s.securityContext as object, { windowsOptions: { hostProcess: true } })), expected: [B('hostProcess')] },
  { name: 'ephemeral container hostProcess', spec: withContainer({ windowsOptions: { hostProcess: true } }, {}, 'ephemeralContainers'), expected: [B('hostProcess')] },
  { name: 'hostProcess false', spec: withContainer({ windowsOptions: { hostProcess: false } }), expected: [] },
  // Baseline: host namespaces
  { name: 'hostNetwork', spec: withPod((s) => (s.hostNetwork = true)), expected: [B('hostNamespaces')] },
  { name: 'hostPID', spec: withPod((s) => (s.hostPID = true)), expected: [B('hostNamespaces')] },
  { name: 'hostIPC', spec: withPod((s) => (s.hostIPC = true)), expected: [B('hostNamespaces')] },
  { name: 'hostNetwork false', spec: withPod((s) => (s.hostNetwork = false)), expected: [] },
  // Baseline: privileged
  { name: 'privileged init container', spec: withContainer({ privileged: true }, {}, 'initContainers'), expected: [B('privileged')] },
  { name: 'privileged false', spec: withContainer({ privileged: false }), expected: [] },
  // Capabilities at both levels
  { name: 'adds SYS_ADMIN', spec: withContainer({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }), expected: [B('capabilities')] },
  { name: 'adds CHOWN (baseline set, not restricted)', spec: withContainer({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }), expected: [R('capabilities')] },
  { name: 'adds NET_BIND_SERVICE', spec: withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }), expected: [] },
  { name: 'drops nothing', spec: withContainer({ capabilities: undefined }), expected: [R('capabilities')] },
  { name: 'drops NET_RAW only', spec: withContainer({ capabilities: { drop: ['NET_RAW'] } }), expected: [R('capabilities')] },
  { name: 'ephemeral container keeps capabilities', spec: withContainer({ capabilities: undefined }, {}, 'ephemeralContainers'), expected: [R('capabilities')] },
  // Baseline: hostPath volumes (also outside the Restricted volume types, reported once at Baseline)
  { name: 'hostPath volume', spec: withPod((s) => (s.volumes = [{ name: 'h', hostPath: { path: '/data' } }])), expected: [B('hostPathVolumes')] },
  // Restricted: volume types
  { name: 'nfs volume', spec: withPod((s) => (s.volumes = [{ name: 'n', nfs: { server: 'nas', path: '/x' } }])), expected: [R('volumeTypes')] },
  { name: 'gitRepo volume', spec: withPod((s) => (s.volumes = [{ name: 'g', gitRepo: { repository: 'https://x' } }])), expected: [R('volumeTypes')] },
  {
    name: 'allowed volume types',
    spec: withPod(
      (s) =>
        (s.volumes = [
          { name: 'a', emptyDir: {} },
          { name: 'b', configMap: { name: 'c' } },
          { name: 'c', secret: { secretName: 's' } },
          { name: 'd', projected: { sources: [] } },
          { name: 'e', downwardAPI: { items: [] } },
          { name: 'f', persistentVolumeClaim: { claimName: 'p' } },
          { name: 'g', csi: { driver: 'x' } },
          { name: 'h', ephemeral: { volumeClaimTemplate: {} } },
          { name: 'i', image: { reference: 'ghcr.io/acme/data:1' } },
        ]),
    ),
    expected: [],
  },
  // Baseline: host ports
  { name: 'hostPort', spec: withContainer({}, { ports: [{ containerPort: 8080, hostPort: 8080 }] }), expected: [B('hostPorts')] },
  { name: 'hostPort 0', spec: withContainer({}, { ports: [{ containerPort: 8080, hostPort: 0 }] }), expected: [] },
  // Baseline: probe and lifecycle host
  { name: 'probe host', spec: withContainer({}, { livenessProbe: { httpGet: { port: 80, host: '10.0.0.1' } } }), expected: [B('probeHost')] },
  { name: 'init container lifecycle host', spec: withContainer({}, { lifecycle: { preStop: { tcpSocket: { port: 80, host: 'x' } } } }, 'initContainers'), expected: [B('probeHost')] },
  { name: 'probe without host', spec: withContainer({}, { readinessProbe: { tcpSocket: { port: 80, host: '' } } }), expected: [] },
  // Baseline: AppArmor
  { name: 'pod AppArmor Unconfined', spec: withPod((s) => Object.assign(s.securityContext as object, { appArmorProfile: { type: 'Unconfined' } })), expected: [B('appArmor')] },
  { name: 'container AppArmor Localhost', spec: withContainer({ appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } }), expected: [] },
  { name: 'AppArmor annotation unconfined', spec: restrictedPod(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }, expected: [B('appArmor')] },
  { name: 'AppArmor annotation localhost', spec: restrictedPod(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/profile' }, expected: [] },
  // Baseline: SELinux
  { name: 'SELinux type spc_t', spec: withContainer({ seLinuxOptions: { type: 'spc_t' } }), expected: [B('seLinux')] },
  { name: 'pod SELinux user', spec: withPod((s) => Object.assign(s.securityContext as object, { seLinuxOptions: { user: 'system_u' } })), expected: [B('seLinux')] },
  { name: 'SELinux container_engine_t and a level', spec: withContainer({ seLinuxOptions: { type: 'container_engine_t', level: 's0:c1,c2' } }), expected: [] },
  // /proc mount at both levels
  { name: 'procMount Unmasked', spec: withContainer({ procMount: 'Unmasked' }), expected: [B('procMount')] },
  { name: 'procMount Unmasked with hostUsers: false', spec: { ...withContainer({ procMount: 'Unmasked' }), hostUsers: false }, expected: [R('procMount')] },
  { name: 'procMount Default', spec: withContainer({ procMount: 'Default' }), expected: [] },
  // Seccomp at both levels, with inheritance
  { name: 'container seccomp Unconfined', spec: withContainer({ seccompProfile: { type: 'Unconfined' } }), expected: [B('seccomp')] },
  { name: 'no seccomp anywhere', spec: withPod((s) => delete (s.securityContext as Record<string, unknown>).seccompProfile), expected: [R('seccomp')] },
  {
    name: 'no pod seccomp, every container sets one',
    spec: withPod((s) => {
      delete (s.securityContext as Record<string, unknown>).seccompProfile;
      s.containers = [{ ...structuredClone(RESTRICTED_CONTAINER), securityContext: { ...(RESTRICTED_CONTAINER.securityContext as object), seccompProfile: { type: 'Localhost', localhostProfile: 'x.json' } } }];
    }),
    expected: [],
  },
  {
    name: 'no pod seccomp, the init container sets none',
    spec: withPod((s) => {
      delete (s.securityContext as Record<string, unknown>).seccompProfile;
      s.containers = [{ ...structuredClone(RESTRICTED_CONTAINER), securityContext: { ...(RESTRICTED_CONTAINER.securityContext as object), seccompProfile: { type: 'RuntimeDefault' } } }];
      s.initContainers = [{ ...structuredClone(RESTRICTED_CONTAINER), name: 'init' }];
    }),
    expected: [R('seccomp')],
  },
  // Baseline: sysctls, version-dependent safe list
  { name: 'unsafe sysctl', spec: withPod((s) => Object.assign(s.securityContext as object, { sysctls: [{ name: 'kernel.msgmax', value: '1' }] })), expected: [B('sysctls')] },
  {
    name: 'safe sysctls of every version up to 1.37',
    spec: withPod((s) =>
      Object.assign(s.securityContext as object, {
        sysctls: ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_notsent_lowat'].map((name) => ({ name, value: '1' })),
      }),
    ),
    expected: [],
  },
  // Restricted: privilege escalation
  { name: 'allowPrivilegeEscalation unset on an init container', spec: withContainer({ allowPrivilegeEscalation: undefined }, {}, 'initContainers'), expected: [R('privilegeEscalation')] },
  { name: 'allowPrivilegeEscalation true', spec: withContainer({ allowPrivilegeEscalation: true }), expected: [R('privilegeEscalation')] },
  // Restricted: runAsNonRoot, with inheritance and the user-namespace exemption
  {
    name: 'runAsNonRoot only on the container',
    spec: { ...withContainer({ runAsNonRoot: true }), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
    expected: [],
  },
  { name: 'pod runAsNonRoot false', spec: withPod((s) => Object.assign(s.securityContext as object, { runAsNonRoot: false })), expected: [R('runAsNonRoot')] },
  { name: 'container overrides runAsNonRoot with false', spec: withContainer({ runAsNonRoot: false }), expected: [R('runAsNonRoot')] },
  { name: 'runAsNonRoot missing with hostUsers: false', spec: withPod((s) => { delete (s.securityContext as Record<string, unknown>).runAsNonRoot; s.hostUsers = false; }), expected: [] },
  // Restricted: runAsUser
  { name: 'pod runAsUser 0', spec: withPod((s) => Object.assign(s.securityContext as object, { runAsUser: 0 })), expected: [R('runAsUser')] },
  { name: 'ephemeral container runAsUser 0', spec: withContainer({ runAsUser: 0 }, {}, 'ephemeralContainers'), expected: [R('runAsUser')] },
  { name: 'runAsUser 0 with hostUsers: false', spec: withPod((s) => { Object.assign(s.securityContext as object, { runAsUser: 0 }); s.hostUsers = false; }), expected: [] },
  // Windows pods skip Restricted privilege escalation, seccomp and capabilities, nothing else
  {
    name: 'Windows pod without escalation, seccomp or capability settings',
    spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'mcr.microsoft.com/app:1', securityContext: { capabilities: { add: ['CHOWN'] } } }] },
    expected: [],
  },
  {
    name: 'Windows pod still bound by Baseline and runAsNonRoot',
    spec: { os: { name: 'windows' }, containers: [{ name: 'app', image: 'mcr.microsoft.com/app:1', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] },
    expected: [B('capabilities'), R('runAsNonRoot')],
  },
];

describe('Pod Security Standards controls', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      expect(pssRefs(audit(testCase.spec, testCase.annotations))).toEqual([...testCase.expected].sort());
    });
  }

  it('gives each finding at most one pss: ref, for the level it violates', () => {
    const findings = CASES.flatMap((c) => audit(c.spec, c.annotations));
    for (const finding of findings) expect(finding.refs.filter((r) => r.startsWith('pss:')).length).toBeLessThanOrEqual(1);
  });

  it('covers every control of both levels', () => {
    const covered = new Set(CASES.flatMap((c) => c.expected));
    const baseline = ['hostProcess', 'hostNamespaces', 'privileged', 'capabilities', 'hostPathVolumes', 'hostPorts', 'probeHost', 'appArmor', 'seLinux', 'procMount', 'seccomp', 'sysctls'];
    const restricted = ['volumeTypes', 'privilegeEscalation', 'runAsNonRoot', 'runAsUser', 'seccomp', 'capabilities', 'procMount'];
    expect([...covered].sort()).toEqual([...baseline.map(B), ...restricted.map(R)].sort());
  });

  it('lets every kubernetes rule declare the pss: refs its findings use', () => {
    const findings = CASES.flatMap((c) => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: c.annotations ?? {} }, spec: c.spec };
      const files = { 'pod.yaml': stringify(pod) };
      return kubernetesRules.flatMap((rule) => runRule(rule, files).map((f) => ({ rule, f })));
    });
    for (const { rule, f } of findings) {
      for (const ref of f.refs) expect(rule.refs).toContain(ref);
    }
  });
});
