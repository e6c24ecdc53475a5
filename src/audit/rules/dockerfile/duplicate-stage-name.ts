import { defineRule } from '../../types.js';
import { dockerfileModels } from './_support.js';

export const duplicateStageName = defineRule({
  id: 'dockerfile/duplicate-stage-name',
  area: 'dockerfile',
  severity: 'medium',
  title: 'Two stages share a name',
  why: 'With two stages of the same name, FROM and COPY --from resolve to one of them and the other is silently unused, so the image is not built from what the reader thinks.',
  detect: 'A FROM ... AS name whose name (case-insensitive, as Docker compares them) was already used by an earlier stage.',
  fix: 'Give every stage a unique name.',
  refs: ['hadolint:DL3024', 'trivy:DS-0012'],
  noFix: 'Renaming a stage changes every COPY --from and build --target that names it, some of them outside the repository.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      // Names seen so far, as Docker compares them: one pass, however many stages.
      const seen = new Set<string>();
      for (const stage of model.stages) {
        if (!stage.name || !stage.nameSpan) continue;
        const name = stage.name.toLowerCase();
        const first = seen.has(name);
        seen.add(name);
        if (first) {
          report({ location: model.locate(stage.nameSpan), message: `Stage name ${stage.name} is already used by an earlier stage.` });
        }
      }
    }
  },
});
