import { defineRule } from '../../types.js';
import { exposedPorts } from './_ports.js';
import { dockerfileModels } from './_support.js';

export const exposeSsh = defineRule({
  id: 'dockerfile/expose-ssh',
  area: 'dockerfile',
  severity: 'medium',
  title: 'SSH port exposed',
  why: 'An SSH server in a container is a second, long-lived way in with its own credentials to leak; containers are replaced, not logged into (kubectl exec and debug containers cover the rare need).',
  detect: 'EXPOSE of port 22 (alone, with a protocol, or inside a range) in the final stage or a stage it is built FROM, after substituting ARG/ENV defaults.',
  fix: 'Remove EXPOSE 22 and the SSH server; use kubectl exec or ephemeral debug containers for troubleshooting.',
  refs: ['trivy:DS-0004'],
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.finalChain) {
        for (const step of stage.steps) {
          if (step.keyword !== 'EXPOSE') continue;
          for (const port of exposedPorts(model, step)) {
            if (port.range && port.range.from <= 22 && 22 <= port.range.to) {
              report({ location: model.locate({ start: port.word.start, end: port.word.end }), message: `EXPOSE ${port.value} publishes SSH (port 22).` });
            }
          }
        }
      }
    }
  },
});
