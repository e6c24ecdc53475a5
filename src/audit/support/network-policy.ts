// NetworkPolicies as the network and coherence rules read them: which pods a policy selects, which
// directions it isolates (with the API's policyTypes defaulting), and its rules, peers and ports
// with their YAML paths.
import type { Repo } from '../types.js';
import {
  isEmptySelector,
  isKind,
  type KubeObject,
  kubeObjects,
  listOf,
  type Mapping,
  mappingOf,
  namespaceOf,
  selectorMatches,
  stringOf,
  type Workload,
  type YamlPath,
} from './kubernetes.js';
import { oncePer } from '../../util/memo.js';

export type Direction = 'ingress' | 'egress';

export interface PolicyPort {
  /** TCP unless set. */
  readonly protocol: string;
  /** A number, a named container port, or undefined for every port of the protocol. */
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
  /** Path relative to the policy object. */
  readonly path: YamlPath;
}

export interface PolicyRule {
  readonly direction: Direction;
  readonly index: number;
  /** `from` (ingress) or `to` (egress) peers; empty means every peer. */
  readonly peers: readonly Mapping[];
  /** Empty means every port. */
  readonly ports: readonly PolicyPort[];
  /** Path relative to the policy object. */
  readonly path: YamlPath;
}

export interface NetworkPolicyView {
  readonly object: KubeObject;
  readonly namespace: string | undefined;
  readonly podSelector: unknown;
  /** An empty podSelector: the policy applies to every pod of its namespace. */
  readonly selectsAll: boolean;
  /** The directions the policy isolates the selected pods in (policyTypes, defaulted as the API server does). */
  readonly isolates: ReadonlySet<Direction>;
  readonly rules: Readonly<Record<Direction, readonly PolicyRule[]>>;
}

const PEERS_FIELD: Readonly<Record<Direction, string>> = { ingress: 'from', egress: 'to' };

/** The repo's NetworkPolicies, read once per repo (rules and every namespace's fix ask). */
export const networkPolicies = oncePer((repo: Repo): readonly NetworkPolicyView[] =>
  kubeObjects(repo)
    .filter((object) => isKind(object, 'NetworkPolicy', 'networking.k8s.io'))
    .map((object) => viewOf(object, namespaceOf(repo, object))),
);

function viewOf(object: KubeObject, namespace: string | undefined): NetworkPolicyView {
  const spec = mappingOf(object.data.spec);
  const rules = { ingress: rulesOf(spec, 'ingress'), egress: rulesOf(spec, 'egress') };
  const isolates = new Set<Direction>();
  if (Array.isArray(spec.policyTypes)) {
    for (const type of spec.policyTypes) {
      if (type === 'Ingress') isolates.add('ingress');
      if (type === 'Egress') isolates.add('egress');
    }
  } else {
    // Without policyTypes a policy isolates ingress always, and egress only when it has egress rules.
    isolates.add('ingress');
    if (rules.egress.length > 0) isolates.add('egress');
  }
  return { object, namespace, podSelector: spec.podSelector, selectsAll: isEmptySelector(spec.podSelector), isolates, rules };
}

function rulesOf(spec: Mapping, direction: Direction): PolicyRule[] {
  return listOf(spec[direction]).map((raw, index) => {
    const rule = mappingOf(raw);
    const path = ['spec', direction, index];
    return {
      direction,
      index,
      peers: listOf(rule[PEERS_FIELD[direction]]).map(mappingOf),
      ports: listOf(rule.ports).map((rawPort, i) => {
        const port = mappingOf(rawPort);
        const value = port.port;
        return {
          protocol: stringOf(port.protocol) ?? 'TCP',
          port: typeof value === 'number' || typeof value === 'string' ? value : undefined,
          endPort: typeof port.endPort === 'number' ? port.endPort : undefined,
          path: [...path, 'ports', i],
        };
      }),
      path,
    };
  });
}

/** Whether a policy applies to a workload's pods: same namespace, podSelector matches the pod labels. */
export function policySelects(policy: NetworkPolicyView, workload: Workload): boolean {
  return policy.namespace === workload.namespace && selectorMatches(policy.podSelector, workload.labels);
}

const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

/**
 * Whether a rule admits every peer: no peers at all, or an ipBlock of 0.0.0.0/0 or ::/0 (a few
 * `except` entries do not make "the whole internet" narrow).
 */
export function allowsEveryPeer(rule: PolicyRule): boolean {
  return rule.peers.length === 0 || rule.peers.some((peer) => EVERYWHERE.has(stringOf(mappingOf(peer.ipBlock).cidr) ?? ''));
}

export function allowsEveryPort(rule: PolicyRule): boolean {
  return rule.ports.length === 0 || rule.ports.some((port) => port.port === undefined);
}

/** A container port as a policy port can match it: by number, or by its name. */
export interface TargetPort {
  readonly number: number;
  readonly name?: string | undefined;
  readonly protocol: string;
}

export function portAllows(port: PolicyPort, target: TargetPort): boolean {
  if (port.protocol !== target.protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'string') return /^\d+$/.test(port.port) ? Number(port.port) === target.number : port.port === target.name;
  if (port.endPort !== undefined) return target.number >= port.port && target.number <= port.endPort;
  return port.port === target.number;
}

export function ruleAllowsPort(rule: PolicyRule, target: TargetPort): boolean {
  return rule.ports.length === 0 || rule.ports.some((port) => portAllows(port, target));
}
