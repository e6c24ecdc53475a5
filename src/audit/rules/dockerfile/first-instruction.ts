import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

export const firstInstruction = defineRule({
  id: 'dockerfile/first-instruction',
  area: 'dockerfile',
  severity: 'low',
  title: 'Dockerfile does not start with FROM',
  why: 'Only ARG may come before the first FROM; anything else is an error, so the file does not build (or is not the Dockerfile the pipeline builds).',
  detect: 'An instruction other than ARG before the first FROM (parser directives and comments are fine), or a Dockerfile with instructions but no FROM.',
  fix: 'Start the Dockerfile with FROM, optionally preceded by the ARGs used in FROM lines.',
  refs: ['hadolint:DL3061'],
  noFix: 'What the file should start FROM is not in the file.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const misplaced = model.preamble.find((step) => step.keyword !== 'ARG');
      if (misplaced) {
        report({
          location: model.locate(misplaced.span),
          message:
            model.stages.length > 0
              ? `${misplaced.keyword} comes before the first FROM; only ARG may.`
              : `${misplaced.keyword} with no FROM anywhere: this is not a buildable Dockerfile.`,
        });
      } else if (model.stages.length === 0 && model.preamble.length > 0) {
        report({ location: model.locate(model.preamble[0]!.span), message: 'The Dockerfile has no FROM.' });
      }
    }
  },
});
