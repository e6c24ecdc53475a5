// Without a default-deny policy every pod the policies forget is open in that direction.
import { describeNamespace, isKind, type KubeObject, kubeObjects, type Workload, workloads } from '../../support/kubernetes.js';
import { allowsEveryPeer, allowsEveryPort, type Direction, networkPolicies } from '../../support/network-policy.js';
import { withFix } from '../../fix/kubernetes.js';
import { defaultDenyFix } from '../../fix/network-policy.js';
import { posix } from 'node:path';
import { boundedList } from '../../support/names.js';
import { defineRule } from '../../types.js';
import { groupBy } from '../../../util/group.js';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export const noDefaultDeny = defineRule({
  id: 'network/no-default-deny',
  area: 'network',
  severity: 'medium',
  title: 'Namespace without a default-deny NetworkPolicy',
  why: 'Pods no NetworkPolicy selects accept and send any traffic; a default deny makes every new workload closed until a policy opens exactly what it needs.',
  detect:
    'A namespace that has workloads has no NetworkPolicy with an empty podSelector ({}) whose policyTypes include the direction (Ingress, Egress) without a ' +
    'rule that opens it to every peer and port. Each missing direction is one finding. Namespaces come from metadata.namespace or the kustomization that applies the file.',
  fix:
    'Add a policy `podSelector: {}` with `policyTypes: [Ingress, Egress]` and no rules, then one policy per app that allows what it needs (and DNS egress). ' +
    "The automatic fix writes a new file next to the namespace's manifests (listed in their kustomization, if any) with the default deny, DNS egress " +
    'to kube-dns, and ingress from the same namespace on the target ports of the Services that select its workloads, with a caveat: other traffic is cut.',
  refs: ['kube-linter:non-isolated-pod'],
  fixable: true,
  check({ repo, report }) {
    // Workloads meet in a namespace. Manifests that set none meet only when applied together, so
    // those are grouped by folder, not merged across the whole repository.
    const groups = new Map<string, { namespace: string | undefined; folder?: string; members: Workload[] }>();
    for (const workload of workloads(repo)) {
      const folder = workload.namespace === undefined ? posix.dirname(workload.object.document.file.path) : undefined;
      const key = workload.namespace ?? `\u0000${folder}`;
      const group = groups.get(key) ?? { namespace: workload.namespace, ...(folder !== undefined ? { folder } : {}), members: [] };
      group.members.push(workload);
      groups.set(key, group);
    }
    // Namespace objects and policies by namespace, looked up per group (not scanned: a repository
    // may have thousands of namespaces).
    const namespaceObjects = new Map<string, KubeObject>();
    for (const object of kubeObjects(repo)) {
      if (isKind(object, 'Namespace', '') && object.name !== undefined && !namespaceObjects.has(object.name)) namespaceObjects.set(object.name, object);
    }
    const policiesOf = groupBy(networkPolicies(repo), (policy) => policy.namespace);
    for (const { namespace, folder, members } of groups.values()) {
      const namespaceObject = namespace === undefined ? undefined : namespaceObjects.get(namespace);
      const location = namespaceObject ? namespaceObject.locate(['metadata', 'name']) : members[0]!.object.locate(['metadata', 'name']);
      for (const direction of DIRECTIONS) {
        const denied = (policiesOf.get(namespace) ?? []).some(
          (policy) =>
            policy.selectsAll &&
            policy.isolates.has(direction) &&
            !policy.rules[direction].some((rule) => allowsEveryPeer(rule) && allowsEveryPort(rule)),
        );
        if (denied) continue;
        report(
          withFix(
            {
              location,
              message: `${folder !== undefined ? `Manifests without a namespace in ${folder === '.' ? 'the root folder' : `${folder}/`}` : describeNamespace(namespace)} run${folder !== undefined ? '' : 's'} ${boundedList(members.map((w) => w.label))} but ${folder !== undefined ? 'have' : 'has'} no default-deny NetworkPolicy for ${direction}.`,
            },
            defaultDenyFix(repo, namespace, members),
          ),
        );
      }
    }
  },
});
