import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

export const copyDestinationSlash = defineRule({
  id: 'dockerfile/copy-destination-slash',
  area: 'dockerfile',
  severity: 'low',
  title: 'COPY of several sources to a destination without a trailing /',
  why: 'With several sources the destination must be a directory written with a trailing /; otherwise the build fails, or files end up under a different name than intended.',
  detect: 'COPY or ADD with more than one source whose destination (not a variable) does not end with /.',
  fix: 'End the destination with /: `COPY package.json package-lock.json /app/`.',
  refs: ['hadolint:DL3021', 'trivy:DS-0011'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const args = model.argumentsOf(step);
          if (args.words.length < 3 || args.words.some((w) => w.value.startsWith('<<'))) continue;
          const destination = args.words.at(-1)!;
          if (destination.value.endsWith('/') || destination.value.includes('$')) continue;
          // In shell form the word ends where its text does; in exec form the closing quote comes after it.
          const at = args.json ? destination.end - 1 : destination.end;
          report({
            location: model.locate({ start: destination.start, end: destination.end }),
            message: `${step.keyword} has ${args.words.length - 1} sources, so the destination ${destination.value} must end with /.`,
            fix: { description: 'Add a trailing /', edits: [{ file: model.source.file.path, start: at, end: at, text: '/' }] },
          });
        }
      }
    }
  },
});
