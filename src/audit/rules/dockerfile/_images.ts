// Image references and what is documented about well-known base images: which have no shell,
// which run as a non-root user by default, which are full build toolchains. Kept conservative:
// an image is only credited with a property its publisher documents.

export interface ImageRef {
  /** The reference after ARG defaults were substituted. */
  readonly reference: string;
  /** Registry host; docker.io when none is written. */
  readonly registry: string;
  /** Repository path without the registry; Docker Hub's implicit library/ is dropped (node, not library/node). */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** A variable is still unresolved somewhere in the reference (so its tag may be anything). */
  readonly unresolved: boolean;
}

export function parseImageRef(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? reference.slice(0, at) : reference;
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > slash ? nameAndTag.slice(colon + 1) : undefined;
  const name = colon > slash ? nameAndTag.slice(0, colon) : nameAndTag;
  const [first, ...rest] = name.split('/');
  const hasRegistry = rest.length > 0 && first !== undefined && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first! : 'docker.io';
  let repository = hasRegistry ? rest.join('/') : name;
  if ((registry === 'docker.io' || registry === 'index.docker.io') && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return {
    reference,
    registry: registry === 'index.docker.io' ? 'docker.io' : registry,
    repository: repository.toLowerCase(),
    tag: tag || undefined,
    digest: digest || undefined,
    unresolved: reference.includes('$'),
  };
}

const isDistroless = (image: ImageRef) => image.registry === 'gcr.io' && image.repository.startsWith('distroless/');
const isChainguard = (image: ImageRef) => image.registry === 'cgr.dev';
const isChiseledDotnet = (image: ImageRef) =>
  image.registry === 'mcr.microsoft.com' && image.repository.startsWith('dotnet/') && (image.tag ?? '').includes('chiseled');
const tagHas = (image: ImageRef, word: string) => new RegExp(`(^|[-_.])${word}($|[-_.])`).test(image.tag ?? 'latest');

/**
 * Images without a shell: scratch, distroless (except :debug tags, which add BusyBox), Chainguard
 * images other than their -dev variants, and .NET chiseled images.
 */
export function isShellless(image: ImageRef): boolean {
  if (isScratch(image)) return true;
  if (isDistroless(image)) return !tagHas(image, 'debug');
  if (isChainguard(image)) return !tagHas(image, 'dev');
  return isChiseledDotnet(image);
}

/** Chainguard images whose documented default user is root. */
const CHAINGUARD_ROOT_IMAGES = new Set(['wolfi-base', 'busybox']);

/**
 * Base images whose publisher documents a non-root default user: distroless `nonroot` tags
 * (`:nonroot`, `:debug-nonroot`, arch-suffixed variants; UID 65532), Chainguard images other than
 * -dev variants and wolfi-base/busybox, and .NET chiseled images (user `app`). A digest-only
 * reference carries no tag to go by, so it does not count.
 */
export function defaultsToNonRoot(image: ImageRef): boolean {
  if (image.unresolved) return false;
  if (isDistroless(image)) return image.tag !== undefined && tagHas(image, 'nonroot');
  if (isChainguard(image)) {
    const name = image.repository.slice(image.repository.lastIndexOf('/') + 1);
    return !tagHas(image, 'dev') && !CHAINGUARD_ROOT_IMAGES.has(name);
  }
  return isChiseledDotnet(image);
}

/** Docker Official Images whose default (non-slim, non-alpine) variants are built on buildpack-deps, which ships gcc and make. */
const BUILDPACK_DEPS_BASED = new Set(['node', 'python', 'ruby', 'perl']);

/**
 * Why an image is a build toolchain, or undefined when it is not known to be one: compilers and
 * SDK images (golang, rust, gcc, buildpack-deps, maven, gradle, JDK images, the .NET SDK,
 * Chainguard's toolchain images) and the default variants of node/python/ruby/perl, which are built
 * on buildpack-deps. Slim and alpine variants are not toolchains.
 */
export function toolchainOf(image: ImageRef): string | undefined {
  if (image.unresolved) return undefined;
  const tag = image.tag ?? 'latest';
  const repo = image.repository;
  if (image.registry === 'docker.io') {
    if (['golang', 'rust', 'gcc', 'buildpack-deps', 'maven', 'gradle', 'swift', 'haskell'].includes(repo)) return `${repo} is a build toolchain image`;
    if (repo === 'openjdk' && !/jre/.test(tag)) return 'openjdk is a full JDK';
    if ((repo === 'eclipse-temurin' || repo === 'sapmachine' || repo === 'ibm-semeru-runtimes') && /jdk/.test(tag)) return `${repo}:${tag} is a full JDK`;
    if (repo === 'amazoncorretto') return 'amazoncorretto is a full JDK';
    if (BUILDPACK_DEPS_BASED.has(repo) && !/(slim|alpine)/.test(tag)) return `${repo}:${tag} is built on buildpack-deps (gcc, make, headers)`;
    return undefined;
  }
  if (image.registry === 'mcr.microsoft.com' && repo === 'dotnet/sdk') return 'the .NET SDK image';
  if (isChainguard(image)) {
    const name = repo.slice(repo.lastIndexOf('/') + 1);
    if (['go', 'rust', 'gcc-glibc', 'maven', 'gradle', 'jdk', 'dotnet-sdk'].includes(name)) return `Chainguard ${name} is a build toolchain image`;
  }
  return undefined;
}

export function isScratch(image: ImageRef): boolean {
  return image.registry === 'docker.io' && image.repository === 'scratch';
}

/**
 * Whether the reference floats: no tag (which means :latest) or :latest, with no digest.
 * scratch, digest-pinned references and tags that are unresolved variables do not float.
 */
export function floatingTag(image: ImageRef): 'untagged' | 'latest' | undefined {
  if (isScratch(image) || image.digest !== undefined || image.reference === '') return undefined;
  if (image.tag === undefined) return /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(image.reference) ? undefined : 'untagged';
  return image.tag === 'latest' ? 'latest' : undefined;
}
