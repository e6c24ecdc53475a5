import { defineRule } from '../../types.js';
import { floatingTag } from './_images.js';
import { dockerfileModels } from './_support.js';

export const baseImageLatest = defineRule({
  id: 'dockerfile/base-image-latest',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Base image is untagged or :latest',
  why: 'An untagged or :latest base changes whenever its publisher pushes, so the same Dockerfile builds different images and a rebuild can pull in breaking or malicious changes unnoticed.',
  detect:
    'A FROM whose image (after substituting ARG defaults) has no tag or the tag `latest`, and no @sha256 digest. ' +
    '`FROM scratch`, FROM an earlier stage, and references whose tag is an unresolved variable are not reported.',
  fix: 'Pin an exact version tag (node:24.11.1-trixie-slim) and its digest (@sha256:...); let Renovate or Dependabot update both.',
  refs: ['hadolint:DL3006', 'hadolint:DL3007', 'trivy:DS-0001'],
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        const problem = stage.image && floatingTag(stage.image);
        if (!problem || !stage.image) continue;
        const untagged = problem === 'untagged';
        report({
          location: model.locate(stage.imageSpan),
          message: untagged
            ? `${stage.image.reference} has no tag, so it means :latest and changes whenever the publisher pushes.`
            : `${stage.image.reference} uses :latest, which changes whenever the publisher pushes.`,
          refs: untagged ? ['hadolint:DL3006', 'trivy:DS-0001'] : ['hadolint:DL3007', 'trivy:DS-0001'],
        });
      }
    }
  },
});
