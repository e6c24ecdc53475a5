// The hardening profile: one validated model that every generated file reads from.
// Every string field has a strict character set, so no value can break out of the YAML,
// Dockerfile, shell or Falco context it is rendered into; hostile input is rejected here
// with a message naming the field, not escaped later.
import { z } from 'zod';
import { CATALOGUE, CLOUD_METADATA_CIDR, EGRESS_SERVICES, LANGUAGES, SEVERITIES, runtimeFor } from './catalogue.js';
import { parseQuantity } from './quantity.js';
import { commandProblems } from './run-command.js';
import { withoutLeadingOrTrailing, withoutTrailing } from '../util/trim.js';

export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = (what: string) =>
  z
    .string()
    .max(63, `${what} must be at most 63 characters`)
    .regex(DNS_LABEL, `${what} must be a DNS-1123 label: lowercase letters, digits and '-', starting with a letter`);

// registry host (with a dot, a port or "localhost"), then lowercase path components; no tag or digest.
export const IMAGE_REPOSITORY =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::[0-9]{1,5})?|localhost(?::[0-9]{1,5})?)(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;
// A source repository is `owner/name` on GitHub and `group/subgroup/.../project` on GitLab. Each
// segment uses the characters both allow: GitHub repository names are ASCII letters, digits, `.`,
// `-` and `_` (owners: letters, digits and `-`, not first or last); GitLab slugs are letters,
// digits, `_`, `.` and `-`, starting and ending with a letter or digit, never ending in `.git`
// or `.atom` (docs.gitlab.com/user/reserved_names; GitHub's limits collected in
// github.com/github/docs/issues/44518). Refused here beyond the character set: `.` and `..`
// (a path, not a name: `../../etc/passwd`) and a leading `-` (an option where it lands in argv).
const SOURCE_REPOSITORY_SEGMENT = /^(?!\.{1,2}$)(?!-)[A-Za-z0-9_.-]{1,100}$/;
const SOURCE_REPOSITORY = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/;
const GIT_BRANCH = /^(?![-/.])(?!.*(?:\.\.|\/\/|@\{|\.lock$))[A-Za-z0-9._/-]{1,100}(?<![/.])$/;
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ABSOLUTE_PATH = /^\/(?!.*\/\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/;
const PROCESS_NAME = /^[A-Za-z0-9._+-]{1,64}$/;
/** A path inside the project: relative, no `.` or `..` segments, the same characters as ABSOLUTE_PATH. */
const PROJECT_PATH = /^(?![./])(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*$/;
const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(?:3[0-2]|[12]?\d)$/;
/** Any PEM private key: PKCS#8, RSA, EC, OpenSSH, and cosign's own encrypted form. */
export const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
export const PRIVATE_KEY_MESSAGE = 'this is a private key; give the public key (cosign.pub)';
const COMMAND_WORD = /^[A-Za-z0-9_.:/=@%+,-]+$/;
const PEM_PUBLIC_KEY = /^-----BEGIN PUBLIC KEY-----\n(?:[A-Za-z0-9+/=]{1,76}\n)+-----END PUBLIC KEY-----\n?$/;

const port = z.number({ error: 'must be a whole number from 1 to 65535' }).int('must be a whole number').min(1).max(65535);
const quantity = (kind: 'cpu' | 'memory') =>
  z.string().refine((v) => parseQuantity(v, kind) !== undefined, {
    message:
      kind === 'cpu'
        ? 'must be a CPU quantity such as 100m, 0.5 or 2'
        : 'must be a memory quantity such as 128Mi, 1Gi or 500M',
  });

export const clientSchema = z.object({
  /** Namespace of the client; absent means the app's own namespace. */
  namespace: dnsLabel('client namespace').optional(),
  /** The client pods' app.kubernetes.io/name label. */
  app: dnsLabel('client app'),
});
export type Client = z.infer<typeof clientSchema>;

const egressDestination = z.union([
  z.object({ cidr: z.string().regex(IPV4_CIDR, 'must be an IPv4 CIDR such as 10.0.0.0/16') }).strict(),
  z.object({ namespace: dnsLabel('egress namespace').optional(), app: dnsLabel('egress app') }).strict(),
]);
export const egressSchema = z
  .object({
    service: z.enum([...(Object.keys(EGRESS_SERVICES) as (keyof typeof EGRESS_SERVICES)[]), 'custom']),
    port,
    /** Absent: any address except the cloud metadata service. */
    to: egressDestination.optional(),
  })
  .strict();
export type Egress = z.infer<typeof egressSchema>;

export const SIGNING = ['keyless', 'key', 'none'] as const;
export const ADMISSION = ['kyverno', 'sigstore', 'none'] as const;
export const CI_SYSTEMS = ['github', 'gitlab', 'none'] as const;
export const EXPOSURES = ['public', 'internal', 'none'] as const;
/** How outside traffic reaches a public app: a Gateway API HTTPRoute (default), or an Ingress. */
export const ROUTES = ['gateway', 'ingress'] as const;
// A Gateway API hostname (HTTPRoute spec.hostnames, gateway.networking.k8s.io CRD): RFC 1123
// lower case, optionally with a leading `*.` wildcard label; no IP, no port. The Ingress host
// field accepts the same shape.
export const ROUTE_HOSTNAME = /^(?:\*\.)?[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

export const profileSchema = z
  .object({
    name: dnsLabel('name'),
    namespace: dnsLabel('namespace').superRefine((namespace, ctx) => {
      const why = reservedNamespace(namespace);
      if (why) ctx.addIssue({ code: 'custom', message: why });
    }),
    image: z
      .string()
      .max(255)
      .regex(IMAGE_REPOSITORY, 'must be an image repository without tag, registry/owner/name, e.g. ghcr.io/acme/api'),
    imageTag: z.string().regex(TAG, 'must be an image tag: letters, digits, _ . -, at most 128 characters'),
    repository: z
      .string()
      .max(200)
      .regex(SOURCE_REPOSITORY, 'must be the source repository as owner/name (GitLab: group/subgroup/project)')
      .refine(
        (repository) => repository.split('/').every((segment) => SOURCE_REPOSITORY_SEGMENT.test(segment)),
        'must be the source repository as owner/name (GitLab: group/subgroup/project): each part a name, not . or .., not starting with -',
      ),
    branch: z.string().regex(GIT_BRANCH, 'must be a git branch name such as main'),
    language: z.enum(LANGUAGES),
    runtimeVersion: z.string(),
    buildTool: z.string(),
    // It lands in an argv position (CMD ["dist/server.js"] after node), where a leading `-` would
    // make it an interpreter option (--inspect, -e) instead of a file.
    entrypoint: z.string().max(200).refine((entry) => !entry.startsWith('-'), 'must not start with - (it would be read as an option, not a file)'),
    // A run command in exec form (Python: `uvicorn app:app --host 0.0.0.0`), already split into
    // words (src/profile/shell-words.ts); it replaces the entry point as the image's CMD.
    command: z
      .array(z.string().max(200).regex(COMMAND_WORD, 'must be words of letters, digits and _ . : / = @ % + , - (no spaces inside a word)'))
      .min(1, 'needs the program to run')
      .max(40)
      .optional(),
    port,
    exposure: z.enum(EXPOSURES),
    route: z
      .object({
        kind: z.enum(ROUTES),
        /** The Gateway the HTTPRoute attaches to (parentRefs). */
        gateway: z.object({ namespace: dnsLabel('gateway namespace'), name: dnsLabel('gateway name') }).strict(),
        /** Host names the route answers for; empty: every host the Gateway listener accepts. */
        hostnames: z.array(z.string().max(253).regex(ROUTE_HOSTNAME, 'must be a host name such as app.example.com or *.example.com (no IP, no port)')).max(16),
        /** The Ingress's ingressClassName; absent: the cluster's default IngressClass. */
        ingressClass: z.string().max(253).regex(DNS_SUBDOMAIN, 'must be an IngressClass name such as nginx').optional(),
      })
      .strict(),
    ingress: z
      .object({
        namespace: dnsLabel('ingress namespace'),
        podLabels: z
          .record(z.string().regex(LABEL_KEY, 'must be a label key'), z.string().regex(LABEL_VALUE, 'must be a label value'))
          .refine((labels) => Object.keys(labels).length > 0, 'needs at least one label that selects the ingress controller pods'),
      })
      .strict(),
    clients: z.array(clientSchema.strict()).max(50),
    egress: z.array(egressSchema).max(50),
    /**
     * In a monorepo: the service's folder relative to the repository root (vote, services/cart).
     * Its files stay in that folder; the CI workflow goes to the root, filtered to the folder.
     */
    serviceDir: z.string().max(200).regex(PROJECT_PATH, 'must be the service folder relative to the repository root, such as vote or services/cart (no ..)').optional(),
    /** Files and folders the app reads at run time (templates/, static/, ui/), copied into the runtime image. */
    assets: z.array(z.string().max(200).regex(PROJECT_PATH, 'must be a path inside the project such as ui or web/static (relative, no ..)')).max(20),
    writablePaths: z
      .array(z.string().max(200).regex(ABSOLUTE_PATH, 'must be an absolute path such as /tmp (no .., no spaces)'))
      .max(20),
    replicas: z.number().int('must be a whole number').min(1).max(100),
    // How the kubelet checks the container: a TCP connect to the port, an HTTP GET on a path, or
    // nothing (a queue consumer opens no port). exec is refused: distroless has no program to run.
    probes: z
      .string()
      .max(200)
      .refine((probes) => !/^exec\b/.test(probes), {
        message: 'cannot be exec: the distroless runtime image has no shell or client binary for the kubelet to run; use tcp, http:/path or none',
        abort: true,
      })
      .regex(/^(?:tcp|none|http:\/[A-Za-z0-9._~/%-]*)$/, 'must be tcp, none or http:/path (an absolute path such as http:/healthz)'),
    resources: z
      .object({
        requests: z.object({ cpu: quantity('cpu'), memory: quantity('memory') }).strict(),
        limits: z.object({ cpu: quantity('cpu'), memory: quantity('memory') }).strict(),
      })
      .strict(),
    ci: z
      .object({
        system: z.enum(CI_SYSTEMS),
        severity: z.array(z.enum(SEVERITIES)).min(1, 'needs at least one severity'),
        ignoreUnfixed: z.boolean(),
        sbom: z.boolean(),
        sign: z.enum(SIGNING),
      })
      .strict(),
    admission: z.enum(ADMISSION),
    falco: z
      .object({
        enabled: z.boolean(),
        allowedShellParents: z.array(z.string().regex(PROCESS_NAME, 'must be a process name such as containerd-shim')).max(50),
      })
      .strict(),
    /** PEM of the cosign public key; needed to verify key-signed images at admission. */
    publicKey: z
      .string()
      .refine((key) => !PEM_PRIVATE_KEY.test(key), { message: PRIVATE_KEY_MESSAGE, abort: true })
      .regex(PEM_PUBLIC_KEY, 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)')
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const spec = CATALOGUE[p.language];
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!runtimeFor(p.language, p.runtimeVersion)) {
      issue(['runtimeVersion'], `${spec.label} supports ${spec.versions.map((v) => v.version).join(', ')}`);
    }
    if (!spec.buildTools.includes(p.buildTool)) {
      issue(['buildTool'], `${spec.label} builds with ${spec.buildTools.join(', ')}`);
    }
    if (!spec.entrypointPattern.test(p.entrypoint)) {
      issue(['entrypoint'], `must be ${spec.entrypointHelp}`);
    }
    if (p.command && p.language !== 'python') {
      issue(['command'], `is supported for python only; ${spec.label} runs its entry point`);
    } else if (p.command) {
      for (const problem of commandProblems(p.command, p.port)) issue(['command'], problem);
    }
    if (p.exposure === 'internal' && p.clients.length === 0) {
      issue(['clients'], 'internal exposure needs at least one client app allowed to connect');
    }
    const seen = new Set<string>();
    p.writablePaths.forEach((path, index) => {
      const volume = volumeNameFor(path);
      if (seen.has(volume)) issue(['writablePaths', index], `${path} repeats another writable path`);
      seen.add(volume);
    });
    if (p.ci.sign === 'keyless' && p.ci.system === 'none') {
      issue(['ci', 'sign'], 'keyless signing takes its identity from the CI workflow; choose a CI system or --sign key/none');
    }
    if (p.admission !== 'none' && p.ci.sign === 'none') {
      issue(['admission'], 'an admission policy verifies signatures, so images must be signed; choose --sign or --admission none');
    }
    p.egress.forEach((rule, index) => {
      // Wider blocks get the metadata address carved out; this one would be nothing but it.
      if (rule.to && 'cidr' in rule.to && rule.to.cidr === CLOUD_METADATA_CIDR) {
        issue(['egress', index, 'to', 'cidr'], 'is the cloud metadata service, which hands out cloud credentials; egress to it is never allowed');
      }
    });
    if (p.admission !== 'none' && p.ci.sign === 'key' && !p.publicKey) {
      issue(['publicKey'], 'verifying key-signed images at admission needs the cosign public key (--public-key cosign.pub)');
    }
    for (const kind of ['cpu', 'memory'] as const) {
      const request = parseQuantity(p.resources.requests[kind], kind);
      const limit = parseQuantity(p.resources.limits[kind], kind);
      if (request !== undefined && limit !== undefined && request > limit) {
        issue(['resources', 'requests', kind], `request ${p.resources.requests[kind]} is above the limit ${p.resources.limits[kind]}`);
      }
    }
  });

export type Profile = z.infer<typeof profileSchema>;

/**
 * Why the app may not have this namespace of its own, or undefined. The generated manifests put
 * restricted Pod Security Admission labels on the namespace and a namespace-wide default deny in
 * it: in a Kubernetes system namespace that breaks the cluster, and in `default` it cuts off
 * everything else running there.
 */
export function reservedNamespace(namespace: string): string | undefined {
  if (namespace.startsWith('kube-')) {
    return `${namespace} is reserved for Kubernetes itself (kube-*): restricted Pod Security and a namespace-wide default deny there break the cluster; give the app a namespace of its own (--namespace)`;
  }
  if (namespace === 'default') {
    return 'default is shared: the generated namespace-wide default deny would cut off everything else running in it; give the app a namespace of its own (--namespace)';
  }
  return undefined;
}

/** The emptyDir volume name for a writable path: /var/cache/nginx -> var-cache-nginx. */
export function volumeNameFor(path: string): string {
  const name = withoutLeadingOrTrailing(path.toLowerCase().replace(/[^a-z0-9]+/g, '-'), '-');
  const label = withoutTrailing((name || 'root').slice(0, 63), '-');
  return /^[a-z]/.test(label) ? label : withoutTrailing(`w-${label}`.slice(0, 63), '-');
}
