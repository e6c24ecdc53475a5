// Files a kustomization applies as patches. A patch is a fragment (a Deployment with only
// `replicas: 3`, or a securityContext change), not a workload: audited as one, a ten-line replicas
// patch on a hardened base gets every "missing" finding of the restricted profile (issue 9). The
// files listed here are left out of the Kubernetes objects the rules see, with a note; their base
// is audited where it lives.
import { posix } from 'node:path';
import type { YamlDocument } from '../types.js';

const KUSTOMIZATION = /(^|\/)(?:kustomization\.ya?ml|Kustomization)$/;

/** Relative path of each patch file -> the kustomization that patches with it. */
export function kustomizePatchFiles(documents: readonly YamlDocument[]): Map<string, string> {
  const patches = new Map<string, string>();
  for (const document of documents) {
    if (!KUSTOMIZATION.test(document.file.path)) continue;
    const data = document.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) continue;
    const folder = posix.dirname(document.file.path);
    for (const relative of patchPaths(data)) {
      const resolved = posix.normalize(posix.join(folder, relative));
      if (!resolved.startsWith('../') && !patches.has(resolved)) patches.set(resolved, document.file.path);
    }
  }
  return patches;
}

/** The file paths a kustomization names as patches, in any of the three spellings kustomize accepts. */
function patchPaths(kustomization: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  // patchesStrategicMerge: [file, ...] (items may also be inline patches, which are not file names).
  for (const item of listOf(kustomization.patchesStrategicMerge)) {
    if (typeof item === 'string' && !item.includes('\n')) paths.push(item);
  }
  // patches: [{path, target?}] and patchesJson6902: [{path, target}]; `patch:` is inline.
  for (const item of [...listOf(kustomization.patches), ...listOf(kustomization.patchesJson6902)]) {
    const path = typeof item === 'object' && item !== null ? (item as { path?: unknown }).path : undefined;
    if (typeof path === 'string') paths.push(path);
  }
  return paths;
}
