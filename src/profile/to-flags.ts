// The inverse of flags.ts: a (partial) profile as the flag values that would produce it. The wizard
// keeps its answers in this form, so every answer is literally a flag, the non-interactive command
// that reproduces a wizard run can be printed, and both paths parse answers with the same code.
import { EGRESS_SERVICES } from './catalogue.js';
import type { FlagValues } from './flags.js';
import type { ProfileInput } from './resolve.js';
import type { Client, Egress } from './schema.js';

export function formatClient(client: Client): string {
  return client.namespace ? `${client.namespace}/${client.app}` : client.app;
}

/** The shortest egress shorthand that parseEgress reads back to the same rule. */
export function formatEgress(egress: Egress): string {
  const usualPort = (EGRESS_SERVICES as Record<string, number>)[egress.service];
  const port = egress.port === usualPort ? '' : `:${egress.port}`;
  // Flags have no form for "anywhere, on another port"; 0.0.0.0/0 reaches the same addresses (the
  // metadata address stays excluded either way).
  if (!egress.to) return port ? `${egress.service}=0.0.0.0/0${port}` : egress.service;
  const target = 'cidr' in egress.to ? egress.to.cidr : formatClient(egress.to as Client);
  return `${egress.service}=${target}${port}`;
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Flag values for every field the input sets (publicKey excepted: its flag takes a file). */
export function flagValuesFromInput(input: ProfileInput): FlagValues {
  const flags: FlagValues = {
    name: input.name,
    namespace: input.namespace,
    image: input.image,
    tag: input.imageTag,
    repository: input.repository,
    branch: input.branch,
    'service-dir': input.serviceDir,
    language: input.language,
    'runtime-version': input.runtimeVersion,
    'build-tool': input.buildTool,
    entrypoint: input.entrypoint,
    command: input.command ? shellQuote(input.command) : undefined,
    port: input.port === undefined ? undefined : String(input.port),
    exposure: input.exposure,
    route: input.route?.kind,
    gateway: input.route?.gateway?.namespace && input.route.gateway.name ? `${input.route.gateway.namespace}/${input.route.gateway.name}` : undefined,
    hostnames: input.route?.hostnames ? [...input.route.hostnames] : undefined,
    'ingress-class': input.route?.ingressClass,
    'ingress-namespace': input.ingress?.namespace,
    'ingress-labels': input.ingress?.podLabels ? formatLabels(input.ingress.podLabels as Record<string, string>) : undefined,
    clients: input.clients?.map((client) => formatClient(client)),
    egress: input.egress?.map((egress) => formatEgress(egress)),
    writable: input.writablePaths ? [...input.writablePaths] : undefined,
    assets: input.assets ? [...input.assets] : undefined,
    replicas: input.replicas === undefined ? undefined : String(input.replicas),
    probes: input.probes,
    'cpu-request': input.resources?.requests?.cpu,
    'cpu-limit': input.resources?.limits?.cpu,
    'memory-request': input.resources?.requests?.memory,
    'memory-limit': input.resources?.limits?.memory,
    ci: input.ci?.system,
    severity: input.ci?.severity?.join(','),
    'ignore-unfixed': input.ci?.ignoreUnfixed,
    sbom: input.ci?.sbom,
    sign: input.ci?.sign,
    admission: input.admission,
    falco: input.falco?.enabled,
    'shell-parents': input.falco?.allowedShellParents ? [...input.falco.allowedShellParents] : undefined,
  };
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)) as FlagValues;
}

/**
 * The argv that sets these flag values, e.g. ["--port", "8080", "--no-sbom"]. An empty list is
 * passed as an empty string ("--egress ''" means no egress), which flags.ts reads as an empty list.
 */
export function flagArguments(flags: FlagValues): string[] {
  const args: string[] = [];
  for (const [flag, value] of Object.entries(flags) as [string, string | boolean | string[] | undefined][]) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') args.push(value ? `--${flag}` : `--no-${flag}`);
    else args.push(`--${flag}`, Array.isArray(value) ? value.join(',') : value);
  }
  return args;
}

/** A shell-safe rendering of argv for display: words quoted only when they need it. */
export function shellQuote(args: readonly string[]): string {
  return args.map((arg) => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
