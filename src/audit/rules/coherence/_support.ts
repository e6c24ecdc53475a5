// What the coherence rules share: the few Dockerfile facts they compare (final-stage EXPOSE and
// USER), and the link from a container to the Dockerfile that builds its image. The link is made
// only when it is clear: a CI build that names the image, or, without CI, the nearest Dockerfile
// above a single-container manifest named after its image.
import { posix } from 'node:path';
import { hasPrivateRegistry, type ImageBuild, imageBuilds, imageRepository } from '../../support/image-builds.js';
import { appContainers, mappingOf, type PodContainer, stringOf, type Workload, workloads } from '../../support/kubernetes.js';
import type { DockerfileSource, Location, Repo } from '../../types.js';
import { groupBy } from '../../../util/group.js';
import { oncePer } from '../../../util/memo.js';

export interface ExposedPort {
  readonly port: number;
  readonly endPort: number;
  /** Upper case, as Kubernetes spells protocols. */
  readonly protocol: string;
  readonly text: string;
  readonly at: Location;
}

export interface FinalUser {
  readonly user: string;
  readonly group: string | undefined;
  readonly at: Location;
}

export interface DockerfileFacts {
  readonly source: DockerfileSource;
  /** EXPOSE ports of the final stage whose values are literal (no $VARIABLES). */
  readonly exposes: readonly ExposedPort[];
  /** The last USER of the final stage, if it sets one literally. */
  readonly user: FinalUser | undefined;
}

const FACTS = new WeakMap<DockerfileSource, DockerfileFacts>();

export function dockerfileFacts(source: DockerfileSource): DockerfileFacts {
  let facts = FACTS.get(source);
  if (facts) return facts;
  const instructions = source.dockerfile.getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword().toUpperCase()).lastIndexOf('FROM');
  const final = lastFrom < 0 ? [] : instructions.slice(lastFrom + 1);
  const exposes: ExposedPort[] = [];
  let user: FinalUser | undefined;
  for (const instruction of final) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'EXPOSE') {
      for (const argument of instruction.getArguments()) {
        const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(argument.getValue());
        if (!match) continue;
        exposes.push({
          port: Number(match[1]),
          endPort: Number(match[2] ?? match[1]),
          protocol: (match[3] ?? 'tcp').toUpperCase(),
          text: argument.getValue(),
          at: source.locate(argument.getRange()),
        });
      }
    } else if (keyword === 'USER') {
      const value = instruction.getArgumentsContent()?.trim() ?? '';
      const range = instruction.getArgumentsRange();
      if (value === '' || value.includes('$') || !range) {
        user = undefined; // a USER we cannot read replaces any earlier one
        continue;
      }
      const [name = '', group] = value.split(':');
      user = { user: name, group, at: source.locate(range) };
    }
  }
  facts = { source, exposes, user };
  FACTS.set(source, facts);
  return facts;
}

export function isNumericUser(user: string): boolean {
  return /^\d+$/.test(user);
}

// --- container -> Dockerfile -----------------------------------------------------------------


function buildsOf(repo: Repo): readonly ImageBuild[] {
  return buildIndex(repo).all;
}

interface BuildIndex {
  readonly all: readonly ImageBuild[];
  /** Each build's place in `all`. */
  readonly order: ReadonlyMap<ImageBuild, number>;
  /** Builds whose repository is literal, by that repository. */
  readonly literal: ReadonlyMap<string, readonly ImageBuild[]>;
  /** Builds with a wildcard (a CI variable) in their repository, tested one by one. */
  readonly patterned: readonly ImageBuild[];
}

const buildIndex = oncePer((repo: Repo): BuildIndex => {
  const all = imageBuilds(repo);
  const hasWildcard = (build: ImageBuild) => build.display.includes('*');
  return {
    all,
    order: new Map(all.map((build, i) => [build, i] as const)),
    literal: groupBy(all.filter((build) => !hasWildcard(build)), (build) => build.display),
    patterned: all.filter(hasWildcard),
  };
});

/**
 * The builds that may push `repository`, in the order the repo declares them: literal names are
 * looked up, only the builds with variables in their names are tested (every container asks).
 */
function buildsMatching(repo: Repo, repository: string): ImageBuild[] {
  const { order, literal, patterned } = buildIndex(repo);
  const found = [...(literal.get(repository) ?? []), ...patterned.filter((build) => build.matches(repository))];
  return found.sort((a, b) => order.get(a)! - order.get(b)!);
}

function dockerfileAt(repo: Repo, path: string | undefined): DockerfileSource | undefined {
  if (path === undefined) return repo.dockerfiles.length === 1 ? repo.dockerfiles[0] : undefined;
  return dockerfilesByPath(repo).get(path);
}

const dockerfilesByPath = oncePer((repo: Repo): ReadonlyMap<string, DockerfileSource> => new Map([...repo.dockerfiles].reverse().map((d) => [d.file.path, d] as const)));

/** The one Dockerfile of a set of builds, if they agree on one that is in the repo. */
function soleDockerfile(repo: Repo, builds: readonly ImageBuild[]): DockerfileSource | undefined {
  const found = new Set(builds.map((build) => dockerfileAt(repo, build.dockerfile)));
  if (found.size !== 1) return undefined;
  return [...found][0];
}

/** The repo's Dockerfiles by folder ('.' for the root), built once per repo. */
const dockerfilesByFolder = oncePer((repo: Repo): ReadonlyMap<string, readonly DockerfileSource[]> => groupBy(repo.dockerfiles, (source) => posix.dirname(source.file.path)));

/** Whether a Dockerfile sits in the manifest's folder or in one of its parents. */
function isAbove(dockerfile: DockerfileSource, manifest: string): boolean {
  const folder = posix.dirname(dockerfile.file.path);
  const from = posix.dirname(manifest);
  return folder === '.' || from === folder || from.startsWith(`${folder}/`);
}

/**
 * The Dockerfile no CI build uses nearest above a manifest (same folder first, then each parent up
 * to the root). A folder with several such Dockerfiles decides only when one has the plain
 * Dockerfile/Containerfile name; otherwise there is no answer. Walks the manifest's parents, and
 * each folder's answer is worked out once, so thousands of manifests beside thousands of
 * Dockerfiles in one folder cost thousands of lookups, not millions of comparisons.
 */
function nearestUnclaimedDockerfile(repo: Repo, manifest: string): DockerfileSource | undefined {
  for (let folder = posix.dirname(manifest); ; folder = posix.dirname(folder)) {
    const pick = unclaimedPick(repo, folder);
    if (pick === 'several') return undefined;
    if (pick !== 'none') return pick;
    if (folder === '.' || folder === '/' || folder === '') return undefined;
  }
}

type FolderPick = DockerfileSource | 'none' | 'several';

/** Each folder's pick, worked out when first asked. */
const unclaimedPicks = oncePer((_repo: Repo) => new Map<string, FolderPick>());

function unclaimedPick(repo: Repo, folder: string): FolderPick {
  const picks = unclaimedPicks(repo);
  let pick = picks.get(folder);
  if (pick === undefined) {
    const claimed = claimedDockerfiles(repo);
    const unclaimed = (dockerfilesByFolder(repo).get(folder) ?? []).filter((d) => !claimed.has(d));
    const plain = unclaimed.filter((d) => /^(?:Dockerfile|Containerfile)$/.test(posix.basename(d.file.path)));
    pick = unclaimed.length === 0 ? 'none' : unclaimed.length === 1 ? unclaimed[0]! : plain.length === 1 ? plain[0]! : 'several';
    picks.set(folder, pick);
  }
  return pick;
}

function imageOf(container: PodContainer): string | undefined {
  const image = stringOf(container.data.image);
  return image && !image.includes('{{') ? image : undefined;
}

/**
 * The Dockerfile that builds a container's image, when the repo makes that clear:
 * - a CI build whose image name is literal and matches, with one Dockerfile among such builds; or
 * - CI builds that only match through variables (ghcr.io/${{ github.repository }}), agreeing on one
 *   Dockerfile that sits above the manifest, for the only container of the pod (a build whose whole
 *   name is a variable, `${{ env.TAGS }}`, names no image and matches none); or
 * - no CI build at all for the image: the nearest Dockerfile above the manifest that no CI build
 *   uses, for the only container of a pod named after its image, from a registry other than Docker Hub.
 */
export function dockerfileFor(repo: Repo, workload: Workload, container: PodContainer): DockerfileSource | undefined {
  // Asked by several rules and fixes for every container: computed once per container.
  let known = LINKS.get(repo);
  if (!known) {
    known = new WeakMap();
    LINKS.set(repo, known);
  }
  const key = container.data as object;
  if (known.has(key)) return known.get(key) ?? undefined;
  const found = findDockerfile(repo, workload, container);
  known.set(key, found ?? null);
  return found;
}

const LINKS = new WeakMap<Repo, WeakMap<object, DockerfileSource | null>>();

function findDockerfile(repo: Repo, workload: Workload, container: PodContainer): DockerfileSource | undefined {
  const image = imageOf(container);
  if (!image || container.list !== 'containers') return undefined;
  const repository = imageRepository(image);
  const matching = buildsMatching(repo, repository).filter((build) => !build.anonymous);
  const specific = matching.filter((build) => build.specific);
  if (specific.length > 0) return soleDockerfile(repo, specific);
  const single = appContainers(workload).length === 1;
  if (!single) return undefined;
  const manifest = workload.object.document.file.path;
  if (matching.length > 0) {
    const dockerfile = soleDockerfile(repo, matching);
    return dockerfile && isAbove(dockerfile, manifest) ? dockerfile : undefined;
  }
  const name = repository.split('/').at(-1);
  const namedAfterImage = [workload.object.name, workload.labels['app.kubernetes.io/name'], workload.labels.app].includes(name);
  if (!namedAfterImage || !hasPrivateRegistry(image)) return undefined;
  return nearestUnclaimedDockerfile(repo, manifest);
}

/** The Dockerfiles some CI build uses (computed once per repo). */
const claimedDockerfiles = oncePer((repo: Repo): ReadonlySet<DockerfileSource | undefined> => new Set(buildsOf(repo).map((build) => dockerfileAt(repo, build.dockerfile))));

/**
 * Whether the repo builds a container's image: a CI build matches it (even only through
 * variables), or it is the only container of a pod below a Dockerfile that no CI build uses.
 */
export function isBuiltHere(repo: Repo, workload: Workload, container: PodContainer): boolean {
  const image = imageOf(container);
  if (!image) return true; // nothing to compare
  const repository = imageRepository(image);
  if (buildsMatching(repo, repository).length > 0) return true;
  const single = appContainers(workload).length === 1;
  if (!single || container.list !== 'containers') return false;
  return nearestUnclaimedDockerfile(repo, workload.object.document.file.path) !== undefined;
}

export function hasBuildSetup(repo: Repo): boolean {
  return repo.dockerfiles.length > 0 || repo.githubWorkflows.length > 0 || repo.gitlabPipelines.length > 0;
}

// --- Dockerfile <- pod user ------------------------------------------------------------------

export interface PodUser {
  readonly uid: number;
  readonly gid: number | undefined;
  /** The manifest that sets it, for messages. */
  readonly file: string;
}

const positiveId = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);

/**
 * The non-root runAsUser (and runAsGroup) of the pods that run a Dockerfile's image, when every such
 * container that sets one agrees; undefined when none does, a container runs as root, or they disagree.
 * A USER fix that follows it changes nothing for those pods and keeps coherence/user-mismatch quiet.
 */
export function podUserFor(repo: Repo, source: DockerfileSource): PodUser | undefined {
  return podUsers(repo).get(source) ?? undefined;
}

const POD_USERS = new WeakMap<Repo, ReadonlyMap<DockerfileSource, PodUser | null>>();

/** podUserFor for every Dockerfile at once, in one pass over the workloads (null: no single answer). */
function podUsers(repo: Repo): ReadonlyMap<DockerfileSource, PodUser | null> {
  const cached = POD_USERS.get(repo);
  if (cached) return cached;
  const found = new Map<DockerfileSource, Map<string, PodUser> | null>();
  for (const workload of workloads(repo)) {
    for (const container of workload.containers) {
      const source = dockerfileFor(repo, workload, container);
      if (!source || found.get(source) === null) continue;
      const own = mappingOf(container.data.securityContext);
      const pod = mappingOf(workload.spec.securityContext);
      const rawUid = own.runAsUser ?? pod.runAsUser;
      if (rawUid === undefined || rawUid === null) continue;
      const uid = positiveId(rawUid);
      if (uid === undefined) {
        found.set(source, null); // a container of this image runs as root
        continue;
      }
      const gid = positiveId(own.runAsGroup ?? pod.runAsGroup);
      const users = found.get(source) ?? new Map<string, PodUser>();
      users.set(`${uid}:${gid}`, { uid, gid, file: workload.object.document.file.path });
      found.set(source, users);
    }
  }
  const result = new Map<DockerfileSource, PodUser | null>();
  for (const [source, users] of found) result.set(source, users && users.size === 1 ? [...users.values()][0]! : null);
  POD_USERS.set(repo, result);
  return result;
}
