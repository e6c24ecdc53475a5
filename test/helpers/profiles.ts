// The profile matrix the snapshot, schema and audit tests share: every language and build tool,
// every exposure, both CI systems (and none), each signing and admission choice, ports above and
// below 1024, egress of every kind. Each case names what it is there to cover.
import { mergeInputs, type ProfileInput, validateProfile, withDefaults } from '../../src/profile/resolve.js';
import type { Profile } from '../../src/profile/schema.js';

export const TEST_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEW8bkZ2cvsh7QyP0f9kIydiaUSDVS
z0k2bU+BEFnz9F9J5uSyXqG/nYIPzUH9cc0dPvLqZfc+pLuZrxNjbh3xGw==
-----END PUBLIC KEY-----
`;

export function profileFrom(input: ProfileInput, dir = 'app'): Profile {
  return validateProfile(withDefaults(mergeInputs(input), dir).value);
}

export const PROFILE_CASES: Readonly<Record<string, ProfileInput>> = {
  'node-npm-public-github-keyless-kyverno': {
    name: 'web', image: 'ghcr.io/acme/web', language: 'node', entrypoint: 'dist/server.js', port: 3000,
    exposure: 'public', egress: [{ service: 'postgres', port: 5432, to: { cidr: '10.20.0.0/16' } }, { service: 'https', port: 443 }],
  },
  'node-pnpm-internal-gitlab-keyless-sigstore': {
    name: 'orders', namespace: 'shop', image: 'registry.gitlab.com/acme/shop/orders', repository: 'acme/shop/orders',
    language: 'node', runtimeVersion: '22', buildTool: 'pnpm', port: 8080, exposure: 'internal',
    clients: [{ app: 'frontend' }, { namespace: 'payments', app: 'billing' }],
    egress: [{ service: 'redis', port: 6379, to: { app: 'cache' } }], ci: { system: 'gitlab' }, admission: 'sigstore',
  },
  'node-yarn-port80-none-exposure': {
    name: 'edge', image: 'ghcr.io/acme/edge', language: 'node', buildTool: 'yarn', port: 80, exposure: 'none', replicas: 1,
  },
  'python-pip-public-github-key-kyverno': {
    name: 'api', image: 'ghcr.io/acme/api', language: 'python', port: 8000, exposure: 'public',
    ci: { sign: 'key' }, admission: 'kyverno', publicKey: TEST_PUBLIC_KEY,
    egress: [{ service: 'mysql', port: 3306 }], writablePaths: ['/tmp', '/var/cache/app'],
  },
  'python-poetry-module-internal-github-none': {
    name: 'reports', image: 'ghcr.io/acme/reports', language: 'python', buildTool: 'poetry', entrypoint: 'reports.main',
    exposure: 'internal', clients: [{ app: 'dashboard' }], ci: { sign: 'none' }, admission: 'none', falco: { enabled: false },
  },
  'python-uv-worker-gitlab-key-sigstore': {
    name: 'worker', image: 'registry.gitlab.com/acme/worker', language: 'python', buildTool: 'uv', exposure: 'none',
    ci: { system: 'gitlab', sign: 'key', sbom: false }, admission: 'sigstore', publicKey: TEST_PUBLIC_KEY,
    egress: [{ service: 'mongodb', port: 27017, to: { namespace: 'data', app: 'mongo' } }],
  },
  'go-public-github-keyless-sigstore': {
    name: 'gateway', image: 'ghcr.io/acme/gateway', language: 'go', entrypoint: './cmd/gateway', port: 8443,
    exposure: 'public', route: { kind: 'ingress', ingressClass: 'traefik', hostnames: ['api.acme.example', 'api.acme.test'] },
    ingress: { namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } },
    admission: 'sigstore', falco: { enabled: true, allowedShellParents: ['containerd-shim', 'tini'] },
  },
  'go-1-25-worker-no-ci': {
    name: 'cron', image: 'quay.io/acme/cron', repository: 'acme/cron', language: 'go', runtimeVersion: '1.25',
    exposure: 'none', ci: { system: 'none' }, replicas: 1, writablePaths: [],
  },
  'java-maven-internal-github-keyless-kyverno': {
    name: 'ledger', image: 'ghcr.io/acme/ledger', language: 'java', runtimeVersion: '21', buildTool: 'maven',
    entrypoint: 'target/ledger.jar', port: 8080, exposure: 'internal', clients: [{ namespace: 'web', app: 'storefront' }],
    egress: [{ service: 'postgres', port: 5432 }, { service: 'custom', port: 9092, to: { cidr: '10.30.0.0/24' } }],
    ci: { severity: ['CRITICAL'], ignoreUnfixed: false },
  },
  'java-gradle-public-gitlab-keyless-kyverno': {
    name: 'catalog', image: 'registry.gitlab.com/acme/catalog', language: 'java', runtimeVersion: '25', buildTool: 'gradle',
    exposure: 'public', route: { gateway: { namespace: 'edge', name: 'shared' }, hostnames: ['*.catalog.example'] },
    ci: { system: 'gitlab', severity: ['CRITICAL', 'HIGH', 'MEDIUM'] }, replicas: 3,
  },
  'rust-public-github-keyless-kyverno': {
    name: 'search', image: 'ghcr.io/acme/search', language: 'rust', entrypoint: 'search-server', port: 9000,
    exposure: 'public', egress: [{ service: 'https', port: 443 }, { service: 'redis', port: 6380, to: { cidr: '10.0.0.0/8' } }],
  },
  'rust-internal-gitlab-none-signing': {
    name: 'indexer', image: 'registry.gitlab.com/acme/indexer', language: 'rust', exposure: 'internal',
    clients: [{ app: 'search' }], ci: { system: 'gitlab', sign: 'none' }, admission: 'none', branch: 'release/2026',
  },
  'node-custom-egress-wide-cidr': {
    name: 'proxy', image: 'ghcr.io/acme/proxy', language: 'node', runtimeVersion: '22', port: 443, exposure: 'public',
    egress: [{ service: 'custom', port: 8443, to: { cidr: '0.0.0.0/0' } }, { service: 'custom', port: 4317, to: { namespace: 'observability', app: 'otel-collector' } }],
    writablePaths: ['/tmp', '/app/.cache'], replicas: 4,
  },
};

export const PROFILES: Readonly<Record<string, Profile>> = Object.fromEntries(
  Object.entries(PROFILE_CASES).map(([name, input]) => [name, profileFrom(input)]),
);
