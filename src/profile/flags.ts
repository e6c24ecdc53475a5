// Command-line flags -> ProfileInput. Every profile field has a flag; the text forms of the
// structured fields (egress, clients, labels) are parsed here with errors that name the flag.
import { EGRESS_SERVICES } from './catalogue.js';
import type { ProfileInput } from './resolve.js';
import { ProfileError } from './resolve.js';
import type { Client, Egress } from './schema.js';
import { splitShellWords } from './shell-words.js';
import { withoutTrailing } from '../util/trim.js';

/** The profile flags, in the form node:util parseArgs takes. */
export const PROFILE_FLAGS = {
  name: { type: 'string' },
  namespace: { type: 'string' },
  image: { type: 'string' },
  tag: { type: 'string' },
  repository: { type: 'string' },
  branch: { type: 'string' },
  'service-dir': { type: 'string' },
  language: { type: 'string' },
  'runtime-version': { type: 'string' },
  'build-tool': { type: 'string' },
  entrypoint: { type: 'string' },
  command: { type: 'string' },
  port: { type: 'string' },
  exposure: { type: 'string' },
  route: { type: 'string' },
  gateway: { type: 'string' },
  hostnames: { type: 'string', multiple: true },
  'ingress-class': { type: 'string' },
  'ingress-namespace': { type: 'string' },
  'ingress-labels': { type: 'string' },
  clients: { type: 'string', multiple: true },
  egress: { type: 'string', multiple: true },
  writable: { type: 'string', multiple: true },
  assets: { type: 'string', multiple: true },
  replicas: { type: 'string' },
  probes: { type: 'string' },
  'cpu-request': { type: 'string' },
  'cpu-limit': { type: 'string' },
  'memory-request': { type: 'string' },
  'memory-limit': { type: 'string' },
  ci: { type: 'string' },
  severity: { type: 'string' },
  'ignore-unfixed': { type: 'boolean' },
  sbom: { type: 'boolean' },
  sign: { type: 'string' },
  admission: { type: 'string' },
  falco: { type: 'boolean' },
  'shell-parents': { type: 'string', multiple: true },
} as const;

export type FlagValues = { [K in keyof typeof PROFILE_FLAGS]?: (typeof PROFILE_FLAGS)[K] extends { multiple: true }
  ? string[]
  : (typeof PROFILE_FLAGS)[K] extends { type: 'boolean' }
    ? boolean
    : string };

/** Comma-separated and repeated flags both work: --egress postgres,https or --egress postgres --egress https. */
function list(values: readonly string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

function integer(flag: string, text: string | undefined, problems: string[]): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text.trim())) {
    problems.push(`${flag}: ${JSON.stringify(text)} is not allowed: must be a whole number`);
    return undefined;
  }
  return Number(text.trim());
}

/** "app" or "namespace/app" */
export function parseClient(text: string): Client {
  const parts = text.split('/');
  if (parts.length === 1) return { app: parts[0]! };
  if (parts.length === 2) return { namespace: parts[0]!, app: parts[1]! };
  throw new Error('use app or namespace/app');
}

/**
 * Egress shorthand:
 *   postgres | mysql | redis | mongodb | https      anywhere (except cloud metadata) on the usual port
 *   postgres=10.0.0.0/16                            only that CIDR
 *   redis=cache, redis=data/cache                   pods labelled app.kubernetes.io/name=cache (in namespace data)
 *   ...:PORT                                        another port: postgres=10.0.0.0/16:6432, custom=10.1.0.0/16:8443
 */
export function parseEgress(text: string): Egress {
  const [service, rawTarget] = splitOnce(text, '=');
  const known = (EGRESS_SERVICES as Record<string, number>)[service];
  if (known === undefined && service !== 'custom') {
    throw new Error(`unknown service ${JSON.stringify(service)}; use ${[...Object.keys(EGRESS_SERVICES), 'custom'].join(', ')}`);
  }
  if (rawTarget === undefined) {
    if (known === undefined) throw new Error('custom needs a destination and port: custom=10.1.0.0/16:8443 or custom=namespace/app:8443');
    return { service: service as Egress['service'], port: known };
  }
  const portMatch = /:(\d{1,5})$/.exec(rawTarget);
  const port = portMatch ? Number(portMatch[1]) : known;
  if (port === undefined) throw new Error('custom needs a port: custom=10.1.0.0/16:8443');
  const target = portMatch ? rawTarget.slice(0, portMatch.index) : rawTarget;
  if (service === 'https' && target !== '') throw new Error('https always means any external address on 443; use custom=CIDR:443 for a narrower rule');
  if (/^[\d.]+\/\d+$/.test(target)) return { service: service as Egress['service'], port, to: { cidr: target } };
  if (/^[\d.]+$/.test(target)) return { service: service as Egress['service'], port, to: { cidr: `${target}/32` } };
  if (target.includes('.')) {
    throw new Error(`${JSON.stringify(target)} looks like a host name; NetworkPolicy matches addresses, not names: give a CIDR or namespace/app`);
  }
  const client = parseClient(target);
  return { service: service as Egress['service'], port, to: client.namespace ? { namespace: client.namespace, app: client.app } : { app: client.app } };
}

/** "gateway-system/public": the Gateway's namespace and name (the namespace is required). */
export function parseGateway(text: string): { namespace: string; name: string } {
  const [namespace, name] = splitOnce(text.trim(), '/');
  if (name === undefined || namespace === '' || name === '') throw new Error('must be NAMESPACE/NAME of the Gateway, e.g. gateway-system/public');
  return { namespace, name };
}

/** "key=value,key2=value2" */
export function parseLabels(text: string): Record<string, string> {
  // No prototype: a `__proto__=x` pair becomes a key that validation refuses, not a silent no-op.
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = splitOnce(pair, '=');
    if (value === undefined) throw new Error(`${JSON.stringify(pair)} is not key=value`);
    labels[key] = value;
  }
  return labels;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function parseEach<T>(flag: string, items: string[] | undefined, parse: (text: string) => T, problems: string[]): T[] | undefined {
  if (!items) return undefined;
  const out: T[] = [];
  for (const item of items) {
    try {
      out.push(parse(item));
    } catch (error) {
      problems.push(`${flag}: ${JSON.stringify(item)} is not allowed: ${(error as Error).message}`);
    }
  }
  return out;
}

/** Turns flag values into a (partial) profile; throws ProfileError naming every bad flag. */
export function profileInputFromFlags(flags: FlagValues): ProfileInput {
  const problems: string[] = [];
  const labels = flags['ingress-labels'] === undefined ? undefined : parseEach('--ingress-labels', [flags['ingress-labels']], parseLabels, problems)?.[0];
  const input = {
    name: flags.name,
    namespace: flags.namespace,
    image: flags.image,
    imageTag: flags.tag,
    repository: flags.repository,
    branch: flags.branch,
    // `.` says the target is the repository itself, not a service folder of it.
    serviceDir: flags['service-dir'] === undefined ? undefined : withoutTrailing(flags['service-dir'], '/') || '.',
    language: flags.language,
    runtimeVersion: flags['runtime-version'],
    buildTool: flags['build-tool'],
    entrypoint: flags.entrypoint,
    // An empty --command means none (the entry point runs), as an empty answer in the wizard does.
    command: flags.command === undefined || flags.command.trim() === '' ? undefined : parseEach('--command', [flags.command], splitShellWords, problems)?.[0],
    port: integer('--port', flags.port, problems),
    exposure: flags.exposure,
    route: {
      kind: flags.route,
      gateway: flags.gateway === undefined ? undefined : parseEach('--gateway', [flags.gateway], parseGateway, problems)?.[0],
      hostnames: list(flags.hostnames),
      // An empty --ingress-class means the cluster's default class, like leaving it out.
      ingressClass: flags['ingress-class'] === undefined || flags['ingress-class'].trim() === '' ? undefined : flags['ingress-class'].trim(),
    },
    ingress: { namespace: flags['ingress-namespace'], podLabels: labels },
    clients: parseEach('--clients', list(flags.clients), parseClient, problems),
    egress: parseEach('--egress', list(flags.egress), parseEgress, problems),
    writablePaths: list(flags.writable),
    assets: list(flags.assets)?.map((asset) => withoutTrailing(asset, '/')),
    replicas: integer('--replicas', flags.replicas, problems),
    probes: flags.probes,
    resources: {
      requests: { cpu: flags['cpu-request'], memory: flags['memory-request'] },
      limits: { cpu: flags['cpu-limit'], memory: flags['memory-limit'] },
    },
    ci: {
      system: flags.ci,
      severity: flags.severity === undefined ? undefined : list([flags.severity.toUpperCase()]),
      ignoreUnfixed: flags['ignore-unfixed'],
      sbom: flags.sbom,
      sign: flags.sign,
    },
    admission: flags.admission,
    falco: { enabled: flags.falco, allowedShellParents: list(flags['shell-parents']) },
  };
  if (problems.length > 0) throw new ProfileError(problems);
  return input as ProfileInput;
}
