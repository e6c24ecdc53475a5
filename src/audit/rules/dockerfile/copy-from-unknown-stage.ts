import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

/** Looks like an image reference (registry, path, tag or digest) rather than a stage name. */
const IMAGE_REFERENCE = /[/:@]/;

export const copyFromUnknownStage = defineRule({
  id: 'dockerfile/copy-from-unknown-stage',
  area: 'dockerfile',
  severity: 'medium',
  title: 'COPY --from names no earlier stage',
  why: 'When --from matches no earlier stage, Docker pulls an image of that name from Docker Hub instead: a typo silently copies files from a stranger\'s image into yours. Copying from the stage itself fails.',
  detect:
    'COPY --from whose value (ARG defaults substituted) is the current stage\'s own name or index, or is neither the name ' +
    'nor the index of an earlier stage and does not look like an image reference (no /, : or @). Unresolved variables are skipped.',
  fix: 'Name the stage you copy from (`FROM golang:1.26.0 AS build` then `COPY --from=build ...`); copy from an external image only by a full, pinned reference.',
  refs: ['hadolint:DL3022', 'hadolint:DL3023', 'trivy:DS-0006'],
  noFix: 'Which stage or image was meant is not in the file: a typo, a renamed stage or a missing FROM.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'COPY' && step.keyword !== 'ADD') continue;
          const flag = model.argumentsOf(step).flags.find((f) => f.name === 'from');
          if (!flag?.value) continue;
          const value = model.resolve(flag.value, step);
          if (value.includes('$')) continue;
          const lower = value.toLowerCase();
          const location = model.locate(flag.span);
          if (stage.name?.toLowerCase() === lower || value === String(stage.index)) {
            report({ location, message: `${step.keyword} --from=${value} refers to the stage it is in.`, refs: ['hadolint:DL3023', 'trivy:DS-0006'] });
            continue;
          }
          const earlier = model.stages.slice(0, stage.index);
          if (/^\d+$/.test(value) ? Number(value) < stage.index : earlier.some((s) => s.name?.toLowerCase() === lower)) continue;
          if (IMAGE_REFERENCE.test(value)) continue;
          const later = model.stages.slice(stage.index + 1).find((s) => s.name?.toLowerCase() === lower || String(s.index) === value);
          report({
            location,
            message: later
              ? `${step.keyword} --from=${value} refers to a stage defined later in the file; stages can only copy from earlier ones.`
              : `${step.keyword} --from=${value} names no earlier stage, so Docker pulls an image called "${value}" instead.`,
            refs: ['hadolint:DL3022'],
          });
        }
      }
    }
  },
});
