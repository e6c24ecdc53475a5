// The generated NetworkPolicy file: a namespace-wide default deny, then one policy that opens
// exactly the app's traffic. Checked for every profile in the matrix, plus profiles whose egress
// reaches towards the cloud metadata service.
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { describe, expect, it } from 'vitest';
import { isSeq, parse, parseAllDocuments } from 'yaml';
import { planNotes } from '../../src/generate/notes.js';
import { plan } from '../../src/generate/plan.js';
import { profileInputFromFlags } from '../../src/profile/flags.js';
import { httpRouteSchema } from '../helpers/gateway-api-schema.js';
import { validateWithModel } from '../helpers/k8s-schema.js';
import { cidrContains } from '../../src/generate/view.js';
import { ProfileError, type ProfileInput } from '../../src/profile/resolve.js';
import type { Profile } from '../../src/profile/schema.js';
import { generatedManifests } from '../helpers/k8s-manifests.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

const APP_LABEL = 'app.kubernetes.io/name';
const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';
const METADATA_ADDRESS = '169.254.169.254';
const NETWORK_POLICY_FILE = 'k8s/networkpolicy.yaml';

const EXTRA_PROFILES: Readonly<Record<string, Profile>> = {
  'egress to the link-local range': profileFrom({
    name: 'probe', image: 'ghcr.io/acme/probe', language: 'go', exposure: 'none',
    egress: [{ service: 'custom', port: 80, to: { cidr: '169.254.0.0/16' } }, { service: 'custom', port: 8080, to: { cidr: '128.0.0.0/1' } }],
  }),
};
const ALL_PROFILES = { ...PROFILES, ...EXTRA_PROFILES };

const CASES = Object.entries(ALL_PROFILES).map(([name, profile]) => {
  const manifests = generatedManifests(profile);
  const file = manifests.files.find((f) => f.path === NETWORK_POLICY_FILE);
  if (!file) throw new Error(`${name}: no ${NETWORK_POLICY_FILE}`);
  return { name, profile, file, policies: file.documents as INetworkPolicy[], podLabels: manifests.deployment.spec?.template.metadata?.labels ?? {} };
});

/** A peer as comparable data: the namespace it selects by name and the pod labels it selects. */
function peerKey(peer: INetworkPolicyPeer): { namespace: string | undefined; podLabels: Record<string, string> | undefined } {
  return { namespace: peer.namespaceSelector?.matchLabels?.[NAMESPACE_LABEL], podLabels: peer.podSelector?.matchLabels };
}

/** Whether the selector matches pods carrying these labels. */
function selects(selector: NonNullable<INetworkPolicy['spec']>['podSelector'] | undefined, labels: Record<string, string>): boolean {
  const { matchLabels = {}, matchExpressions = [] } = selector ?? {};
  return matchExpressions.length === 0 && Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
}

/** Whether inner is a smaller block inside outer: what Kubernetes requires of an ipBlock's except. */
function isStrictSubnet(inner: string, outer: string): boolean {
  const bits = (cidr: string) => Number(cidr.split('/')[1]);
  return bits(inner) > bits(outer) && cidrContains(outer, inner.split('/')[0]!);
}

const isDnsRule = (rule: INetworkPolicyEgressRule) =>
  rule.to?.some((peer) => peer.namespaceSelector?.matchLabels?.[NAMESPACE_LABEL] === 'kube-system' && peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns') === true;

describe('NetworkPolicy', () => {
  for (const { name, profile, file, policies, podLabels } of CASES) {
    describe(name, () => {
      const [defaultDeny, app] = policies;

      const sameNamespaceClients = profile.exposure === 'internal' ? profile.clients.filter((client) => (client.namespace ?? profile.namespace) === profile.namespace) : [];

      it('holds a default deny, then the app policy, then one egress policy per client in the namespace', () => {
        expect(policies).toHaveLength(2 + sameNamespaceClients.length);
        expect(defaultDeny?.spec?.podSelector).toEqual({});
        expect(defaultDeny?.spec?.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
        expect(defaultDeny?.spec?.ingress ?? []).toEqual([]);
        expect(defaultDeny?.spec?.egress ?? []).toEqual([]);
        expect(selects(app?.spec?.podSelector, podLabels)).toBe(true);
        expect(app?.spec?.podSelector?.matchLabels).toEqual({ [APP_LABEL]: profile.name });
        expect(app?.spec?.policyTypes).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
      });

      it('always lets the app resolve names through kube-dns, on UDP and TCP 53', () => {
        const dns = (app?.spec?.egress ?? []).filter(isDnsRule);
        expect(dns).toHaveLength(1);
        expect(dns[0]!.to).toHaveLength(1);
        expect(dns[0]!.ports).toEqual(expect.arrayContaining([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]));
        expect(dns[0]!.ports).toHaveLength(2);
      });

      it(`never allows egress to the cloud metadata service (${METADATA_ADDRESS})`, () => {
        for (const rule of app?.spec?.egress ?? []) {
          for (const peer of rule.to ?? []) {
            if (!peer.ipBlock || !cidrContains(peer.ipBlock.cidr, METADATA_ADDRESS)) continue;
            const excepted = (peer.ipBlock.except ?? []).some((except) => cidrContains(except, METADATA_ADDRESS));
            expect(excepted, `ipBlock ${peer.ipBlock.cidr} must except ${METADATA_ADDRESS}`).toBe(true);
          }
        }
      });

      it('only excepts blocks strictly inside their CIDR (the API server rejects anything else)', () => {
        for (const rule of app?.spec?.egress ?? []) {
          for (const { ipBlock } of rule.to ?? []) {
            for (const except of ipBlock?.except ?? []) {
              expect(isStrictSubnet(except, ipBlock!.cidr), `${except} inside ${ipBlock!.cidr}`).toBe(true);
            }
          }
        }
      });

      it('allows no egress rule without a destination and a port', () => {
        for (const rule of app?.spec?.egress ?? []) {
          expect(rule.to?.length, 'destinations').toBeGreaterThan(0);
          expect(rule.ports?.length, 'ports').toBeGreaterThan(0);
          for (const peer of rule.to ?? []) {
            // A namespace selector alone admits every pod of that namespace; a pod selector alone
            // means the app's own namespace. Both together name one set of pods.
            if (!peer.ipBlock) expect(peer.namespaceSelector && peer.podSelector, 'both selectors').toBeTruthy();
          }
        }
      });

      it('opens one egress rule per profile egress entry, on its port', () => {
        const rules = (app?.spec?.egress ?? []).filter((rule) => !isDnsRule(rule));
        expect(rules).toHaveLength(profile.egress.length);
        profile.egress.forEach((entry, index) => {
          const rule = rules[index]!;
          expect(rule.ports).toEqual([{ protocol: 'TCP', port: entry.port }]);
          expect(rule.to).toHaveLength(1);
          const peer = rule.to![0]!;
          if (!entry.to) {
            expect(peer.ipBlock).toEqual({ cidr: '0.0.0.0/0', except: [`${METADATA_ADDRESS}/32`] });
          } else if ('cidr' in entry.to) {
            expect(peer.ipBlock?.cidr).toBe(entry.to.cidr);
          } else {
            expect(peerKey(peer)).toEqual({ namespace: entry.to.namespace ?? profile.namespace, podLabels: { [APP_LABEL]: entry.to.app } });
          }
        });
      });

      const ingressRules = app?.spec?.ingress ?? [];
      if (profile.exposure === 'none') {
        it('admits no ingress at all', () => {
          expect(app?.spec?.policyTypes).toContain('Ingress');
          expect(ingressRules).toEqual([]);
        });
      } else {
        const expected =
          profile.exposure === 'public'
            ? [{ namespace: profile.ingress.namespace, podLabels: profile.ingress.podLabels }]
            : profile.clients.map((client) => ({ namespace: client.namespace ?? profile.namespace, podLabels: { [APP_LABEL]: client.app } }));
        it(`admits exactly the ${profile.exposure === 'public' ? 'ingress controller' : 'client apps'}, each by namespace and pod labels together, on the app port`, () => {
          const peers = ingressRules.flatMap((rule) => rule.from ?? []);
          expect(ingressRules.every((rule) => (rule.from?.length ?? 0) > 0)).toBe(true);
          expect(peers.map(peerKey)).toEqual(expected);
          for (const peer of peers) expect(peer.ipBlock).toBeUndefined();
          for (const rule of ingressRules) expect(rule.ports).toEqual([{ protocol: 'TCP', port: profile.port }]);
        });
      }

      // Issue 8 item 7: the namespace default deny blocks a same-namespace client's egress (DNS too).
      it('lets each client in the namespace resolve names and reach the app port, and nothing else', () => {
        const clientPolicies = policies.slice(2);
        expect(clientPolicies.map((policy) => policy.spec?.podSelector?.matchLabels)).toEqual(sameNamespaceClients.map((client) => ({ [APP_LABEL]: client.app })));
        for (const policy of clientPolicies) {
          expect(policy.metadata?.namespace).toBe(profile.namespace);
          expect(policy.spec?.policyTypes).toEqual(['Egress']);
          expect(policy.spec?.ingress).toBeUndefined();
          const [dns, app] = policy.spec!.egress!;
          expect(policy.spec!.egress).toHaveLength(2);
          expect(dns!.to!.map(peerKey)).toEqual([{ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }]);
          expect(dns!.ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
          // A podSelector alone selects pods in the policy's own namespace: the app's pods.
          expect(app!.to).toEqual([{ podSelector: { matchLabels: { [APP_LABEL]: profile.name } } }]);
          expect(selects(app!.to![0]!.podSelector, podLabels)).toBe(true);
          expect(app!.ports).toEqual([{ protocol: 'TCP', port: profile.port }]);
        }
        for (const client of profile.exposure === 'internal' ? profile.clients : []) {
          if ((client.namespace ?? profile.namespace) === profile.namespace) continue;
          expect(file.content).toContain(`# ${client.app} in namespace ${client.namespace}: if that namespace denies egress by default, its pods need`);
        }
      });

      it('explains every rule in a comment', () => {
        const document = parseAllDocuments(file.content)[1]!;
        for (const direction of ['ingress', 'egress']) {
          const rules = document.getIn(['spec', direction], true);
          if (!isSeq(rules)) continue;
          rules.items.forEach((rule, index) => {
            // yaml attaches the comment above a sequence's first item to the sequence itself.
            const comment = (rule as { commentBefore?: string }).commentBefore ?? (index === 0 ? rules.commentBefore : undefined);
            expect(comment?.trim(), `${direction}[${index}]`).toMatch(/\S{3}/);
          });
        }
      });
    });
  }
});

describe('egress to the cloud metadata service', () => {
  it('is refused in the profile when it names the metadata address alone', () => {
    const input: ProfileInput = { name: 'meta', image: 'ghcr.io/acme/meta', language: 'go', egress: [{ service: 'custom', port: 80, to: { cidr: `${METADATA_ADDRESS}/32` } }] };
    expect(() => profileFrom(input)).toThrow(ProfileError);
    expect(() => profileFrom(input)).toThrow(/metadata service/);
  });


  it('is recognised in every block that reaches it', () => {
    expect(cidrContains('0.0.0.0/0', METADATA_ADDRESS)).toBe(true);
    expect(cidrContains('169.254.0.0/16', METADATA_ADDRESS)).toBe(true);
    expect(cidrContains('169.254.169.254/32', METADATA_ADDRESS)).toBe(true);
    expect(cidrContains('10.0.0.0/8', METADATA_ADDRESS)).toBe(false);
    expect(cidrContains('128.0.0.0/1', METADATA_ADDRESS)).toBe(true);
    expect(cidrContains('0.0.0.0/1', METADATA_ADDRESS)).toBe(false);
  });
});

// Issue 8 item 12: public exposure routes through the Gateway API by default (ingress-nginx is
// retired), with Ingress as an option; the route's parent feeds the NetworkPolicy's one peer.
describe('routes from outside the cluster', () => {
  const web = { name: 'web', image: 'ghcr.io/acme/web', language: 'node', port: 3000 } as const;
  const filesOf = (input: Parameters<typeof profileFrom>[0]) => new Map(plan(profileFrom(input)).map((file) => [file.path, file.content]));

  it('by default: an HTTPRoute on the Gateway gateway-system/public, and only its data plane may connect', () => {
    const files = filesOf(web);
    const route = parse(files.get('k8s/httproute.yaml')!) as Record<string, any>;
    expect(httpRouteSchema.parse(route).spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway-system', name: 'public' }]);
    expect(route.spec.rules).toEqual([{ backendRefs: [{ name: 'web', port: 3000 }] }]);
    expect(route.spec.hostnames).toBeUndefined();
    expect(files.has('k8s/ingress.yaml')).toBe(false);
    expect(parse(files.get('k8s/kustomization.yaml')!).resources).toContain('httproute.yaml');
    const allow = parseAllDocuments(files.get('k8s/networkpolicy.yaml')!).map((d) => d.toJS()).find((p) => p.spec.ingress?.length);
    expect(allow.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } } },
    ]);
  });

  it('a named Gateway and host names reach the route and the NetworkPolicy; the note says what the Gateway must allow', () => {
    const profile = profileFrom({ ...web, route: { gateway: { namespace: 'edge', name: 'shared' }, hostnames: ['web.example.com'] } });
    const route = parse(plan(profile).find((f) => f.path === 'k8s/httproute.yaml')!.content);
    expect(route.spec.parentRefs[0]).toMatchObject({ namespace: 'edge', name: 'shared' });
    expect(route.spec.hostnames).toEqual(['web.example.com']);
    expect(profile.ingress).toEqual({ namespace: 'edge', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } });
    expect(planNotes(profile).join('\n')).toMatch(/Gateway edge\/shared, in another namespace: its listener must allow routes from namespace web \(allowedRoutes/);
  });

  it('--route ingress writes an Ingress (class, one rule per host, no annotations) instead', () => {
    const files = filesOf({ ...web, route: { kind: 'ingress', ingressClass: 'nginx', hostnames: ['a.example.com', 'b.example.com'] } });
    const ingress = parse(files.get('k8s/ingress.yaml')!);
    expect(() => validateWithModel(ingress)).not.toThrow();
    expect(ingress.metadata.annotations).toBeUndefined();
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual(['a.example.com', 'b.example.com']);
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { number: 3000 } } });
    expect(files.has('k8s/httproute.yaml')).toBe(false);
    expect(parse(files.get('k8s/kustomization.yaml')!).resources).toContain('ingress.yaml');
  });

  it('internal and worker apps get no route at all', () => {
    for (const exposure of ['internal', 'none'] as const) {
      const files = filesOf({ ...web, exposure, ...(exposure === 'internal' ? { clients: [{ app: 'frontend' }] } : {}) });
      expect([...files.keys()].filter((p) => /httproute|ingress\.yaml/.test(p))).toEqual([]);
    }
  });

  it('the HTTPRoute schema refuses unknown fields and bad host names, as the CRD does', () => {
    const route = parse(filesOf(web).get('k8s/httproute.yaml')!);
    expect(httpRouteSchema.safeParse({ ...route, spec: { ...route.spec, parentRef: [] } }).success).toBe(false);
    expect(httpRouteSchema.safeParse({ ...route, spec: { ...route.spec, hostnames: ['10.0.0.1:80'] } }).success).toBe(false);
  });

  it('refuses a Gateway without a namespace and host names the CRD would refuse, naming the flag', () => {
    expect(() => profileInputFromFlags({ gateway: 'public' })).toThrow(/--gateway: "public" is not allowed: must be NAMESPACE\/NAME/);
    expect(() => profileFrom({ ...web, route: { hostnames: ['Web.Example.com'] } })).toThrow(/route\.hostnames.*\(--hostnames\)/);
  });
});
