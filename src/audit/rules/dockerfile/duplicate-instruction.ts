import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

const REFS = {
  CMD: ['hadolint:DL4003', 'trivy:DS-0016'],
  ENTRYPOINT: ['hadolint:DL4004', 'trivy:DS-0007'],
  HEALTHCHECK: ['trivy:DS-0023'],
} as const;

export const duplicateInstruction = defineRule({
  id: 'dockerfile/duplicate-instruction',
  area: 'dockerfile',
  severity: 'low',
  title: 'CMD, ENTRYPOINT or HEALTHCHECK overridden in the same stage',
  why: 'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; the earlier ones mislead readers and reviewers about what the container runs or checks.',
  detect: 'A CMD, ENTRYPOINT or HEALTHCHECK followed by another of the same kind in the same stage; each overridden one is reported.',
  fix: 'Keep one CMD, one ENTRYPOINT and one HEALTHCHECK per stage.',
  refs: ['hadolint:DL4003', 'hadolint:DL4004', 'trivy:DS-0007', 'trivy:DS-0016', 'trivy:DS-0023'],
  noFix: 'Which of the instructions is the intended one is a decision about the image\'s behaviour.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'] as const) {
          const steps = stage.steps.filter((s) => s.keyword === keyword);
          const last = steps.at(-1);
          if (!last) continue;
          for (const step of steps.slice(0, -1)) {
            report({ location: model.locate(step.span), message: `This ${keyword} has no effect: a later ${keyword} of the stage overrides it.`, refs: REFS[keyword] });
          }
        }
      }
    }
  },
});
