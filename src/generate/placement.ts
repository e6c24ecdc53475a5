// Where planned files land on disk. Normally in the target folder. For a service of a monorepo
// (profile.serviceDir) the write root is the repository root: the service's files go under its
// folder, and the files GitHub and Renovate read only at the root (the workflow, renovate.json)
// go there. One root for all of them keeps the write one transaction.
import path from 'node:path';
import type { Profile } from '../profile/schema.js';
import { planForDirectory } from './kept-manifests.js';
import type { PlannedFile } from './plan.js';
import { type FileChange, compareWithDisk } from './write.js';

interface Placement {
  /** The folder every path is relative to, and the one the write transaction runs in. */
  readonly root: string;
  readonly files: readonly PlannedFile[];
  /** Prefix of the service's own files under `root` ('' outside a monorepo). */
  readonly servicePrefix: string;
}

export class PlacementError extends Error {
  override name = 'PlacementError';
}

/** Whether a pipeline's text includes `file` as a local include (any of GitLab's spellings). */
function includesLocal(text: string, file: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.trim().replace(/^-\s*/, '').replace(/^local:\s*/, '').replace(/^['"]|['"]$/g, '').replace(/^\//, '');
    return trimmed === file;
  });
}

function placeFiles(dir: string, profile: Profile, files: readonly PlannedFile[]): Placement {
  if (!profile.serviceDir) return { root: dir, files, servicePrefix: '' };
  const target = path.resolve(dir);
  const segments = profile.serviceDir.split('/');
  const root = path.resolve(target, ...segments.map(() => '..'));
  // A saved profile names its folder: generating into another one would put the workflow's paths
  // on the wrong service.
  if (path.relative(root, target).split(path.sep).join('/') !== profile.serviceDir) {
    throw new PlacementError(`the profile is for the service folder ${profile.serviceDir}, but the target is ${path.basename(target)}; set --service-dir to this folder relative to the repository root`);
  }
  const prefix = `${profile.serviceDir}/`;
  return { root, files: files.map((file) => (file.scope === 'repository' ? file : { ...file, path: `${prefix}${file.path}` })), servicePrefix: prefix };
}

export interface PlacedChanges {
  readonly root: string;
  readonly servicePrefix: string;
  readonly changes: FileChange<PlannedFile>[];
  /** What was left out and why (another service's Renovate config at the root). */
  readonly notes: readonly string[];
}

/**
 * The planned files for `dir`, placed, compared with what is on disk under the write root. For a
 * service of a monorepo, the files the whole repository shares are left alone when they exist:
 * renovate.json (Renovate reads one config), and the root .gitlab-ci.yml (GitLab reads one
 * pipeline), which must then include this service's pipeline; a note says what to check or add.
 */
export async function placedChanges(dir: string, profile: Profile): Promise<PlacedChanges> {
  const placement = placeFiles(dir, profile, await planForDirectory(dir, profile));
  const changes = await compareWithDisk(placement.root, placement.files);
  const notes: string[] = [];
  const pipeline = placement.files.find((file) => file.scope === 'repository' && file.path.startsWith('.gitlab/ci/'))?.path;
  const kept = changes.filter((change) => {
    if (!(change.file.scope === 'repository' && change.status === 'changed')) return true;
    if (change.file.path === 'renovate.json') {
      notes.push(
        `renovate.json at the repository root is left as it is (Renovate reads one config for the whole repository); check that it pins ${placement.servicePrefix}Dockerfile by digest (the dockerfile manager with pinDigests: true).`,
      );
      return false;
    }
    if (change.file.path === '.gitlab-ci.yml' && pipeline) {
      if (!includesLocal(change.previous ?? '', pipeline)) {
        notes.push(`.gitlab-ci.yml at the repository root is left as it is; add this service's pipeline to it: include: [{local: ${pipeline}}] (GitLab runs no other pipeline file).`);
      }
      return false;
    }
    return true;
  });
  return { root: placement.root, servicePrefix: placement.servicePrefix, changes: kept, notes };
}
