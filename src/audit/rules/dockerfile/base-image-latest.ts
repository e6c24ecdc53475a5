import type { Fix, Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { type ImageRef, floatingTag } from './_images.js';
import { type DockerfileModel, type Stage, dockerfileModels } from './_support.js';
import { statedVersion, versionSourcesFor } from './_versions.js';

/** The FROM with the tag the repository states elsewhere; undefined when it states none (a version is never guessed). */
function tagFix(model: DockerfileModel, stage: Stage, image: ImageRef, repo: Repo): Fix | undefined {
  const written = model.text.slice(stage.imageSpan.start, stage.imageSpan.end);
  if (written.includes('$') || written !== image.reference) return undefined; // a reference built from ARGs: fix the ARG by hand
  const stated = statedVersion(repo, image, model.source.file.path);
  if (!stated) return undefined;
  const name = image.tag === undefined ? written : written.slice(0, written.lastIndexOf(':'));
  const proposed = `${name}:${stated.tag}`;
  return {
    description: `Use ${proposed} (the version ${stated.source} states)`,
    edits: [{ file: model.source.file.path, start: stage.imageSpan.start, end: stage.imageSpan.end, text: proposed }],
    caveat:
      `${proposed} is the version ${stated.source} names, which may not be what :latest resolves to today: check that the image ` +
      'variant (slim, alpine, the Debian release) is the one you want, then pin its digest (@sha256:...) and let Renovate or Dependabot update both.',
  };
}

export const baseImageLatest = defineRule({
  id: 'dockerfile/base-image-latest',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Base image is untagged or :latest',
  why: 'An untagged or :latest base changes whenever its publisher pushes, so the same Dockerfile builds different images and a rebuild can pull in breaking or malicious changes unnoticed.',
  detect:
    'A FROM whose image (after substituting ARG defaults) has no tag or the tag `latest`, and no @sha256 digest. ' +
    '`FROM scratch`, FROM an earlier stage, and references whose tag is an unresolved variable are not reported. ' +
    'A fix proposes a tag only when the repository states one: another FROM of the same image with a tag, or for node, ' +
    'golang and python images the runtime version pinned by .nvmrc, engines.node, go.mod, .python-version, requires-python, ' +
    '.tool-versions or the setup action in CI. Otherwise there is no fix: a version is never invented.',
  fix: 'Pin an exact version tag (node:24.11.1-trixie-slim) and its digest (@sha256:...); let Renovate or Dependabot update both.',
  refs: ['hadolint:DL3006', 'hadolint:DL3007', 'trivy:DS-0001'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        const problem = stage.image && floatingTag(stage.image);
        if (!problem || !stage.image) continue;
        const untagged = problem === 'untagged';
        const fix = tagFix(model, stage, stage.image, repo);
        const floating = untagged
          ? `${stage.image.reference} has no tag, so it means :latest and changes whenever the publisher pushes.`
          : `${stage.image.reference} uses :latest, which changes whenever the publisher pushes.`;
        report({
          location: model.locate(stage.imageSpan),
          message: floating,
          refs: untagged ? ['hadolint:DL3006', 'trivy:DS-0001'] : ['hadolint:DL3007', 'trivy:DS-0001'],
          ...(fix
            ? { fix }
            : { noFix: `the repository states no version for ${stage.image.repository} (looked for: ${versionSourcesFor(stage.image)}), and a version is never guessed` }),
        });
      }
    }
  },
});
