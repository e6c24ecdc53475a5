// What the generator knows about each language: the runtime versions it supports, the exact
// builder image for each, the distroless runtime image, the build tools and sensible defaults.
// Builder tags are exact versions on Debian 13 (trixie) so the builder's libc matches the
// distroless debian13 runtime; the generated renovate.json keeps them and their digests current.

export const LANGUAGES = ['node', 'python', 'go', 'java', 'rust'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface RuntimeVersion {
  /** What the user picks, e.g. "24". */
  readonly version: string;
  /** Builder stage image, an exact version tag. */
  readonly builder: string;
  /** A different builder for some build tools (Java: gradle instead of maven). */
  readonly builderByTool?: Readonly<Record<string, string>>;
  /** Final stage image, distroless, non-root (UID/GID 65532). */
  readonly runtime: string;
}

export interface LanguageSpec {
  readonly label: string;
  readonly versions: readonly RuntimeVersion[];
  readonly defaultVersion: string;
  readonly buildTools: readonly string[];
  /** What the entry point means for this language, shown in help and errors. */
  readonly entrypointHelp: string;
  readonly entrypointPattern: RegExp;
  readonly defaultEntrypoint: (appName: string, buildTool: string) => string;
  readonly defaultPort: number;
  readonly resources: Resources;
}

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export const CATALOGUE: Readonly<Record<Language, LanguageSpec>> = {
  node: {
    label: 'Node.js',
    versions: [
      { version: '22', builder: 'node:22.21.1-trixie-slim', runtime: 'gcr.io/distroless/nodejs22-debian13:nonroot' },
      { version: '24', builder: 'node:24.11.1-trixie-slim', runtime: 'gcr.io/distroless/nodejs24-debian13:nonroot' },
    ],
    defaultVersion: '24',
    buildTools: ['npm', 'pnpm', 'yarn'],
    entrypointHelp: 'the JavaScript file node starts, relative to the project root (e.g. dist/server.js)',
    entrypointPattern: /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._@+-]+(?:\/[A-Za-z0-9._@+-]+)*\.(?:js|mjs|cjs)$/,
    defaultEntrypoint: () => 'server.js',
    defaultPort: 3000,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  },
  python: {
    label: 'Python',
    // distroless python3-debian13 ships Debian's Python 3.13, so the builder must be 3.13 too.
    versions: [{ version: '3.13', builder: 'python:3.13.9-slim-trixie', runtime: 'gcr.io/distroless/python3-debian13:nonroot' }],
    defaultVersion: '3.13',
    buildTools: ['pip', 'poetry', 'uv'],
    entrypointHelp: 'the script python runs (app.py) or a module to run with -m (myapp.main)',
    entrypointPattern: /^(?:(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*\.py|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/,
    defaultEntrypoint: () => 'app.py',
    defaultPort: 8000,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  },
  go: {
    label: 'Go',
    versions: [
      { version: '1.25', builder: 'golang:1.25.4-trixie', runtime: 'gcr.io/distroless/static-debian13:nonroot' },
      { version: '1.26', builder: 'golang:1.26.0-trixie', runtime: 'gcr.io/distroless/static-debian13:nonroot' },
    ],
    defaultVersion: '1.26',
    buildTools: ['go'],
    entrypointHelp: 'the main package to build, relative to the module root (. or ./cmd/server)',
    entrypointPattern: /^\.(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._-]+)*$/,
    defaultEntrypoint: () => '.',
    defaultPort: 8080,
    resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
  },
  java: {
    label: 'Java',
    versions: [
      {
        version: '17',
        builder: 'maven:3.9.11-eclipse-temurin-17',
        builderByTool: { gradle: 'gradle:8.14.3-jdk17' },
        runtime: 'gcr.io/distroless/java17-debian13:nonroot',
      },
      {
        version: '21',
        builder: 'maven:3.9.11-eclipse-temurin-21',
        builderByTool: { gradle: 'gradle:8.14.3-jdk21' },
        runtime: 'gcr.io/distroless/java21-debian13:nonroot',
      },
      {
        version: '25',
        builder: 'maven:3.9.11-eclipse-temurin-25',
        builderByTool: { gradle: 'gradle:9.2.1-jdk25' },
        runtime: 'gcr.io/distroless/java25-debian13:nonroot',
      },
    ],
    defaultVersion: '21',
    buildTools: ['maven', 'gradle'],
    // app.jar (the default) means "the one runnable jar the build leaves in that folder", whatever
    // Maven or Gradle named it; another name picks that jar.
    entrypointHelp: 'target/app.jar or build/libs/app.jar (the one runnable jar the build leaves there, whatever its name), or a jar by name (target/orders-1.2.jar)',
    entrypointPattern: /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._+-]+(?:\/[A-Za-z0-9._+-]+)*\.jar$/,
    defaultEntrypoint: (_name, buildTool) => (buildTool === 'gradle' ? 'build/libs/app.jar' : 'target/app.jar'),
    defaultPort: 8080,
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '768Mi' } },
  },
  rust: {
    label: 'Rust',
    versions: [{ version: '1.91', builder: 'rust:1.91.1-slim-trixie', runtime: 'gcr.io/distroless/cc-debian13:nonroot' }],
    defaultVersion: '1.91',
    buildTools: ['cargo'],
    entrypointHelp: 'the name of the binary cargo builds (the [[bin]] or package name)',
    entrypointPattern: /^[A-Za-z0-9_][A-Za-z0-9_-]*$/,
    defaultEntrypoint: (appName) => appName,
    defaultPort: 8080,
    resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
  },
};

export function defaultBuildTool(language: Language): string {
  return CATALOGUE[language].buildTools[0]!;
}

export function runtimeFor(language: Language, version: string): RuntimeVersion | undefined {
  return CATALOGUE[language].versions.find((v) => v.version === version);
}

/** Well-known dependencies the app may call, and the port each listens on. */
export const EGRESS_SERVICES = {
  postgres: 5432,
  mysql: 3306,
  redis: 6379,
  mongodb: 27017,
  https: 443,
} as const;
export type EgressService = keyof typeof EGRESS_SERVICES;

export const CLOUD_METADATA_CIDR = '169.254.169.254/32';
export const NONROOT_UID = 65532;

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];
