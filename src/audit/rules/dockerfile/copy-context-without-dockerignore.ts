import type { Repo } from '../../types.js';
import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

/** The whole build context: `.`, `./`, `*`, `./*`, `/`. */
const WHOLE_CONTEXT = /^(\.|\.\/|\*|\.\/\*|\/|\/\*)$/;

/** A .dockerignore next to the Dockerfile (its assumed context), or the BuildKit per-Dockerfile `<Dockerfile>.dockerignore`. */
export function hasDockerignore(repo: Repo, dockerfilePath: string): boolean {
  const dir = dockerfilePath.includes('/') ? dockerfilePath.slice(0, dockerfilePath.lastIndexOf('/') + 1) : '';
  return repo.files.some((file) => file.path === `${dir}.dockerignore` || file.path === `${dockerfilePath}.dockerignore`);
}

export const copyContextWithoutDockerignore = defineRule({
  id: 'dockerfile/copy-context-without-dockerignore',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Whole build context copied without a .dockerignore',
  why: 'Without a .dockerignore, COPY . copies everything in the directory into the image: .git history, .env files, keys, local credentials and dependency folders.',
  detect:
    'COPY or ADD of the whole build context (`.`, `./`, `*`) from the context (not --from a stage) when there is no ' +
    '.dockerignore in the Dockerfile\'s directory (taken as the build context) and no <Dockerfile>.dockerignore beside it.',
  fix: 'Add a .dockerignore that excludes at least .git, .env*, *.pem, *.key, node_modules and build output, or COPY only the files the build needs.',
  refs: [],
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      if (hasDockerignore(repo, model.source.file.path)) continue;
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const args = model.argumentsOf(step);
          if (args.flags.some((f) => f.name === 'from')) continue;
          const source = args.words.slice(0, -1).find((w) => WHOLE_CONTEXT.test(w.value));
          if (!source) continue;
          report({
            location: model.locate({ start: source.start, end: source.end }),
            message: `${step.keyword} ${source.value} copies the whole build context, and there is no .dockerignore to keep secrets and .git out.`,
          });
        }
      }
    }
  },
});
