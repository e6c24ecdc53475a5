// RBAC grants that are escalation paths without any wildcard: reading secrets hands over every
// service account token and credential in the namespace; bind and escalate let a subject grant
// itself any role; impersonate makes it anyone; exec and attach run commands in other pods with
// their service accounts; serviceaccounts/token mints tokens; nodes/proxy reaches the kubelet API.
// From the Kubernetes RBAC good practices and trivy's KSV041/043/047/050/053/054 checks.
import { defineRule } from '../../types.js';
import { isKind, kubeObjects, listOf, mappingOf } from './_support.js';

type Severity = 'critical' | 'high';

interface Danger {
  readonly severity: Severity;
  readonly what: string;
  readonly refs: readonly string[];
  /** Whether the rule's fields grant it (verbs, resources and apiGroups as written). */
  readonly grants: (rule: { verbs: string[]; resources: string[]; groups: string[]; named: boolean }) => boolean;
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch'];
const inCore = (groups: string[]) => groups.includes('');
const has = (values: string[], wanted: readonly string[]) => values.some((value) => wanted.includes(value));

const DANGERS: readonly Danger[] = [
  {
    severity: 'critical',
    what: 'read secrets (every credential and service account token stored in them)',
    refs: ['trivy:KSV-0041'],
    // A rule limited to named secrets (resourceNames) is least privilege, not this.
    grants: ({ verbs, resources, groups, named }) => !named && inCore(groups) && resources.includes('secrets') && has(verbs, READ),
  },
  {
    severity: 'critical',
    what: 'impersonate users, groups or service accounts (act as anyone, system:masters included)',
    refs: ['trivy:KSV-0043'],
    grants: ({ verbs, resources }) => verbs.includes('impersonate') && has(resources, ['users', 'groups', 'serviceaccounts', 'userextras', 'uids']),
  },
  {
    severity: 'critical',
    what: 'bind or escalate roles (grant itself permissions it does not have)',
    refs: ['trivy:KSV-0050'],
    grants: ({ verbs, resources, groups }) =>
      has(verbs, ['bind', 'escalate']) && groups.includes('rbac.authorization.k8s.io') && has(resources, ['roles', 'clusterroles']),
  },
  {
    severity: 'high',
    what: 'exec into or attach to pods (run commands with their service accounts and secrets)',
    refs: ['trivy:KSV-0053', 'trivy:KSV-0054'],
    // WebSocket exec is a GET; RBAC has checked create for it as well since Kubernetes 1.31.
    grants: ({ verbs, resources, groups }) => inCore(groups) && has(resources, ['pods/exec', 'pods/attach']) && has(verbs, ['create', 'get']),
  },
  {
    severity: 'high',
    what: 'create service account tokens (mint a token for any service account it names)',
    refs: [],
    grants: ({ verbs, resources, groups }) => inCore(groups) && resources.includes('serviceaccounts/token') && verbs.includes('create'),
  },
  {
    severity: 'high',
    what: 'reach the kubelet API through nodes/proxy (exec into any pod on the node, bypassing admission)',
    refs: ['trivy:KSV-0047'],
    grants: ({ verbs, resources, groups }) => inCore(groups) && resources.includes('nodes/proxy') && has(verbs, [...READ, ...WRITE]),
  },
];

export const rbacDangerousPermissions = defineRule({
  id: 'k8s/rbac-dangerous-permissions',
  area: 'kubernetes',
  severity: 'high',
  title: 'RBAC role grants an escalation path',
  why:
    'Some permissions are as good as cluster-admin without a wildcard in sight: reading secrets yields every credential ' +
    'and token, bind and escalate let the subject grant itself any role, impersonate lets it act as anyone, exec and ' +
    'attach run code in other pods, serviceaccounts/token mints tokens, and nodes/proxy talks to the kubelet directly. ' +
    'A compromised subject holding one of them owns far more than its own workload.',
  detect:
    'A Role or ClusterRole rule (not a built-in system: role) that grants get/list/watch on secrets without resourceNames; ' +
    'impersonate on users, groups or service accounts; bind or escalate on roles or clusterroles; create or get on pods/exec ' +
    'or pods/attach; create on serviceaccounts/token; or access to nodes/proxy. Wildcards are k8s/rbac-wildcard\'s.',
  fix:
    'Grant the narrowest alternative: resourceNames for the one secret the subject reads (or mount it instead), a ' +
    'dedicated role per task, and no exec, impersonation, bind/escalate or node proxy for workloads.',
  refs: ['trivy:KSV-0041', 'trivy:KSV-0043', 'trivy:KSV-0047', 'trivy:KSV-0050', 'trivy:KSV-0053', 'trivy:KSV-0054'],
  noFix: 'What the subject really needs instead (a named secret, a narrower verb) is not in the repository.',
  check({ repo, report }) {
    for (const object of kubeObjects(repo)) {
      if (!isKind(object, 'Role', 'rbac.authorization.k8s.io') && !isKind(object, 'ClusterRole', 'rbac.authorization.k8s.io')) continue;
      if (String(mappingOf(object.data.metadata).name ?? '').startsWith('system:')) continue;
      listOf(object.data.rules).forEach((raw, index) => {
        const rule = mappingOf(raw);
        const strings = (field: string) => listOf(rule[field]).filter((value): value is string => typeof value === 'string');
        const fields = { verbs: strings('verbs'), resources: strings('resources'), groups: strings('apiGroups'), named: strings('resourceNames').length > 0 };
        // Wildcards are reported by k8s/rbac-wildcard, with their own severity.
        if (fields.verbs.includes('*') || fields.resources.includes('*')) return;
        for (const danger of DANGERS) {
          if (!danger.grants(fields)) continue;
          report({
            location: object.locate(['rules', index]),
            severity: danger.severity,
            message: `${object.label} lets its subjects ${danger.what} (rule ${index + 1}).`,
            refs: danger.refs,
          });
        }
      });
    }
  },
});
