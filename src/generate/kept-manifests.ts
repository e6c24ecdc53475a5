// Manifests the project already keeps in the folder the generated kustomization applies (an
// ingress.yaml, a configmap.yaml): the new kustomization lists them too, so replacing it never
// silently drops a resource the old one applied. Read from the disk once, before planning; the
// plan itself stays pure.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Profile } from '../profile/schema.js';
import { type PlannedFile, plan } from './plan.js';

/** The folder the generated kustomization applies. */
const MANIFESTS = 'k8s';

/** The plan for writing into dir: plan(), with the manifests dir already keeps in the kustomization. */
export async function planForDirectory(dir: string, profile: Profile): Promise<PlannedFile[]> {
  const files = plan(profile);
  const kept = await keptManifests(dir, MANIFESTS, new Set(files.map((file) => file.path)));
  return kept.length === 0 ? files : plan(profile, { keptManifests: kept });
}

/** A name kustomize and the template can list as it is. */
const LISTABLE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(?:ya?ml|json)$/;
const NOT_RESOURCES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/**
 * The manifest files directly in `dir/folder` that the plan does not write, sorted. Only regular
 * files (a link is not followed, a sub-folder is an overlay or a base of its own, not a resource
 * file); a folder that does not exist or cannot be read keeps nothing.
 */
export async function keptManifests(dir: string, folder: string, planned: ReadonlySet<string>): Promise<string[]> {
  const absolute = path.join(dir, folder);
  try {
    if (!(await lstat(absolute)).isDirectory()) return [];
    const entries = await readdir(absolute, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && LISTABLE.test(entry.name) && !NOT_RESOURCES.has(entry.name) && !planned.has(`${folder}/${entry.name}`))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
