// One port, four places: the image's EXPOSE, the containerPort, the Service targetPort and the
// NetworkPolicy ingress port. When they disagree, traffic silently goes nowhere.
import { oncePer } from '../../../util/memo.js';
import { groupBy } from '../../../util/group.js';
import { appContainers, deployedTogether, isKind, kubeObjects, labelsOf, listOf, mappingOf, namespaceOf, stringOf, type Workload, workloads, workloadsSelectedBy } from '../../support/kubernetes.js';
import { networkPolicies, policySelects, portAllows, ruleAllowsPort, type TargetPort } from '../../support/network-policy.js';
import { firstFew } from '../../support/names.js';
import { defineRule } from '../../types.js';
import { dockerfileFacts, dockerfileFor } from './_support.js';

interface DeclaredPort extends TargetPort {
  readonly container: string;
}

/** The ports the app containers of a workload declare (asked per Service, policy and container: kept per workload). */
const declaredPorts = oncePer((workload: Workload): readonly DeclaredPort[] =>
  appContainers(workload).flatMap((container) =>
      listOf(container.data.ports).flatMap((raw) => {
        const port = mappingOf(raw);
        if (typeof port.containerPort !== 'number') return [];
        return [{ number: port.containerPort, name: stringOf(port.name), protocol: stringOf(port.protocol) ?? 'TCP', container: container.name }];
      }),
    ),
);

/**
 * A workload's declared ports by number and protocol and by name and protocol (the first of each, as a
 * search would find it), and the protocols some unnamed port has: each Service port looks its
 * target up here instead of searching every declared port (3,000 ports on each side: 65 s).
 */
const declaredIndex = oncePer((workload: Workload) => {
  const byNumber = new Map<string, DeclaredPort>();
  const byName = new Map<string, DeclaredPort>();
  const unnamedProtocols = new Set<string>();
  for (const port of declaredPorts(workload)) {
    const number = `${port.number}\u0000${port.protocol}`;
    // NaN (YAML's .nan) equals no number, as a search by === found.
    if (!byNumber.has(number) && !Number.isNaN(port.number)) byNumber.set(number, port);
    const name = `${port.name}\u0000${port.protocol}`;
    if (port.name === undefined) unnamedProtocols.add(port.protocol);
    else if (!byName.has(name)) byName.set(name, port);
  }
  return { byNumber, byName, unnamedProtocols };
});

/** The ports each app container of a workload declares, by container name. */
const declaredPortsByContainer = oncePer((workload: Workload): ReadonlyMap<string, readonly DeclaredPort[]> => groupBy(declaredPorts(workload), (port) => port.container));

function listPorts(ports: readonly DeclaredPort[]): string {
  return ports.map((p) => `${p.number}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

/**
 * Reports once per place: the one workload's message as it was, or one naming a few of them and
 * counting the rest. Three thousand Services selecting the same three thousand pods made nine
 * million findings (the audit did not finish); each Service port is one place to fix.
 */
function reportEach<T>(items: readonly T[], one: (item: T) => string, many: (items: readonly T[]) => string, send: (message: string) => void): void {
  if (items.length === 1) send(one(items[0]!));
  else if (items.length > 1) send(many(items));
}

export const portMismatch = defineRule({
  id: 'coherence/port-mismatch',
  area: 'coherence',
  severity: 'medium',
  title: 'Ports disagree across Dockerfile, Deployment, Service and NetworkPolicy',
  why: 'The port is written in four files; when one is changed alone the Service sends traffic to a port nothing listens on, or the NetworkPolicy drops it, and nothing reports an error.',
  detect:
    'Objects meet when they share a namespace or, without one, a folder or a kustomization that applies both. ' +
    'For a Service whose selector matches a workload in its namespace: a named targetPort that no container declares, or a numeric one that no container declares while ' +
    'none of the Service\'s other ports reaches a declared port either (medium; containerPort is informational, so an undeclared metrics port beside a matching one is not reported), ' +
    'or that every NetworkPolicy isolating the workload\'s ingress blocks (medium). For a NetworkPolicy with a podSelector: an ingress port no container of a selected ' +
    'workload declares (low). For a container whose Dockerfile is clear (a CI build naming the image, or the only Dockerfile above a single-container manifest ' +
    'named after its image): containerPorts that share no port with the final stage\'s EXPOSE (low).',
  fix: 'Pick the port once and use it everywhere: EXPOSE, containerPort (named, e.g. http), the Service targetPort (by that name) and the NetworkPolicy port.',
  refs: [],
  noFix: 'Which side is right (the Dockerfile, the container port or the Service) is not in the files; the app\'s configuration decides.',
  check({ repo, report }) {
    const all = workloads(repo);
    const policies = networkPolicies(repo);
    const together = deployedTogether(repo);
    const selectedBy = workloadsSelectedBy(all);
    /** The NetworkPolicies isolating a workload's ingress (asked for every Service port that selects it). */
    const isolating = oncePer((workload: Workload) => policies.filter((policy) => policy.isolates.has('ingress') && policySelects(policy, workload)));

    for (const service of kubeObjects(repo)) {
      if (!isKind(service, 'Service', '')) continue;
      const spec = mappingOf(service.data.spec);
      const selector = labelsOf(spec.selector);
      if (Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(repo, service);
      const targets = selectedBy(namespace, selector).filter(
        // A namespace puts objects together; without one, a folder or a kustomization must.
        (w) => namespace !== undefined || together(service.document.file.path, w.object.document.file.path),
      );
      const servicePorts = listOf(spec.ports).map(mappingOf);
      /** Whether some port of the Service reaches a port the workload declares (by number or name), once per workload. */
      const reachesDeclared = oncePer((workload: Workload) => {
        const { byNumber, byName, unnamedProtocols } = declaredIndex(workload);
        return servicePorts.some((port) => {
          const target = port.targetPort ?? port.port;
          const protocol = stringOf(port.protocol) ?? 'TCP';
          if (typeof target === 'number' || /^\d+$/.test(String(target))) return byNumber.has(`${Number(target)}\u0000${protocol}`);
          if (typeof target === 'string') return byName.has(`${target}\u0000${protocol}`);
          // A port without targetPort or port: its name, undefined, matches an unnamed declared port.
          return target === undefined && unnamedProtocols.has(protocol);
        });
      });
      listOf(spec.ports).forEach((raw, i) => {
        const port = mappingOf(raw);
        const protocol = stringOf(port.protocol) ?? 'TCP';
        const target = port.targetPort ?? port.port;
        const at = service.locate(['spec', 'ports', i, 'targetPort' in port ? 'targetPort' : 'port']);
        if (typeof target !== 'number' && typeof target !== 'string') return;
        const send = (message: string) => report({ location: at, message });
        const unnamed: { workload: Workload; declared: readonly DeclaredPort[] }[] = [];
        const elsewhere: { workload: Workload; declared: readonly DeclaredPort[] }[] = [];
        const blocked: { workload: Workload; port: number; policies: readonly string[] }[] = [];
        for (const workload of targets) {
          const declared = declaredPorts(workload);
          const { byNumber, byName } = declaredIndex(workload);
          let resolved: TargetPort | undefined;
          if (typeof target === 'string' && !/^\d+$/.test(target)) {
            resolved = byName.get(`${target}\u0000${protocol}`);
            if (!resolved) {
              unnamed.push({ workload, declared });
              continue;
            }
          } else {
            const number = Number(target);
            resolved = byNumber.get(`${number}\u0000${protocol}`);
            if (!resolved && declared.length > 0 && !reachesDeclared(workload)) {
              elsewhere.push({ workload, declared });
              continue;
            }
            resolved ??= { number, protocol };
          }
          const policiesOf = isolating(workload);
          const port = resolved;
          if (policiesOf.length > 0 && !policiesOf.some((policy) => policy.rules.ingress.some((rule) => ruleAllowsPort(rule, port)))) {
            blocked.push({ workload, port: port.number, policies: policiesOf.map((p) => p.object.label) });
          }
        }
        reportEach(
          unnamed,
          ({ workload, declared }) =>
            `${service.label} targets the named port "${target}", but no container of ${workload.label} declares a ${protocol} port with that name${declared.length ? ` (it declares ${listPorts(declared)})` : ''}.`,
          (all) => `${service.label} targets the named port "${target}", but none of the ${all.length} workloads it selects declares a ${protocol} port with that name: ${firstFew(all, ({ workload }) => workload.label)}.`,
          send,
        );
        reportEach(
          elsewhere,
          ({ workload, declared }) => `${service.label} sends traffic to port ${Number(target)}, but the containers of ${workload.label} declare ${listPorts(declared)}.`,
          (all) =>
            `${service.label} sends traffic to port ${Number(target)}, but the containers of the ${all.length} workloads it selects declare other ports: ` +
            `${firstFew(all, ({ workload, declared }) => `${workload.label} (${listPorts(declared)})`)}.`,
          send,
        );
        reportEach(
          blocked,
          ({ workload, port, policies: names }) => `${service.label} sends traffic to port ${port} of ${workload.label}, but no NetworkPolicy selecting it (${names.join(', ')}) allows ingress on that port.`,
          (all) =>
            `${service.label} sends traffic to ${all.length} workloads on a port no NetworkPolicy selecting them allows: ` +
            `${firstFew(all, ({ workload, port }) => `${workload.label} (port ${port})`)}.`,
          send,
        );
      });
    }

    for (const policy of policies) {
      if (policy.selectsAll || !policy.isolates.has('ingress')) continue;
      const meets = (w: Workload) => w.namespace !== undefined || together(policy.object.document.file.path, w.object.document.file.path);
      // Per port of the policy, the selected workloads that declare none of its rule's ports.
      const missed = new Map<(typeof policy.rules.ingress)[number]['ports'][number], { workload: Workload; declared: readonly DeclaredPort[] }[]>();
      for (const workload of all.filter((w) => policySelects(policy, w) && meets(w))) {
        const declared = declaredPorts(workload);
        if (declared.length === 0) continue;
        for (const rule of policy.rules.ingress) {
          // A rule that also allows a declared port lets the traffic through; an extra port in it is not a break.
          if (rule.ports.some((port) => port.port !== undefined && declared.some((d) => portAllows(port, d)))) continue;
          for (const port of rule.ports) {
            if (port.port === undefined || declared.some((d) => portAllows(port, d))) continue;
            const list = missed.get(port);
            if (list) list.push({ workload, declared });
            else missed.set(port, [{ workload, declared }]);
          }
        }
      }
      for (const [port, items] of missed) {
        reportEach(
          items,
          ({ workload, declared }) => `${policy.object.label} allows ingress on port ${String(port.port)}, but the containers of ${workload.label} declare ${listPorts(declared)}.`,
          (all) =>
            `${policy.object.label} allows ingress on port ${String(port.port)}, but the containers of the ${all.length} workloads it selects declare other ports: ` +
            `${firstFew(all, ({ workload, declared }) => `${workload.label} (${listPorts(declared)})`)}.`,
          (message) => report({ location: policy.object.locate([...port.path, 'port']), severity: 'low', message }),
        );
      }
    }

    for (const workload of all) {
      for (const container of workload.containers) {
        const declared = declaredPortsByContainer(workload).get(container.name) ?? [];
        if (container.list !== 'containers' || declared.length === 0) continue;
        const dockerfile = dockerfileFor(repo, workload, container);
        if (!dockerfile) continue;
        const { exposes } = dockerfileFacts(dockerfile);
        if (exposes.length === 0) continue;
        const overlap = declared.some((d) => exposes.some((e) => e.protocol === d.protocol && d.number >= e.port && d.number <= e.endPort));
        if (overlap) continue;
        const first = exposes[0]!;
        report({
          location: container.locate(['ports', 0, 'containerPort']),
          severity: 'low',
          message: `${container.label} of ${workload.label} declares ${listPorts(declared)}, but its image's Dockerfile (${first.at.file}) EXPOSEs ${exposes.map((e) => e.text).join(', ')}.`,
        });
      }
    }
  },
});
