// Profile -> the values templates read. Everything that is more than a lookup is computed here,
// once, so a value that appears in several files (port, UID, names, labels, image, writable
// paths, signing identity) is the same value everywhere. Templates only print and loop.
import { CATALOGUE, CLOUD_METADATA_CIDR, EGRESS_SERVICES, LANGUAGES, NONROOT_UID, runtimeFor } from '../profile/catalogue.js';
import { ADMISSION, CI_SYSTEMS, EXPOSURES, type Profile, SIGNING, volumeNameFor } from '../profile/schema.js';
import { pythonCmdArguments } from '../profile/run-command.js';
import actionPins from './action-pins.json' with { type: 'json' };
import { escapeRegExp, imageGlobs } from './image-globs.js';

/** ["-m", "app"] as Dockerfile exec form, one space after each comma as the templates write it. */
function execForm(words: readonly string[]): string {
  return `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
}

export interface PodPeer {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface EgressRule {
  /** A short note for the YAML comment: what this rule lets the app reach. */
  readonly purpose: string;
  readonly port: number;
  readonly cidr?: { readonly cidr: string; readonly except: readonly string[] };
  readonly pods?: PodPeer;
}

export interface SigningIdentity {
  readonly issuer: string;
  /** The exact certificate identity of the main-branch build. */
  readonly subject: string;
  /** Anchored regular expression accepting the main branch and release tags (v*). */
  readonly subjectRegExp: string;
}

export interface ActionPin {
  readonly uses: string;
  readonly version: string;
  /** owner/repo and the commit on their own, for actions used by sub-path (github/codeql-action/upload-sarif). */
  readonly action: string;
  readonly sha: string;
}

/** Paths of the generated files, referenced from other files (README steps, SECURITY.md, CI). */
export interface OutputPaths {
  readonly dockerfile: string;
  readonly kustomization: string;
  readonly workflow: string | undefined;
  readonly falcoRules: string | undefined;
  readonly admissionPolicy: string | undefined;
}

const APP_LABEL = 'app.kubernetes.io/name';
const DNS_PORT = 53;
const GITHUB_WORKFLOW = '.github/workflows/container.yml';

/**
 * The GitLab pipeline, from the repository root. GitLab reads only the root .gitlab-ci.yml, so a
 * service of a monorepo gets its own file under .gitlab/ci/, which the root one includes.
 */
function gitlabPipelinePath(profile: Profile): string {
  return profile.serviceDir ? `.gitlab/ci/${profile.name}.gitlab-ci.yml` : GITLAB_PIPELINE;
}

/** The workflow file, from the repository root: one per service in a monorepo. */
function githubWorkflowPath(profile: Profile): string {
  return profile.serviceDir ? `.github/workflows/container-${profile.name}.yml` : GITHUB_WORKFLOW;
}
const GITLAB_PIPELINE = '.gitlab-ci.yml';

export function buildView(profile: Profile) {
  const spec = CATALOGUE[profile.language];
  const runtime = runtimeFor(profile.language, profile.runtimeVersion);
  if (!runtime) throw new Error(`no runtime ${profile.runtimeVersion} for ${profile.language}`); // the schema rules this out
  const selector = { [APP_LABEL]: profile.name };
  const paths: OutputPaths = {
    dockerfile: 'Dockerfile',
    kustomization: 'k8s/kustomization.yaml',
    workflow: profile.ci.system === 'github' ? githubWorkflowPath(profile) : profile.ci.system === 'gitlab' ? gitlabPipelinePath(profile) : undefined,
    falcoRules: profile.falco.enabled ? `falco/${profile.name}-rules.yaml` : undefined,
    admissionPolicy: profile.admission === 'none' ? undefined : `policy/${profile.admission}-verify-images.yaml`,
  };
  return {
    profile,
    name: profile.name,
    namespace: profile.namespace,
    port: profile.port,
    portName: 'http',
    uid: NONROOT_UID,
    replicas: profile.replicas,
    labels: selector,
    selector,
    image: {
      repository: profile.image,
      tag: profile.imageTag,
      ref: `${profile.image}:${profile.imageTag}`,
      /** Hosted registry the CI logs in to and the host part of the image. */
      registry: profile.image.split('/')[0]!,
    },
    language: choice(LANGUAGES, profile.language),
    languageLabel: spec.label,
    /**
     * The service's folder as the repository-root workflow names it: `.` and no prefix, or the
     * monorepo folder (`vote`, `vote/`) for the build context, scans and the paths filter.
     */
    dir: {
      service: profile.serviceDir !== undefined,
      context: profile.serviceDir ?? '.',
      prefix: profile.serviceDir ? `${profile.serviceDir}/` : '',
      /** The Dockerfile as the repository root names it (Renovate's config lives there). */
      dockerfile: `${profile.serviceDir ? `${profile.serviceDir}/` : ''}Dockerfile`,
      /** Prefix of the service's GitLab job names (jobs of every included pipeline share one namespace). */
      job: profile.serviceDir ? `${profile.name}-` : '',
      /** The workflow's paths filter: everything under the service folder. */
      filter: profile.serviceDir ? `${profile.serviceDir}/**` : undefined,
    },
    /** The Dockerfile's build stage cross-compiles (Go, Rust): CI builds both platforms without emulation. */
    crossCompiles: profile.language === 'go' || profile.language === 'rust',
    /** Every included service pipeline declares the same stages (the last include's list wins), sbom among them. */
    gitlabSbomStage: profile.ci.sbom || profile.serviceDir !== undefined,
    runtimeVersion: profile.runtimeVersion,
    builderImage: runtime.builderByTool?.[profile.buildTool] ?? runtime.builder,
    runtimeImage: runtime.runtime,
    /** distroless's busybox variant of the runtime image, for local debugging only (DEVELOPING.md). */
    debugImage: runtime.runtime.replace(/:nonroot$/, ':debug-nonroot'),
    buildTool: choice(ALL_BUILD_TOOLS, profile.buildTool),
    buildToolName: profile.buildTool,
    entrypoint: profile.entrypoint,
    pythonModule: profile.language === 'python' && !profile.entrypoint.endsWith('.py'),
    /** Python: the exec-form CMD after the interpreter, from the run command or the entry point. */
    pythonCmd: execForm(profile.command ? pythonCmdArguments(profile.command) : profile.entrypoint.endsWith('.py') ? [profile.entrypoint] : ['-m', profile.entrypoint]),
    /** Java: the folder the build writes jars to, and the one jar to run when the entry point names one (not app.jar). */
    jarDir: profile.entrypoint.includes('/') ? profile.entrypoint.slice(0, profile.entrypoint.lastIndexOf('/')) : '.',
    jarName: profile.entrypoint.endsWith('/app.jar') || profile.entrypoint === 'app.jar' ? undefined : profile.entrypoint.slice(profile.entrypoint.lastIndexOf('/') + 1),
    netBindService: profile.port < 1024,
    writable: profile.writablePaths.map((path) => ({ path, volume: volumeNameFor(path) })),
    /** Project files the app reads at run time, copied into the runtime stage under its working directory. */
    assets: profile.assets,
    exposure: choice(EXPOSURES, profile.exposure),
    exposed: profile.exposure !== 'none',
    pdb: profile.replicas > 1,
    compose: composeView(profile),
    probes: {
      tcp: profile.probes === 'tcp',
      none: profile.probes === 'none',
      httpPath: profile.probes.startsWith('http:') ? profile.probes.slice('http:'.length) : undefined,
    },
    /** How outside traffic reaches a public app: an HTTPRoute on a Gateway, or an Ingress. */
    route: {
      gateway: profile.exposure === 'public' && profile.route.kind === 'gateway',
      ingress: profile.exposure === 'public' && profile.route.kind === 'ingress',
      parent: profile.route.gateway,
      hostnames: profile.route.hostnames,
      ingressClass: profile.route.ingressClass,
    },
    ingressFrom: ingressPeers(profile),
    clientEgress: clientEgress(profile),
    remoteClients: remoteClients(profile),
    egress: egressRules(profile),
    metadataCidr: CLOUD_METADATA_CIDR,
    /** Destination ports the NetworkPolicy lets the app reach: DNS (53) and every egress rule's port, ascending. */
    egressPorts: egressPorts(profile),
    resources: profile.resources,
    ci: {
      ...choice(CI_SYSTEMS, profile.ci.system),
      severity: profile.ci.severity.join(','),
      ignoreUnfixed: profile.ci.ignoreUnfixed,
      sbom: profile.ci.sbom,
      signed: profile.ci.sign !== 'none',
    },
    sign: choice(SIGNING, profile.ci.sign),
    /** GitHub environment whose branch/tag rules guard the key-mode signing secrets. */
    publishEnvironment: PUBLISH_ENVIRONMENT,
    identity: signingIdentity(profile),
    admission: choice(ADMISSION, profile.admission),
    falco: profile.falco,
    falcoRuleset: falcoRuleset(profile),
    imageGlobs: imageGlobs(profile.image),
    /** The admission policy is cluster-scoped, so its name carries the namespace too. */
    admissionPolicyName: `${profile.namespace}-${profile.name}-signed-images`,
    publicKey: profile.publicKey?.trimEnd(),
    pins: pinsByName(),
    paths,
  };
}

export type View = ReturnType<typeof buildView>;

export const PUBLISH_ENVIRONMENT = 'container-publish';

const ALL_BUILD_TOOLS = [...new Set(LANGUAGES.flatMap((language) => CATALOGUE[language].buildTools))];

/** Every option of a choice as a boolean, so strict templates can test any of them: {{#if ci.github}}. */
function choice<T extends string>(options: readonly T[], chosen: T): Record<T, boolean> {
  return Object.fromEntries(options.map((option) => [option, option === chosen])) as Record<T, boolean>;
}

function ingressPeers(profile: Profile): PodPeer[] {
  if (profile.exposure === 'public') return [{ namespace: profile.ingress.namespace, podLabels: profile.ingress.podLabels }];
  if (profile.exposure === 'internal') {
    return profile.clients.map((client) => ({
      namespace: client.namespace ?? profile.namespace,
      podLabels: { [APP_LABEL]: client.app },
    }));
  }
  return [];
}

/**
 * Clients in the app's own namespace: the namespace's default deny blocks their egress too (DNS
 * included), so each gets a policy that lets its pods resolve names and reach this app's port.
 */
function clientEgress(profile: Profile) {
  if (profile.exposure !== 'internal') return [];
  return profile.clients
    .filter((client) => (client.namespace ?? profile.namespace) === profile.namespace)
    .map((client) => ({ app: client.app, policyName: `${client.app}-to-${profile.name}`, podLabels: { [APP_LABEL]: client.app } }));
}

/** Images for the local stand-ins of declared databases in compose.yaml (commented out there). */
const COMPOSE_IMAGES: Readonly<Record<string, string>> = { postgres: 'postgres:17', mysql: 'mysql:8.4', redis: 'redis:8', mongodb: 'mongo:8' };

/** compose.yaml: the same image, UID, writable paths (as tmpfs sized like the emptyDirs) and port. */
function composeView(profile: Profile) {
  return {
    image: `${profile.image}:dev`,
    tmpfs: profile.writablePaths.map((path) => `${path}:size=128m,uid=${NONROOT_UID},gid=${NONROOT_UID},mode=0700`),
    port: `127.0.0.1:${profile.port}:${profile.port}`,
    dependencies: profile.egress.flatMap((rule) => {
      const image = COMPOSE_IMAGES[rule.service];
      return image === undefined ? [] : [{ service: rule.service, port: rule.port, image, purpose: rule.service }];
    }),
  };
}

/** Clients in other namespaces: this file cannot open their egress; the notes say what they need. */
export function remoteClients(profile: Profile): { app: string; namespace: string }[] {
  if (profile.exposure !== 'internal') return [];
  return profile.clients.flatMap((client) =>
    client.namespace !== undefined && client.namespace !== profile.namespace ? [{ app: client.app, namespace: client.namespace }] : [],
  );
}

function egressRules(profile: Profile): EgressRule[] {
  return profile.egress.map((rule) => {
    const known = rule.service === 'custom' ? undefined : EGRESS_SERVICES[rule.service];
    const purpose = rule.service === 'custom' ? `custom destination on port ${rule.port}` : rule.service === 'https' ? 'external HTTPS' : rule.service;
    const base = { purpose: known !== undefined && known !== rule.port ? `${purpose} (port ${rule.port})` : purpose, port: rule.port };
    if (!rule.to) return { ...base, cidr: { cidr: '0.0.0.0/0', except: [CLOUD_METADATA_CIDR] } };
    if ('cidr' in rule.to) {
      return { ...base, cidr: { cidr: rule.to.cidr, except: cidrContains(rule.to.cidr, '169.254.169.254') ? [CLOUD_METADATA_CIDR] : [] } };
    }
    return { ...base, pods: { namespace: rule.to.namespace ?? profile.namespace, podLabels: { [APP_LABEL]: rule.to.app } } };
  });
}

/** Whether an IPv4 CIDR contains an address (used to carve the metadata service out of wide blocks). */
export function cidrContains(cidr: string, address: string): boolean {
  const [base, bits] = cidr.split('/');
  const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = Number(bits);
  if (size === 0) return true;
  const mask = (0xffffffff << (32 - size)) >>> 0;
  return ((toNumber(base!) & mask) >>> 0) === ((toNumber(address) & mask) >>> 0);
}

function egressPorts(profile: Profile): number[] {
  return [...new Set([DNS_PORT, ...profile.egress.map((rule) => rule.port)])].sort((a, b) => a - b);
}

/** Directories of the image's operating system; the Falco rules flag any write below them. */
export const FALCO_SYSTEM_DIRECTORIES = ['/bin', '/boot', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/root', '/sbin', '/usr'] as const;

function falcoRuleset(profile: Profile) {
  // Falco's rule, list and macro names are global across every loaded file, so two apps called "api"
  // in different namespaces need different names; the namespace is left out when it is the name.
  const qualified = profile.namespace === profile.name ? [profile.name] : [profile.namespace, profile.name];
  return {
    /** The app in rule names: "web", or "shop/orders" when the namespace differs from the name. */
    label: qualified.join('/'),
    /** Prefix of this app's lists and macros: an identifier, as Falco names allow no '-'. */
    prefix: qualified.join('_').replace(/-/g, '_'),
    systemDirectories: FALCO_SYSTEM_DIRECTORIES,
    /** Writable paths (emptyDir volumes) below a system directory: writes there are the app's own. */
    writableSystemPaths: profile.writablePaths.filter((path) =>
      FALCO_SYSTEM_DIRECTORIES.some((directory) => path === directory || path.startsWith(`${directory}/`)),
    ),
  };
}

function signingIdentity(profile: Profile): SigningIdentity | undefined {
  if (profile.ci.sign !== 'keyless') return undefined;
  const branch = escapeRegExp(profile.branch);
  if (profile.ci.system === 'github') {
    const prefix = `https://github.com/${profile.repository}/${githubWorkflowPath(profile)}@refs/`;
    return {
      issuer: 'https://token.actions.githubusercontent.com',
      subject: `${prefix}heads/${profile.branch}`,
      subjectRegExp: `^${escapeRegExp(prefix)}(heads/${branch}|tags/v.+)$`,
    };
  }
  // GitLab's certificate identity is the project URL, two slashes, then the pipeline file and ref.
  const prefix = `https://gitlab.com/${profile.repository}//${GITLAB_PIPELINE}@refs/`;
  return {
    issuer: 'https://gitlab.com',
    subject: `${prefix}heads/${profile.branch}`,
    subjectRegExp: `^${escapeRegExp(prefix)}(heads/${branch}|tags/v.+)$`,
  };
}

/** Pinned actions by short name: pins.checkout.uses = "actions/checkout@<sha>", .version = "v7.0.1". */
function pinsByName(): Record<string, ActionPin> {
  const pins: Record<string, ActionPin> = {};
  for (const [action, { sha, version }] of Object.entries(actionPins.actions)) {
    const short = action.split('/')[1]!.replace(/-action$/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    pins[short] = { uses: `${action}@${sha}`, version, action, sha };
  }
  return pins;
}
