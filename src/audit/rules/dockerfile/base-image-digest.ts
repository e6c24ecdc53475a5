import type { Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { floatingTag, isScratch } from './_images.js';
import { dockerfileModels } from './_support.js';

const RENOVATE_CONFIG = /(^|\/)(renovate\.json5?|\.renovaterc(\.json5?)?)$/;
/** `pinDigests: true`, or a preset that turns it on for Docker images. */
const PINS_DIGESTS = /["']?pinDigests["']?\s*:\s*true|["'](docker:pinDigests|config:best-practices)["']/;

/** A Renovate config in the repo pins image digests, so the first Renovate pull request adds them. */
export function renovatePinsDigests(repo: Repo): boolean {
  return repo.files.some((file) => RENOVATE_CONFIG.test(file.path) && PINS_DIGESTS.test(file.text));
}

export const baseImageDigest = defineRule({
  id: 'dockerfile/base-image-digest',
  area: 'dockerfile',
  severity: 'low',
  title: 'Base image is not pinned by digest',
  why: 'A tag is a pointer the publisher (or anyone who takes over their account) can move; only a digest names exact content, so builds are reproducible and a swapped image is noticed.',
  detect:
    'A FROM with a tag but no @sha256 digest (scratch, earlier stages, unresolved variables and untagged/:latest images, ' +
    'which dockerfile/base-image-latest reports, are skipped). Not reported when a Renovate config in the repo ' +
    '(renovate.json, .renovaterc...) sets `pinDigests: true` or extends `docker:pinDigests` or `config:best-practices`: ' +
    'Renovate then adds and updates the digests.',
  fix: 'Append the digest: `FROM node:24.11.1-trixie-slim@sha256:<digest>` (`docker buildx imagetools inspect <image>` prints it), or enable Renovate with `docker:pinDigests`.',
  refs: ['scorecard:Pinned-Dependencies'],
  noFix: 'The digest to pin is the one of the image you tested; the audit never pulls an image or asks a registry to look one up.',
  check({ repo, report }) {
    if (renovatePinsDigests(repo)) return;
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        const image = stage.image;
        if (!image || isScratch(image) || image.digest || image.tag === undefined || image.tag.includes('$') || floatingTag(image)) continue;
        report({
          location: model.locate(stage.imageSpan),
          message: `${image.reference} is pinned by tag only; the tag can be moved to different content. Add its @sha256 digest.`,
        });
      }
    }
  },
});
