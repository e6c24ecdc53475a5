// The generated Kubernetes manifests, for every profile in the matrix: valid against the
// Kubernetes schema (and free of unknown fields), restricted under the Pod Security Standards,
// and coherent with the profile and with each other.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { plan } from '../../src/generate/plan.js';
import { profileFrom, PROFILES } from '../helpers/profiles.js';
import { KUSTOMIZATION, generatedManifests } from '../helpers/k8s-manifests.js';
import { type SchemaProblem, findSchemaProblems, kindOf, kustomizationSchema, validateWithModel } from '../helpers/k8s-schema.js';

type PodSpec = NonNullable<NonNullable<IDeployment['spec']>['template']['spec']>;

const CASES = Object.entries(PROFILES).map(([name, profile]) => ({ name, profile, manifests: generatedManifests(profile) }));
const APP_LABEL = 'app.kubernetes.io/name';

function podSpecOf(deployment: IDeployment): PodSpec {
  const pod = deployment.spec?.template.spec;
  if (!pod) throw new Error('the Deployment has no pod template spec');
  return pod;
}

// ---------------------------------------------------------------------------------------------
// The restricted Pod Security Standard, control by control (baseline controls included), as Pod
// Security Admission evaluates a pod spec. Each control returns what it finds wrong.

/** Init, regular and ephemeral containers: PSA checks them all. */
function allContainers(pod: PodSpec): IContainer[] {
  return [...(pod.initContainers ?? []), ...pod.containers, ...((pod.ephemeralContainers ?? []) as IContainer[])];
}

/** The pod's security context and each container's, with a name for messages. */
function securityContexts(pod: PodSpec) {
  return [
    { where: 'pod', context: pod.securityContext },
    ...allContainers(pod).map((container) => ({ where: `container ${container.name}`, context: container.securityContext })),
  ];
}

const RESTRICTED_ADDABLE_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

type Control = (pod: PodSpec, annotations: Readonly<Record<string, string>>) => string[];

const RESTRICTED_CONTROLS: Readonly<Record<string, Control>> = {
  hostProcess: (pod) =>
    securityContexts(pod)
      .filter(({ context }) => context?.windowsOptions?.hostProcess === true)
      .map(({ where }) => `${where} sets windowsOptions.hostProcess`),
  hostNamespaces: (pod) => (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => pod[field] === true).map((field) => `${field} is true`),
  privileged: (pod) =>
    allContainers(pod)
      .filter((c) => c.securityContext?.privileged === true)
      .map((c) => `container ${c.name} is privileged`),
  capabilities: (pod) =>
    allContainers(pod).flatMap((c) => {
      const capabilities = c.securityContext?.capabilities;
      const problems: string[] = [];
      if (!capabilities?.drop?.includes('ALL')) problems.push(`container ${c.name} does not drop ALL capabilities`);
      const extra = (capabilities?.add ?? []).filter((capability) => !RESTRICTED_ADDABLE_CAPABILITIES.has(capability));
      if (extra.length > 0) problems.push(`container ${c.name} adds ${extra.join(', ')}`);
      return problems;
    }),
  hostPathVolumes: (pod) => (pod.volumes ?? []).filter((volume) => volume.hostPath).map((volume) => `volume ${volume.name} is a hostPath`),
  hostPorts: (pod) =>
    allContainers(pod).flatMap((c) =>
      (c.ports ?? []).filter((port) => port.hostPort).map((port) => `container ${c.name} uses hostPort ${port.hostPort}`),
    ),
  probeHost: (pod) =>
    allContainers(pod).flatMap((c) => {
      const handlers = [
        ['livenessProbe', c.livenessProbe],
        ['readinessProbe', c.readinessProbe],
        ['startupProbe', c.startupProbe],
        ['lifecycle.postStart', c.lifecycle?.postStart],
        ['lifecycle.preStop', c.lifecycle?.preStop],
      ] as const;
      return handlers
        .filter(([, handler]) => handler?.httpGet?.host || handler?.tcpSocket?.host)
        .map(([name]) => `container ${c.name} ${name} sets a host`);
    }),
  appArmor: (pod, annotations) => [
    ...securityContexts(pod).flatMap(({ where, context }) => {
      const type = context?.appArmorProfile?.type;
      return type === undefined || APPARMOR_TYPES.has(type) ? [] : [`${where} AppArmor profile is ${type}`];
    }),
    ...Object.entries(annotations)
      .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/'))
      .map(([key, value]) => `annotation ${key} is ${value}`),
  ],
  seLinux: (pod) =>
    securityContexts(pod).flatMap(({ where, context }) => {
      const options = context?.seLinuxOptions;
      if (!options) return [];
      const problems: string[] = [];
      if (options.type !== undefined && !SELINUX_TYPES.has(options.type)) problems.push(`${where} SELinux type is ${options.type}`);
      if (options.user || options.role) problems.push(`${where} sets an SELinux user or role`);
      return problems;
    }),
  procMount: (pod) =>
    allContainers(pod)
      .filter((c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default')
      .map((c) => `container ${c.name} procMount is ${c.securityContext?.procMount}`),
  seccomp: (pod) =>
    allContainers(pod).flatMap((c) => {
      const type = c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      return type && SECCOMP_TYPES.has(type) ? [] : [`container ${c.name} seccomp profile is ${type ?? 'unset'}`];
    }),
  sysctls: (pod) =>
    (pod.securityContext?.sysctls ?? []).filter((sysctl) => !SAFE_SYSCTLS.has(sysctl.name)).map((sysctl) => `sysctl ${sysctl.name} is not safe`),
  volumeTypes: (pod) =>
    (pod.volumes ?? []).flatMap((volume) => {
      const types = Object.keys(volume).filter((key) => key !== 'name');
      return types.every((type) => RESTRICTED_VOLUME_TYPES.has(type)) ? [] : [`volume ${volume.name} is ${types.join(', ')}`];
    }),
  privilegeEscalation: (pod) =>
    allContainers(pod)
      .filter((c) => c.securityContext?.allowPrivilegeEscalation !== false)
      .map((c) => `container ${c.name} does not set allowPrivilegeEscalation: false`),
  runAsNonRoot: (pod) => [
    ...(pod.securityContext?.runAsNonRoot === false ? ['pod sets runAsNonRoot: false'] : []),
    ...allContainers(pod)
      .filter((c) => (c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true)
      .map((c) => `container ${c.name} may run as root`),
  ],
  runAsUser: (pod) =>
    securityContexts(pod)
      .filter(({ context }) => context?.runAsUser === 0)
      .map(({ where }) => `${where} runs as UID 0`),
};

function restrictedViolations(deployment: IDeployment): Record<string, string[]> {
  const pod = podSpecOf(deployment);
  const annotations = deployment.spec?.template.metadata?.annotations ?? {};
  const violations: Record<string, string[]> = {};
  for (const [control, check] of Object.entries(RESTRICTED_CONTROLS)) {
    const found = check(pod, annotations);
    if (found.length > 0) violations[control] = found;
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------

describe('Kubernetes schema', () => {
  let strictProblems: Map<string, SchemaProblem[][]>;

  beforeAll(() => {
    // One TypeScript program for every document of every profile keeps the strict check fast.
    const all = CASES.flatMap(({ name, manifests }) => manifests.documents.map((document) => ({ name, document })));
    const problems = findSchemaProblems(all.map(({ document }) => document));
    strictProblems = new Map(CASES.map(({ name }) => [name, []]));
    all.forEach(({ name }, index) => strictProblems.get(name)!.push(problems[index]!));
  });

  for (const { name, manifests } of CASES) {
    describe(name, () => {
      it('validates every document with kubernetes-models', () => {
        for (const file of manifests.files.filter((f) => f.path !== KUSTOMIZATION)) {
          expect(file.documents.length, file.path).toBeGreaterThan(0);
          for (const document of file.documents) {
            expect(() => validateWithModel(document), `${file.path}: ${kindOf(document)}`).not.toThrow();
          }
        }
      });

      it('has no unknown field, wrong type or invalid enum value in any document', () => {
        const found = manifests.documents
          .map((document, index) => ({ kind: kindOf(document), problems: strictProblems.get(name)![index]! }))
          .filter(({ problems }) => problems.length > 0);
        expect(found).toEqual([]);
      });

      it('has a kustomization that kustomize accepts, listing exactly the generated manifests', () => {
        const kustomization = kustomizationSchema.parse(manifests.kustomization);
        const generated = manifests.files.map((file) => file.path.slice('k8s/'.length)).filter((file) => `k8s/${file}` !== KUSTOMIZATION);
        expect(kustomization.resources).toEqual(generated);
      });
    });
  }
});

describe('the strict schema check', () => {
  const deployment = CASES[0]!.manifests.deployment;
  const mutated = (mutate: (copy: IDeployment, pod: PodSpec) => void): IDeployment => {
    const copy = structuredClone(deployment);
    mutate(copy, podSpecOf(copy));
    return copy;
  };
  // modelMisses: kubernetes-models' validate() accepts the document, so only the strict check catches it.
  const cases = [
    { what: 'a misspelled field', path: 'spec.replica', modelMisses: true, document: mutated((d) => Object.assign(d.spec!, { replica: 3 })) },
    {
      what: 'a misspelled security field',
      path: 'spec.template.spec.containers[0].securityContext.runAsNonroot',
      modelMisses: true,
      document: mutated((_, pod) => Object.assign(pod.containers[0]!.securityContext!, { runAsNonroot: true })),
    },
    {
      what: 'a pod-level field on a container',
      path: 'spec.template.spec.containers[0].serviceAccountName',
      modelMisses: true,
      document: mutated((_, pod) => Object.assign(pod.containers[0]!, { serviceAccountName: 'web' })),
    },
    {
      what: 'a port in the wrong place',
      path: 'spec.template.spec.containers[0].port',
      modelMisses: true,
      document: mutated((_, pod) => Object.assign(pod.containers[0]!, { port: 3000 })),
    },
    { what: 'a wrong type', path: 'spec.replicas', modelMisses: false, document: mutated((d) => Object.assign(d.spec!, { replicas: '2' })) },
    {
      what: 'an invalid enum value',
      path: 'spec.template.spec.securityContext.seccompProfile.type',
      modelMisses: false,
      document: mutated((_, pod) => Object.assign(pod.securityContext!.seccompProfile!, { type: 'runtime/default' })),
    },
  ];

  // Computed once for all cases (one TypeScript program), with the untouched original first.
  let problems: SchemaProblem[][];
  beforeAll(() => {
    problems = findSchemaProblems([deployment, ...cases.map(({ document }) => document)]);
  });

  it('passes the generated Deployment', () => {
    expect(problems[0]).toEqual([]);
  });

  cases.forEach(({ what, path, modelMisses, document }, index) => {
    it(`reports ${what} at ${path}`, () => {
      expect(problems[index + 1]!.map((problem) => problem.path)).toEqual([path]);
    });

    it(`agrees with kubernetes-models' validate(), which ${modelMisses ? 'misses' : 'also catches'} ${what}`, () => {
      if (modelMisses) expect(() => validateWithModel(document)).not.toThrow();
      else expect(() => validateWithModel(document)).toThrow();
    });
  });

  it('rejects an unknown field in a kustomization', () => {
    const kustomization = { ...(CASES[0]!.manifests.kustomization as object), resource: ['deployment.yaml'] };
    expect(kustomizationSchema.safeParse(kustomization).success).toBe(false);
  });
});

describe('Pod Security Standard: restricted', () => {
  for (const { name, manifests } of CASES) {
    it(`${name}: every control holds`, () => {
      expect(restrictedViolations(manifests.deployment)).toEqual({});
    });
  }

  it('enforces, audits and warns at restricted in the namespace, for the latest standard', () => {
    for (const { name, manifests } of CASES) {
      const labels = manifests.namespace.metadata?.labels ?? {};
      for (const mode of ['enforce', 'audit', 'warn']) {
        expect(labels[`pod-security.kubernetes.io/${mode}`], `${name} ${mode}`).toBe('restricted');
        expect(labels[`pod-security.kubernetes.io/${mode}-version`], `${name} ${mode}-version`).toBe('latest');
      }
    }
  });

  // Each control must find a violation that breaks it, or "every control holds" proves nothing.
  const BREAKS: Readonly<Record<string, (pod: PodSpec) => void>> = {
    hostProcess: (pod) => Object.assign(pod.securityContext!, { windowsOptions: { hostProcess: true } }),
    hostNamespaces: (pod) => Object.assign(pod, { hostPID: true }),
    privileged: (pod) => Object.assign(pod.containers[0]!.securityContext!, { privileged: true }),
    capabilities: (pod) => Object.assign(pod.containers[0]!.securityContext!.capabilities!, { add: ['SYS_ADMIN'] }),
    hostPathVolumes: (pod) => (pod.volumes ??= []).push({ name: 'host', hostPath: { path: '/' } }),
    hostPorts: (pod) => Object.assign(pod.containers[0]!.ports![0]!, { hostPort: 8080 }),
    probeHost: (pod) => Object.assign(pod.containers[0]!.livenessProbe!.tcpSocket!, { host: '10.0.0.1' }),
    appArmor: (pod) => Object.assign(pod.containers[0]!.securityContext!, { appArmorProfile: { type: 'Unconfined' } }),
    seLinux: (pod) => Object.assign(pod.securityContext!, { seLinuxOptions: { type: 'spc_t' } }),
    procMount: (pod) => Object.assign(pod.containers[0]!.securityContext!, { procMount: 'Unmasked' }),
    seccomp: (pod) => Object.assign(pod.containers[0]!.securityContext!, { seccompProfile: { type: 'Unconfined' } }),
    sysctls: (pod) => Object.assign(pod.securityContext!, { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }),
    volumeTypes: (pod) => (pod.volumes ??= []).push({ name: 'share', nfs: { server: 'nfs.example', path: '/' } }),
    privilegeEscalation: (pod) => delete pod.containers[0]!.securityContext!.allowPrivilegeEscalation,
    runAsNonRoot: (pod) => delete pod.securityContext!.runAsNonRoot,
    runAsUser: (pod) => Object.assign(pod.containers[0]!.securityContext!, { runAsUser: 0 }),
  };

  it('has a breaking case for every control', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(RESTRICTED_CONTROLS).sort());
  });

  for (const [control, breakIt] of Object.entries(BREAKS)) {
    it(`detects a broken ${control} control`, () => {
      const deployment = structuredClone(CASES[0]!.manifests.deployment);
      breakIt(podSpecOf(deployment));
      expect(Object.keys(restrictedViolations(deployment))).toContain(control);
    });
  }
});

describe('the Deployment matches the profile', () => {
  for (const { name, profile, manifests } of CASES) {
    describe(name, () => {
      const { deployment, serviceAccount, service, podDisruptionBudget, networkPolicies } = manifests;
      const pod = podSpecOf(deployment);
      const container = pod.containers[0]!;
      const selector = { [APP_LABEL]: profile.name };

      it('runs the profile image, non-root as the distroless UID, with the profile resources', () => {
        expect(pod.containers).toHaveLength(1);
        expect(container.image).toBe(`${profile.image}:${profile.imageTag}`);
        expect(deployment.spec?.replicas).toBe(profile.replicas);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true });
        expect(container.resources).toEqual(profile.resources);
      });

      // A non-root process that cannot escalate never gets an added capability: below 1024 the sysctl does the work.
      it(profile.port < 1024 ? 'binds its port below 1024 with the sysctl, and adds no capability' : 'adds no capability', () => {
        expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
        expect(container.securityContext?.capabilities).not.toHaveProperty('add');
        const sysctls = pod.securityContext?.sysctls ?? [];
        if (profile.port < 1024) expect(sysctls).toContainEqual({ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' });
        else expect(sysctls).toEqual([]);
      });

      it('mounts an emptyDir with a size limit at every writable path, and nothing else', () => {
        const mounts = container.volumeMounts ?? [];
        expect(mounts.map((mount) => mount.mountPath)).toEqual(profile.writablePaths);
        const volumes = new Map((pod.volumes ?? []).map((volume) => [volume.name, volume]));
        expect(volumes.size).toBe(mounts.length);
        for (const mount of mounts) {
          expect(mount.readOnly, mount.mountPath).not.toBe(true);
          expect(volumes.get(mount.name)?.emptyDir?.sizeLimit, mount.mountPath).toBeTruthy();
        }
      });

      it('uses its own service account, without an API token', () => {
        expect(pod.serviceAccountName).toBe(serviceAccount.metadata?.name);
        expect(serviceAccount.automountServiceAccountToken).toBe(false);
        expect(pod.automountServiceAccountToken).toBe(false);
      });

      it('uses one port everywhere: container, probes, Service and NetworkPolicy', () => {
        const ports = container.ports ?? [];
        expect(ports).toHaveLength(1);
        const containerPort = (port: number | string | undefined) => ports.find((p) => p.containerPort === port || p.name === port)?.containerPort;
        expect(ports[0]!.containerPort).toBe(profile.port);
        for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
          if (profile.probes === 'none') {
            expect(probe, 'no probe with --probes none').toBeUndefined();
            continue;
          }
          const target = profile.probes === 'tcp' ? probe?.tcpSocket : probe?.httpGet;
          expect(target, 'probe').toBeDefined();
          expect(containerPort(target?.port)).toBe(profile.port);
          if (profile.probes.startsWith('http:')) expect(probe?.httpGet?.path).toBe(profile.probes.slice('http:'.length));
        }
        if (profile.exposure === 'none') {
          expect(service).toBeUndefined();
        } else {
          expect(service?.spec?.type).toBe('ClusterIP');
          expect(service?.spec?.ports).toHaveLength(1);
          expect(service?.spec?.ports?.[0]?.port).toBe(profile.port);
          expect(containerPort(service?.spec?.ports?.[0]?.targetPort)).toBe(profile.port);
        }
        const ingressPorts = networkPolicies.flatMap((policy) => (policy.spec?.ingress ?? []).flatMap((rule) => rule.ports ?? []));
        expect(ingressPorts.length > 0, 'ingress ports').toBe(profile.exposure !== 'none');
        for (const port of ingressPorts) expect(port).toEqual({ protocol: 'TCP', port: profile.port });
      });

      it('labels everything, and every selector picks the pods', () => {
        for (const document of manifests.documents) {
          expect((document as { metadata?: { labels?: object } }).metadata?.labels, kindOf(document)).toMatchObject(selector);
        }
        expect(deployment.spec?.selector.matchLabels).toEqual(selector);
        expect(deployment.spec?.template.metadata?.labels).toMatchObject(selector);
        if (service) expect(service.spec?.selector).toEqual(selector);
        if (podDisruptionBudget) expect(podDisruptionBudget.spec?.selector?.matchLabels).toEqual(selector);
      });

      it(profile.replicas > 1 ? 'keeps a replica up during disruptions' : 'has no disruption budget for a single replica', () => {
        if (profile.replicas === 1) {
          expect(podDisruptionBudget).toBeUndefined();
          return;
        }
        const spec = podDisruptionBudget?.spec;
        expect(spec?.maxUnavailable === 1 || spec?.minAvailable === 1).toBe(true);
      });

      it('puts every namespaced object in the profile namespace', () => {
        expect(manifests.namespace.metadata?.name).toBe(profile.namespace);
        for (const document of manifests.documents.filter((d) => kindOf(d) !== 'v1 Namespace')) {
          expect((document as { metadata?: { namespace?: string } }).metadata?.namespace, kindOf(document)).toBe(profile.namespace);
        }
        expect((manifests.kustomization as { namespace?: string }).namespace).toBe(profile.namespace);
      });
    });
  }
});

describe('Kubernetes output', () => {
  it('is byte-for-byte the same on every run, whichever object holds the profile', () => {
    for (const { name, profile, manifests } of CASES) {
      const again = plan(structuredClone(profile)).filter((file) => file.path.startsWith('k8s/'));
      expect(again.map(({ path, content }) => ({ path, content })), name).toEqual(manifests.files.map(({ path, content }) => ({ path, content })));
    }
  });

  it('opts the namespace in to the Sigstore policy-controller only when it verifies signatures', () => {
    for (const { name, profile, manifests } of CASES) {
      const label = manifests.namespace.metadata?.labels?.['policy.sigstore.dev/include'];
      expect(label, name).toBe(profile.admission === 'sigstore' ? 'true' : undefined);
    }
  });

  it('keeps names that YAML 1.1 reads as booleans as strings', () => {
    // "on" and "no" are booleans to YAML 1.1 readers (and some CI tools); the yaml helper quotes them.
    const profile = profileFrom({ name: 'on', namespace: 'no', image: 'ghcr.io/acme/on', language: 'go', exposure: 'public' });
    for (const file of generatedManifests(profile).files) {
      for (const document of parseAllDocuments(file.content, { version: '1.1' })) {
        const metadata = (document.toJS() as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
        if (metadata?.name !== undefined) expect(typeof metadata.name, file.path).toBe('string');
        if (metadata?.namespace !== undefined) expect(metadata.namespace, file.path).toBe('no');
      }
    }
  });
});
