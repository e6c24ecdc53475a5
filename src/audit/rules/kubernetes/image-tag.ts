// Images by :latest or no tag: the deployed bits change without a manifest change, and rollbacks lie.
import { imageRepository, skaffoldImages } from '../../support/image-builds.js';
import { kustomizePinsImage } from '../../support/kubernetes.js';
import { defineRule } from '../../types.js';
import { stringOf, workloads } from './_support.js';

/** The tag of an image reference, or undefined when it has none; digests are reported separately. */
export function imageTag(image: string): { tag: string | undefined; digest: boolean } {
  const at = image.indexOf('@');
  const digest = at >= 0;
  const name = digest ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return { tag: colon > lastSlash ? name.slice(colon + 1) : undefined, digest };
}

export const imageTagRule = defineRule({
  id: 'k8s/image-tag',
  area: 'kubernetes',
  severity: 'medium',
  title: 'Image without a pinned tag',
  why: 'An untagged or :latest image changes under the same manifest: nodes may run different code, a rollback restores nothing, and what was scanned is not what runs.',
  detect:
    'A container, init container or ephemeral container image has no tag or the tag latest, and no @sha256 digest; ' +
    'unless a kustomization that applies the file pins it (`images:` with a newTag or digest) or it is a skaffold artifact (skaffold tags it and writes the tag into the manifests it deploys).',
  fix: 'Use an immutable version tag, ideally with its digest: `ghcr.io/acme/web:1.4.2@sha256:…`.',
  refs: ['trivy:KSV-0013', 'kube-linter:latest-tag'],
  noFix: 'The version to pin is never invented: pin the tag (and digest) you have tested.',
  check({ repo, report }) {
    const pinnedByKustomize = kustomizePinsImage(repo);
    const skaffold = skaffoldImages(repo);
    for (const workload of workloads(repo)) {
      for (const container of workload.containers) {
        const image = stringOf(container.data.image);
        if (!image || image.includes('$') || image.includes('{{')) continue; // templated, not a literal reference
        const { tag, digest } = imageTag(image);
        if (digest || (tag !== undefined && tag !== 'latest')) continue;
        if (pinnedByKustomize(workload.object.document.file.path, image)) continue;
        if (tag === undefined && skaffold.some((build) => build.matches(imageRepository(image)))) continue;
        report({
          location: container.locate(['image']),
          message: `${container.label} of ${workload.label} uses ${image}${tag ? '' : ' without a tag (that means :latest)'}.`,
        });
      }
    }
  },
});
