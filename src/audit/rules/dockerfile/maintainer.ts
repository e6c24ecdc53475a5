import { keywordLike } from '../../fix/dockerfile.js';
import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

export const maintainer = defineRule({
  id: 'dockerfile/maintainer',
  area: 'dockerfile',
  severity: 'info',
  title: 'MAINTAINER is deprecated',
  why: 'MAINTAINER is deprecated and invisible to tools that read the standard OCI labels, so ownership metadata (who to tell about a vulnerability) gets lost.',
  detect: 'A MAINTAINER instruction.',
  fix: 'Use `LABEL org.opencontainers.image.authors="name <email>"`.',
  refs: ['hadolint:DL4000', 'trivy:DS-0022'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      const steps = [...model.preamble, ...model.stages.flatMap((stage) => stage.steps)];
      for (const step of steps) {
        if (step.keyword !== 'MAINTAINER') continue;
        const args = model.argumentsOf(step);
        const value = model.text.slice(args.span.start, args.span.end).trim();
        // A JSON string is a valid Dockerfile double-quoted string as long as nothing in it is expanded or escaped differently.
        const safe = value !== '' && !/[$\\\n"]/.test(value);
        report({
          location: model.locate(step.span),
          message: 'MAINTAINER is deprecated; use the org.opencontainers.image.authors label.',
          ...(!safe && { noFix: 'the value has variables, quotes, escapes or several lines, which a LABEL would read differently; write the label by hand' }),
          ...(safe && {
            fix: {
              description: 'Replace with LABEL org.opencontainers.image.authors',
              edits: [{ file: model.source.file.path, start: step.span.start, end: step.span.end, text: `${keywordLike(model.text, step, 'LABEL')} org.opencontainers.image.authors=${JSON.stringify(value)}` }],
            },
          }),
        });
      }
    }
  },
});
