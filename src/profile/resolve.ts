// From what the user gave (saved profile, --profile file, flags) to one validated Profile.
// Defaults depend on other answers (the port on the language, signing on the CI system), so
// they are filled in after the sources are merged, and only for fields nobody set.
import path from 'node:path';
import type { z } from 'zod';
import { CATALOGUE, type Language, LANGUAGES, defaultBuildTool } from './catalogue.js';
import { describeDataProblem, isForbiddenKey, MAX_DATA_DEPTH } from '../util/plain-data.js';
import { describeValue } from '../util/printable.js';
import { type Profile, profileSchema } from './schema.js';
import { withoutTrailing } from '../util/trim.js';

/** Any subset of a profile, as read from a file or flags; validated only after merging. */
export type ProfileInput = { [K in keyof Profile]?: Profile[K] extends object ? DeepPartial<Profile[K]> : Profile[K] };
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export class ProfileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid profile:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProfileError';
  }
}

/**
 * Later sources win; nested objects merge, arrays replace, undefined values are dropped.
 * Safe by construction against prototype keys: the merged objects have no prototype, only own
 * properties are read, and a `__proto__`/`constructor`/`prototype` key is refused (the file
 * readers refuse them first, with the file's name; this is the backstop for every other caller).
 */
export function mergeInputs(...inputs: readonly ProfileInput[]): ProfileInput {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const input of inputs) mergeInto(out, input as Record<string, unknown>, []);
  return out as ProfileInput;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, at: readonly string[]): void {
  if (at.length > MAX_DATA_DEPTH) throw new ProfileError([`${at.join('.')}: nested more than ${MAX_DATA_DEPTH} levels deep`]);
  for (const key of Object.keys(source)) {
    if (isForbiddenKey(key)) throw new ProfileError([describeDataProblem({ kind: 'forbidden-key', path: [...at, key] })]);
    const value = source[key];
    if (value === undefined) continue;
    if (!isPlainObject(value)) {
      target[key] = value;
      continue;
    }
    // A label map replaces the previous one whole; other objects merge field by field.
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    const into = isPlainObject(current) && key !== 'podLabels' ? current : (Object.create(null) as Record<string, unknown>);
    mergeInto(into, value, [...at, key]);
    if (Object.keys(into).length > 0 || key === 'podLabels') target[key] = into;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A DNS-1123 label made from a directory name: "My Service_2" -> "my-service-2". */
export function nameFromDirectory(dir: string): string {
  const label = withoutTrailing(
    path
      .basename(path.resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .slice(0, 63),
    '-',
  );
  return label || 'app';
}

export interface Assumption {
  readonly field: string;
  readonly value: string;
  readonly hint: string;
}

export interface ResolvedProfile {
  readonly profile: Profile;
  /** Defaults that stand in for information only the user has (shown so they can fix them). */
  readonly assumptions: readonly Assumption[];
}

/** The fields a non-interactive run must not silently invent without --yes. */
export const REQUIRED_WITHOUT_YES = ['name', 'image', 'language'] as const;

export function withDefaults(input: ProfileInput, targetDir: string): { value: ProfileInput; assumptions: Assumption[] } {
  const assumptions: Assumption[] = [];
  const language: Language = LANGUAGES.includes(input.language as Language) ? (input.language as Language) : 'node';
  const spec = CATALOGUE[language];
  const name = input.name ?? nameFromDirectory(targetDir);
  // Values derived from the name use a stand-in while the name itself is invalid, so one bad
  // answer is reported once, not again for every field defaulted from it.
  const base = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name) ? name : 'app';
  const ciSystem = input.ci?.system ?? 'github';
  const repository = input.repository ?? repositoryFromImage(input.image) ?? `example/${base}`;
  // `--service-dir .`: the target is the repository itself, whatever detection found above it.
  const serviceDir = input.serviceDir === '.' ? undefined : input.serviceDir;
  // A service of a monorepo gets its own image, named after the repository and the service.
  const defaultImage = imageFromRepository(repository, ciSystem) + (serviceDir && repository.split('/').at(-1)!.toLowerCase() !== base ? `-${base}` : '');
  if (!input.repository && !input.image) {
    assumptions.push({ field: 'image', value: defaultImage, hint: 'set --image and --repository to your real ones' });
  }
  const sign = input.ci?.sign ?? (ciSystem === 'none' ? 'none' : 'keyless');
  const buildTool = input.buildTool ?? defaultBuildTool(language);
  const routeKind = input.route?.kind ?? 'gateway';
  const value: ProfileInput = {
    ...input,
    name,
    namespace: input.namespace ?? base,
    repository,
    image: input.image ?? defaultImage,
    serviceDir,
    imageTag: input.imageTag ?? '0.1.0',
    branch: input.branch ?? 'main',
    language: input.language ?? language,
    runtimeVersion: input.runtimeVersion ?? spec.defaultVersion,
    buildTool,
    entrypoint: input.entrypoint ?? spec.defaultEntrypoint(base, buildTool),
    port: input.port ?? spec.defaultPort,
    exposure: input.exposure ?? 'public',
    route: {
      kind: routeKind,
      gateway: { namespace: input.route?.gateway?.namespace ?? 'gateway-system', name: input.route?.gateway?.name ?? 'public' },
      hostnames: input.route?.hostnames ?? [],
      ...(input.route?.ingressClass ? { ingressClass: input.route.ingressClass } : {}),
    },
    // The pods the NetworkPolicy admits from outside: the Gateway's data plane, which Gateway API
    // implementations that deploy it in the cluster label with the Gateway's name (GEP-1762; Istio,
    // NGINX Gateway Fabric, agentgateway), or the Ingress controller.
    ingress: {
      namespace: input.ingress?.namespace ?? (routeKind === 'gateway' ? (input.route?.gateway?.namespace ?? 'gateway-system') : 'ingress-nginx'),
      podLabels:
        input.ingress?.podLabels ??
        (routeKind === 'gateway'
          ? { 'gateway.networking.k8s.io/gateway-name': input.route?.gateway?.name ?? 'public' }
          : { 'app.kubernetes.io/name': 'ingress-nginx' }),
    },
    clients: input.clients ?? [],
    egress: input.egress ?? [],
    writablePaths: input.writablePaths ?? ['/tmp'],
    assets: input.assets ?? [],
    replicas: input.replicas ?? 2,
    // A worker (no exposure) usually opens no port, so probing one would restart it forever.
    probes: input.probes ?? ((input.exposure ?? 'public') === 'none' ? 'none' : 'tcp'),
    resources: {
      requests: { ...spec.resources.requests, ...input.resources?.requests },
      limits: { ...spec.resources.limits, ...input.resources?.limits },
    },
    ci: {
      system: ciSystem,
      severity: input.ci?.severity ?? ['CRITICAL', 'HIGH'],
      ignoreUnfixed: input.ci?.ignoreUnfixed ?? true,
      sbom: input.ci?.sbom ?? true,
      sign,
    },
    admission: input.admission ?? (sign === 'none' || (sign === 'key' && !input.publicKey) ? 'none' : 'kyverno'),
    falco: {
      enabled: input.falco?.enabled ?? true,
      allowedShellParents: input.falco?.allowedShellParents ?? [],
    },
  };
  return { value, assumptions };
}

function repositoryFromImage(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const [host, ...rest] = image.split('/');
  if (rest.length >= 2 && (host === 'ghcr.io' || host === 'registry.gitlab.com')) return rest.join('/');
  return undefined;
}

function imageFromRepository(repository: string, ci: string): string {
  const registry = ci === 'gitlab' ? 'registry.gitlab.com' : 'ghcr.io';
  return `${registry}/${repository.toLowerCase()}`;
}

/** Validates a complete input; problems name the field, its flag, the value and what is allowed. */
export function validateProfile(input: unknown): Profile {
  const result = profileSchema.safeParse(input);
  if (result.success) return canonical(result.data);
  throw new ProfileError(result.error.issues.map((issue) => describeIssue(issue, input)));
}

/**
 * The same answers always give the same profile: fields in schema order (zod builds its output in
 * shape order), label maps sorted by key, severity lists ordered and de-duplicated.
 */
function canonical(profile: Profile): Profile {
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
  return {
    ...profile,
    ingress: { ...profile.ingress, podLabels: Object.fromEntries(Object.entries(profile.ingress.podLabels).sort(([a], [b]) => (a < b ? -1 : 1))) },
    ci: { ...profile.ci, severity: [...new Set(profile.ci.severity)].sort((a, b) => order.indexOf(a) - order.indexOf(b)) },
    falco: { ...profile.falco, allowedShellParents: [...new Set(profile.falco.allowedShellParents)] },
  };
}

const FLAG_FOR: Readonly<Record<string, string>> = {
  name: '--name',
  namespace: '--namespace',
  image: '--image',
  imageTag: '--tag',
  repository: '--repository',
  branch: '--branch',
  serviceDir: '--service-dir',
  language: '--language',
  runtimeVersion: '--runtime-version',
  buildTool: '--build-tool',
  entrypoint: '--entrypoint',
  command: '--command',
  port: '--port',
  exposure: '--exposure',
  'route.kind': '--route',
  'route.gateway': '--gateway',
  'route.hostnames': '--hostnames',
  'route.ingressClass': '--ingress-class',
  'ingress.namespace': '--ingress-namespace',
  'ingress.podLabels': '--ingress-labels',
  clients: '--clients',
  egress: '--egress',
  writablePaths: '--writable',
  assets: '--assets',
  replicas: '--replicas',
  probes: '--probes',
  'resources.requests.cpu': '--cpu-request',
  'resources.requests.memory': '--memory-request',
  'resources.limits.cpu': '--cpu-limit',
  'resources.limits.memory': '--memory-limit',
  'ci.system': '--ci',
  'ci.severity': '--severity',
  'ci.ignoreUnfixed': '--ignore-unfixed',
  'ci.sbom': '--sbom',
  'ci.sign': '--sign',
  admission: '--admission',
  'falco.enabled': '--falco',
  'falco.allowedShellParents': '--shell-parents',
  publicKey: '--public-key',
};

/** The flag that sets a profile field, e.g. "ci.sign" -> "--sign". */
export function flagFor(fieldPath: string): string | undefined {
  const parts = fieldPath.split('.');
  for (let n = parts.length; n > 0; n--) {
    const flag = FLAG_FOR[parts.slice(0, n).join('.')];
    if (flag) return flag;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const fieldPath = issue.path.filter((p) => typeof p !== 'number').join('.');
  const shownPath = issue.path.map(String).join('.');
  const flag = flagFor(fieldPath);
  const value = valueAt(input, issue.path);
  const field = flag ? `${shownPath} (${flag})` : shownPath || 'profile';
  if (issue.code === 'unrecognized_keys') return `${field}: ${unknownFields(issue.keys)}`;
  // The value may come from a file (a key, a secret, a whole other file behind a link): it is
  // shown only when short and on one line, and described otherwise (src/util/printable.ts).
  const got = value === undefined ? 'is missing' : `${describeValue(value)} is not allowed`;
  return `${field}: ${got}: ${allowedText(issue)}`;
}

function allowedText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `use one of ${issue.values.map((v) => String(v)).join(', ')}`;
  if (issue.code === 'too_big') return `at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
  if (issue.code === 'too_small') return `at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item' : ''}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  return issue.message;
}

/**
 * Unknown keys come from the file as they are: a typo such as `prot` is worth naming, but a file
 * that is not a profile at all (a link to /etc/shadow parses as a mapping of its lines) must not be
 * echoed. Names that look like field names are listed (a few); the rest are only counted.
 */
function unknownFields(keys: readonly string[]): string {
  const names = keys.filter((key) => /^[A-Za-z][A-Za-z0-9_-]{0,39}$/.test(key));
  const shownNames = names.slice(0, 5);
  const others = keys.length - shownNames.length;
  const plural = (n: number) => (n === 1 ? '' : 's');
  if (shownNames.length === 0) return `${keys.length} unknown field${plural(keys.length)} (not field names; is this a profile?)`;
  return `unknown field${plural(keys.length)} ${shownNames.join(', ')}${others > 0 ? ` and ${others} more` : ''}`;
}

function valueAt(input: unknown, at: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of at) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
