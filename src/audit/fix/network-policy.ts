// The fix for a namespace without a default-deny NetworkPolicy: a new file next to the namespace's
// manifests, written from data (yaml's stringify) in the generator's style (templates/k8s/
// networkpolicy.yaml.hbs): the default deny, DNS egress to kube-dns, and ingress on the ports of
// the Services that select the namespace's workloads. Exposed Services (LoadBalancer, NodePort,
// behind an Ingress) get a comment saying what to add, since their clients are not in the repo.
// A kustomization that lists the namespace's workload files gets the new file in `resources:`.
import { posix } from 'node:path';
import { stringify } from 'yaml';
import {
  apiGroupOf,
  isKind,
  type KubeObject,
  kubeObjects,
  listOf,
  mappingOf,
  namespaceOf,
  stringOf,
  type Workload,
  workloads,
  workloadsSelectedBy,
} from '../support/kubernetes.js';
import { boundedList } from '../support/names.js';
import { networkPolicies } from '../support/network-policy.js';
import { textsByPath, isTemplatedFile } from '../support/files.js';
import type { Repo, TextEdit, YamlDocument } from '../types.js';
import { type FixOutcome, noFix, refusal } from './kubernetes.js';
import { YamlEditError, YamlEditor } from './yaml-edit.js';
import { appendAll } from '../../util/append.js';
import { groupBy } from '../../util/group.js';
import { oncePer } from '../../util/memo.js';

const KUSTOMIZATION = /(^|\/)kustomization\.ya?ml$/;
const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

interface ServicePort {
  readonly protocol: string;
  readonly port: number | string;
}

interface ServiceView {
  readonly object: KubeObject;
  /** `Service "web"`, safe in a comment line (the name comes from the repository). */
  readonly label: string;
  readonly selector: Readonly<Record<string, string>>;
  /** Target ports a container of the selected workloads declares (or every one, when they declare none). */
  readonly ports: readonly ServicePort[];
  /** Target ports no container declares: coherence/port-mismatch reports them, the policy does not open them. */
  readonly undeclared: readonly ServicePort[];
  /** Why clients from outside the namespace reach it, if they do. */
  readonly exposure: string | undefined;
}

/** A Kubernetes object name (RFC 1123 label): safe in a file name. */
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** A value from the repository as it may appear in a comment of the new file: on one line, control characters escaped. */
function shown(value: string | number): string {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function describePort({ protocol, port }: ServicePort): string {
  return `${shown(protocol)} ${shown(port)}`;
}

const CACHE = new WeakMap<Repo, Map<string, FixOutcome>>();

/**
 * The default-deny fix for the namespace `members` run in, computed once per repo and namespace
 * (the two directions of network/no-default-deny and every network/unselected-workload share it).
 */
export function defaultDenyFix(repo: Repo, namespace: string | undefined, members: readonly Workload[]): FixOutcome {
  let cache = CACHE.get(repo);
  if (!cache) CACHE.set(repo, (cache = new Map()));
  const key = namespace ?? '\u0000';
  let outcome = cache.get(key);
  if (!outcome) {
    outcome = build(repo, namespace, members);
    cache.set(key, outcome);
  }
  return outcome;
}

function build(repo: Repo, namespace: string | undefined, members: readonly Workload[]): FixOutcome {
  if (members.length === 0) return noFix('the namespace runs no workload in the repo');
  if (members.some((w) => isTemplatedFile(w.object.document.file))) return noFix('its workloads are templates (Helm or another {{ }} language); add the policy to the chart');
  const folder = folderOf(members);
  // A folder shared by several namespaces gets one file per namespace, named after it.
  const shared = namespace !== undefined && workloadsOfOtherNamespaces(repo, namespace, folder);
  const path = freePath(repo, folder, shared && DNS_LABEL.test(namespace) ? `networkpolicy-default-deny-${namespace}` : 'networkpolicy-default-deny');
  const explicitNamespace = namespace !== undefined && members.every((w) => stringOf(mappingOf(w.object.data.metadata).namespace) === namespace);
  const services = servicesOf(repo, namespace, members);
  // The kustomization edits are made now (one that cannot be made means no fix); the policy's text,
  // the costly part, when the edits are first read (most findings' fixes are never applied).
  const listings: TextEdit[] = [];
  for (const kustomization of kustomizationsFor(repo, members, folder)) {
    const entry = posix.relative(posix.dirname(kustomization.file.path), path);
    const refused = refusal(kustomization, [['resources']]);
    if (refused) return noFix(`${kustomization.file.path}: ${refused}`);
    try {
      appendAll(listings, new YamlEditor(kustomization.file.text, kustomization.index).appendUnique(['resources'], entry).edits(kustomization.file.path));
    } catch (error) {
      if (error instanceof YamlEditError) return noFix(`${kustomization.file.path} could not be edited safely (${error.message})`);
      throw error;
    }
  }
  let edits: TextEdit[] | undefined;
  const opened = services.filter((s) => s.ports.length > 0).map((s) => s.label);
  const exposed = services.filter((s) => s.exposure !== undefined && s.ports.length > 0).map((s) => s.label);
  return {
    fix: {
      description:
        `Add ${path}: deny all ingress and egress in ${namespace === undefined ? 'the namespace the manifests land in' : `namespace "${shown(namespace)}"`}, ` +
        `allow DNS${opened.length > 0 ? ` and the ports of ${boundedList(opened)}` : ''}` +
        (listings.length > 0 ? `, listed in ${boundedList(listings.map((e) => e.file))}` : ''),
      caveat:
        'Traffic not derived from a Service is cut: egress to databases, other services and external APIs, and ingress from other namespaces' +
        (exposed.length > 0 ? ` (${boundedList(exposed)} ${exposed.length === 1 ? 'is' : 'are'} reached from outside the namespace: see the comments in the file)` : '') +
        '. Add allow rules for what the apps need before applying.',
      get edits() {
        edits ??= [{ file: path, start: 0, end: 0, text: policyFile(repo, namespace, explicitNamespace, services) }, ...listings];
        return edits;
      },
    },
  };
}

/** The folder most of the namespace's workload files are in (the first by name on a tie). */
function folderOf(members: readonly Workload[]): string {
  const counts = new Map<string, number>();
  for (const w of members) {
    const dir = posix.dirname(w.object.document.file.path);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
}

function workloadsOfOtherNamespaces(repo: Repo, namespace: string | undefined, folder: string): boolean {
  return [...(namespacesByFolder(repo).get(folder) ?? [])].some((other) => other !== namespace);
}

/** The namespaces of the workloads in each folder (every default-deny fix asks about its folder). */
const namespacesByFolder = oncePer((repo: Repo): ReadonlyMap<string, ReadonlySet<string | undefined>> => {
  const byFolder = groupBy(workloads(repo), (workload) => posix.dirname(workload.object.document.file.path));
  return new Map([...byFolder].map(([folder, members]) => [folder, new Set(members.map((workload) => workload.namespace))] as const));
});

function freePath(repo: Repo, folder: string, base: string): string {
  const taken = textsByPath(repo);
  const at = (name: string) => (folder === '.' ? name : `${folder}/${name}`);
  for (let i = 1; ; i++) {
    const candidate = at(i === 1 ? `${base}.yaml` : `${base}-${i}.yaml`);
    if (!taken.has(candidate)) return candidate;
  }
}

/** The repo's kustomization files (first documents), found once: every namespace's fix asks. */
const kustomizationsOf = oncePer((repo: Repo): readonly YamlDocument[] =>
  repo.yaml.filter((document) => KUSTOMIZATION.test(document.file.path) && document.index === 0),
);

/** The repo's Kubernetes objects by the namespace they land in, grouped once. */
const objectsByNamespace = oncePer((repo: Repo): ReadonlyMap<string | undefined, readonly KubeObject[]> => groupBy(kubeObjects(repo), (object) => namespaceOf(repo, object)));

/** Kustomizations that list one of the workload files directly, and the one in the new file's folder. */
function kustomizationsFor(repo: Repo, members: readonly Workload[], folder: string): YamlDocument[] {
  const files = new Set(members.map((w) => w.object.document.file.path));
  return kustomizationsOf(repo).filter((document) => {
    const dir = posix.dirname(document.file.path);
    if (dir === folder) return true;
    return listOf(mappingOf(document.data).resources).some((entry) => typeof entry === 'string' && files.has(posix.normalize(posix.join(dir, entry))));
  });
}

// --- Services --------------------------------------------------------------------------------

function servicesOf(repo: Repo, namespace: string | undefined, members: readonly Workload[]): ServiceView[] {
  const objects = objectsByNamespace(repo).get(namespace) ?? [];
  const behindIngress = new Set(objects.filter(isIngress).flatMap(ingressBackends));
  const selectedBy = workloadsSelectedBy(members);
  return objects
    .filter((o) => isKind(o, 'Service', ''))
    .flatMap((object) => {
      const spec = mappingOf(object.data.spec);
      const selector = Object.fromEntries(Object.entries(mappingOf(spec.selector)).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
      if (Object.keys(selector).length === 0) return [];
      const selected = selectedBy(namespace, selector);
      if (selected.length === 0) return [];
      const targets = listOf(spec.ports).flatMap((raw): ServicePort[] => {
        const port = mappingOf(raw);
        const target = port.targetPort ?? port.port;
        if (typeof target !== 'number' && (typeof target !== 'string' || target === '')) return [];
        const numeric = typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target;
        return [{ protocol: stringOf(port.protocol) ?? 'TCP', port: numeric }];
      });
      const ports = targets.filter((port) => selected.every((w) => declares(w, port)));
      const declaredByAll = new Set(ports);
      const undeclared = targets.filter((port) => !declaredByAll.has(port));
      if (targets.length === 0) return [];
      const type = stringOf(spec.type) ?? 'ClusterIP';
      const exposure =
        type === 'LoadBalancer' || type === 'NodePort'
          ? `it is of type ${type}`
          : object.name !== undefined && behindIngress.has(object.name)
            ? 'an Ingress routes to it'
            : undefined;
      return [{ object, label: `Service "${shown(object.name ?? '')}"`, selector, ports, undeclared, exposure }];
    });
}

/** Whether a workload's containers declare a Service target port (by name or number), or declare no ports at all (nothing to compare). */
function declares(workload: Workload, port: ServicePort): boolean {
  const declared = declaredPortKeys(workload);
  if (declared === undefined) return true;
  return typeof port.port === 'number' ? declared.numbers.has(`${port.port}\u0000${port.protocol}`) : declared.names.has(`${port.port}\u0000${port.protocol}`);
}

/**
 * The ports a workload's containers declare, by number and protocol and by name and protocol (undefined:
 * it declares none, which the fix reads as any). Built once per workload: each Service port asked
 * again, over every container port (3,000 of each: 0.8 s of a 1.7 s audit).
 */
const declaredPortKeys = oncePer((workload: Workload): { numbers: ReadonlySet<string>; names: ReadonlySet<string> } | undefined => {
  const declared = workload.containers
    .filter((c) => c.list === 'containers')
    .flatMap((c) => listOf(c.data.ports).map(mappingOf))
    .filter((p) => typeof p.containerPort === 'number');
  if (declared.length === 0) return undefined;
  const numbers = new Set<string>();
  const names = new Set<string>();
  for (const p of declared) {
    const protocol = stringOf(p.protocol) ?? 'TCP';
    // NaN (YAML's .nan) equals no port; a name that is not a string equals no target.
    if (!Number.isNaN(p.containerPort)) numbers.add(`${p.containerPort as number}\u0000${protocol}`);
    if (typeof p.name === 'string') names.add(`${p.name}\u0000${protocol}`);
  }
  return { numbers, names };
});

function isIngress(object: KubeObject): boolean {
  return object.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(apiGroupOf(object.apiVersion));
}

/** Names of the Services an Ingress sends traffic to (networking.k8s.io/v1 and the older serviceName). */
function ingressBackends(object: KubeObject): string[] {
  const spec = mappingOf(object.data.spec);
  const backends = [spec.defaultBackend, spec.backend, ...listOf(spec.rules).flatMap((rule) => listOf(mappingOf(mappingOf(rule).http).paths).map((p) => mappingOf(p).backend))];
  return backends.flatMap((raw) => {
    const backend = mappingOf(raw);
    const name = stringOf(mappingOf(backend.service).name) ?? stringOf(backend.serviceName);
    return name ? [name] : [];
  });
}

// --- the file --------------------------------------------------------------------------------

function policyFile(repo: Repo, namespace: string | undefined, explicitNamespace: boolean, services: readonly ServiceView[]): string {
  const names = new Set(networkPolicies(repo).filter((p) => p.namespace === namespace).map((p) => p.object.name));
  const free = (name: string) => {
    let candidate = name;
    for (let i = 2; names.has(candidate); i++) candidate = `${name}-${i}`;
    names.add(candidate);
    return candidate;
  };
  const metadata = (name: string) => ({ name: free(name), ...(explicitNamespace ? { namespace } : {}) });
  const where = namespace === undefined ? 'the namespace these manifests are applied to' : `namespace "${shown(namespace)}"`;
  const documents: string[] = [];
  /** Notes about Services that get no policy, as comments after the last document. */
  const trailing: string[] = [];
  const add = (comment: string, object: unknown) => documents.push(`${comment}${stringify(object, { lineWidth: 0 })}`);

  add(
    `# Network access for ${where}, added by create-secure-container audit --fix.\n` +
      '# The first policy denies all traffic to and from every pod in the namespace; the others open what\n' +
      "# the repo shows is needed: DNS, and the ports of the namespace's Services. Policies add up, so\n" +
      '# anything not allowed here stays blocked: add rules for the rest (databases, external APIs).\n' +
      '# An empty podSelector matches every pod in the namespace, including ones added later.\n',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata('default-deny-all'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  );
  add('# DNS: the cluster\'s kube-dns pods, on UDP and TCP 53, so every pod can resolve names.\n', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata('allow-dns-egress'),
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [DNS_PEER], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] },
  });
  for (const service of services) {
    const undeclared = service.undeclared.length
      ? `# Not opened: ${service.undeclared.map(describePort).join(', ')}, which no container of the pods it selects declares\n` +
        '# (see coherence/port-mismatch); open the port the app really listens on.\n'
      : '';
    const exposed = service.exposure
      ? `# ${service.label} is reached from outside the namespace (${service.exposure}): this rule only\n` +
        '# admits pods of this namespace. Add a peer for its real clients, e.g. `- namespaceSelector:` with the\n' +
        "# ingress controller's namespace, or `- ipBlock:` with the load balancer's source ranges, on the same ports.\n"
      : '';
    if (service.ports.length === 0) {
      trailing.push(`# ${service.label}: no policy written.\n${undeclared}`);
      continue;
    }
    const ports = service.ports.map(describePort).join(', ');
    add(`# Clients of ${service.label}: pods of this namespace, on ${ports}.\n${exposed}${undeclared}`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(`allow-${service.object.name !== undefined && DNS_LABEL.test(service.object.name) ? service.object.name : 'service'}-ingress`),
      spec: {
        podSelector: { matchLabels: service.selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }], ports: service.ports.map(({ protocol, port }) => ({ protocol, port })) }],
      },
    });
  }
  return documents.join('---\n') + trailing.join('');
}
