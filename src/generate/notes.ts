// What the user should read after a plan: why some choices were made (notes) and the commands
// that take the generated files the rest of the way (next steps). Shared by the CLI and the wizard.
import { CLOUD_METADATA_CIDR } from '../profile/catalogue.js';
import type { Profile } from '../profile/schema.js';
import { buildView, remoteClients } from './view.js';

export function planNotes(profile: Profile): string[] {
  const notes: string[] = [];
  if (profile.port < 1024) {
    notes.push(
      `Port ${profile.port} is below 1024. The pod sets net.ipv4.ip_unprivileged_port_start=0, which lets a non-root ` +
        'process that cannot escalate privileges bind it; NET_BIND_SERVICE is not added, because such a process never ' +
        'gets it. A port of 1024 or above needs no sysctl.',
    );
  }
  if (profile.writablePaths.length === 0) {
    notes.push('No writable paths: the root filesystem is read-only and nothing is mounted writable. An app that writes a temp file will fail; add --writable /tmp.');
  }
  if (profile.ci.sign === 'key' && profile.admission === 'none') {
    notes.push('Images are signed with a key but nothing verifies them at admission; pass --public-key cosign.pub and --admission kyverno|sigstore.');
  }
  if (profile.ci.sign !== 'none' && profile.admission === 'none') {
    notes.push('Signatures are created in CI but not checked at deploy time; an unsigned image would still run. Choose --admission kyverno or sigstore.');
  }
  // A database is never "the Internet": without a target its port is open to every address. Kept a
  // warning rather than an error so a quick first run still works; the text says exactly what is open.
  for (const rule of profile.egress) {
    if (rule.to !== undefined || !DATABASE_SERVICES.has(rule.service)) continue;
    notes.push(
      `Warning: egress ${rule.service} has no target, so TCP ${rule.port} is open to every IPv4 address (0.0.0.0/0 except ` +
        `${CLOUD_METADATA_CIDR}). Name the database with --egress ${rule.service}=CIDR or ${rule.service}=[NS/]APP.`,
    );
  }
  for (const client of remoteClients(profile)) {
    notes.push(
      `${client.app} runs in namespace ${client.namespace}: if that namespace denies egress by default, its pods need egress to ` +
        `pods labelled app.kubernetes.io/name=${profile.name} in namespace ${profile.namespace} on TCP ${profile.port}, and to kube-dns on UDP and TCP 53.`,
    );
  }
  if (profile.exposure === 'public') {
    const peers = `pods labelled ${Object.entries(profile.ingress.podLabels).map(([k, v]) => `${k}=${v}`).join(',')} in namespace ${profile.ingress.namespace}`;
    if (profile.route.kind === 'gateway') {
      const { namespace, name } = profile.route.gateway;
      notes.push(
        `The HTTPRoute attaches to the Gateway ${namespace}/${name}${namespace === profile.namespace ? '' : `, in another namespace: its listener must allow routes from namespace ${profile.namespace} (allowedRoutes.namespaces from: All, or a Selector on kubernetes.io/metadata.name)`}. ` +
          `Only ${peers} may connect: implementations that run the Gateway in the cluster label its pods so (Istio, NGINX Gateway Fabric); ` +
          'Envoy Gateway runs them in envoy-gateway-system labelled gateway.envoyproxy.io/owning-gateway-name: set --ingress-namespace and --ingress-labels to match yours.',
      );
    } else {
      notes.push(`Only ${peers} may connect; check these match your ingress controller.`);
    }
  }
  return notes;
}

const DATABASE_SERVICES: ReadonlySet<string> = new Set(['postgres', 'mysql', 'redis', 'mongodb']);

export interface NextStep {
  readonly title: string;
  readonly command: string;
}

export interface NextStepsOptions {
  /** Files the person kept as they were instead of the generated ones (the wizard's review). */
  readonly kept?: readonly string[];
}

export function nextSteps(profile: Profile, { kept = [] }: NextStepsOptions = {}): NextStep[] {
  const view = buildView(profile);
  const ref = view.image.ref;
  const steps: NextStep[] = [];
  if (kept.includes(view.paths.dockerfile)) {
    steps.push({
      title: `Your own ${view.paths.dockerfile} was kept: the manifests expect its image to run as a non-root numeric user (UID ${view.uid}), ` +
        `listen on ${profile.port} and write only to ${profile.writablePaths.join(', ') || 'nothing'}; check what it does not`,
      command: `npx create-secure-container audit ${view.paths.dockerfile}`,
    });
  }
  steps.push(
    { title: 'Build the image', command: `docker build -t ${ref} .` },
    {
      title: 'Scan it as CI will',
      command: `trivy image --severity ${view.ci.severity} ${profile.ci.ignoreUnfixed ? '--ignore-unfixed ' : ''}--exit-code 1 ${ref}`,
    },
    { title: 'Check the manifests against your cluster', command: 'kubectl apply --dry-run=server -k k8s/' },
  );
  steps.push(...signingKeySteps(profile));
  if (view.paths.workflow) steps.push({ title: 'Push, and let CI build, scan and sign', command: `git add -A && git commit -m "Harden container" && git push` });
  steps.push(...releaseSteps(profile, ref));
  if (view.paths.admissionPolicy) steps.push({ title: 'Install the admission policy (cluster admin)', command: `kubectl apply -f ${view.paths.admissionPolicy}` });
  steps.push({ title: 'Deploy', command: 'kubectl apply -k k8s/' });
  if (view.identity) {
    steps.push({
      title: 'Verify a signature by hand',
      command: `cosign verify ${ref} --certificate-oidc-issuer ${view.identity.issuer} --certificate-identity-regexp '${view.identity.subjectRegExp}'`,
    });
  } else if (profile.ci.sign === 'key') {
    steps.push({ title: 'Verify a signature by hand', command: `cosign verify --key cosign.pub ${ref}` });
  }
  return steps;
}

/** Key signing in CI needs the key where only the publishing branch and tags can read it. */
function signingKeySteps(profile: Profile): NextStep[] {
  if (profile.ci.sign !== 'key' || profile.ci.system === 'none') return [];
  if (profile.ci.system === 'gitlab') {
    return [
      { title: 'Create the signing key as CI/CD variables (COSIGN_PRIVATE_KEY, COSIGN_PASSWORD, COSIGN_PUBLIC_KEY)', command: `cosign generate-key-pair gitlab://${profile.repository}` },
      {
        title: `Then, before any pipeline runs: protect the branch ${profile.branch} and tags v* (Settings > Repository), and mark the ` +
          'three variables "Protected", COSIGN_PASSWORD also "Masked" (Settings > CI/CD > Variables); the generated pipeline says why',
        command: `glab variable list --repo ${profile.repository}`,
      },
    ];
  }
  const environment = buildView(profile).publishEnvironment;
  return [
    { title: 'Create the signing key (commit cosign.pub, never cosign.key)', command: 'cosign generate-key-pair' },
    {
      title: `Store it in the "${environment}" environment, limited to ${profile.branch} and v* tags (Settings > Environments), then delete cosign.key`,
      command: `gh secret set COSIGN_PRIVATE_KEY --env ${environment} < cosign.key && gh secret set COSIGN_PASSWORD --env ${environment}`,
    },
  ];
}

/**
 * The Deployment runs one tag; say how CI comes to build it. CI tags a release vX.Y.Z as X.Y.Z and
 * a push to a branch with the branch's name, so a version tag needs a git tag, and any other tag
 * is one CI never builds.
 */
function releaseSteps(profile: Profile, ref: string): NextStep[] {
  if (profile.ci.system === 'none') return [{ title: `Push the tag the Deployment runs (no CI builds it)`, command: `docker push ${ref}` }];
  if (/^\d+\.\d+\.\d+$/.test(profile.imageTag)) {
    return [{ title: `Tag a release: CI builds, scans and signs ${profile.imageTag}, the tag the Deployment runs`, command: `git tag v${profile.imageTag} && git push origin v${profile.imageTag}` }];
  }
  if (profile.imageTag === profile.branch) return [];
  return [
    {
      title: `CI never builds the tag ${profile.imageTag} (it tags releases vX.Y.Z as X.Y.Z and ${profile.branch} by its name): push it yourself, or set --tag`,
      command: `docker push ${ref}`,
    },
  ];
}
