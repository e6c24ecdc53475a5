import { defineRule } from '../../types.js';
import { workdirPath } from './_workdir.js';
import { dockerfileModels } from './_support.js';

export const relativeWorkdir = defineRule({
  id: 'dockerfile/relative-workdir',
  area: 'dockerfile',
  severity: 'low',
  title: 'WORKDIR is a relative path',
  why: 'A relative WORKDIR depends on every WORKDIR before it, including the base image\'s, so files land somewhere other than the reader (and the Kubernetes volume mounts) expect.',
  detect: 'A WORKDIR whose path, after substituting ARG/ENV defaults, does not start with / (or a Windows drive); paths that still start with a variable are skipped.',
  fix: 'Use an absolute path: `WORKDIR /app`.',
  refs: ['hadolint:DL3000', 'trivy:DS-0009'],
  noFix: 'The absolute directory meant is not in the file (it depends on the WORKDIR of the base image).',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'WORKDIR') continue;
          const workdir = workdirPath(model, step);
          if (!workdir || workdir.path.startsWith('/') || workdir.path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(workdir.path)) continue;
          report({ location: model.locate(workdir.span), message: `WORKDIR ${workdir.path} is relative; use an absolute path.` });
        }
      }
    }
  },
});
