import { defineRule } from '../../types.js';
import { exposedPorts } from './_ports.js';
import { dockerfileModels } from './_support.js';

export const exposeInvalidPort = defineRule({
  id: 'dockerfile/expose-invalid-port',
  area: 'dockerfile',
  severity: 'low',
  title: 'EXPOSE of a port outside 0-65535',
  why: 'A port that cannot exist means the image documents the wrong port, and the Service, probes and NetworkPolicy written from it will not match the app.',
  detect: 'An EXPOSE argument that, after substituting ARG/ENV defaults, is not a port or range (port[-port][/tcp|udp|sctp]) or has a number above 65535 or a range that runs backwards. Arguments with unresolved variables are skipped.',
  fix: 'EXPOSE the port the app listens on, e.g. `EXPOSE 8080`.',
  refs: ['trivy:DS-0008'],
  noFix: 'The intended port is not in the file.',
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.stages) {
        for (const step of stage.steps) {
          if (step.keyword !== 'EXPOSE') continue;
          for (const port of exposedPorts(model, step)) {
            if (port.unresolved) continue;
            const valid = port.range !== undefined && port.range.to <= 65535 && port.range.from <= port.range.to;
            if (!valid) report({ location: model.locate({ start: port.word.start, end: port.word.end }), message: `EXPOSE ${port.value} is not a port in 0-65535.` });
          }
        }
      }
    }
  },
});
