import { lineStartOf } from '../../fix/dockerfile.js';
import type { Fix } from '../../types.js';
import { defineRule } from '../../types.js';
import { type ExposedPort, exposedPorts } from './_ports.js';
import { type DockerfileModel, type Step, dockerfileModels } from './_support.js';

/**
 * Removes port 22 from the EXPOSE: the word and the blanks after it (before it, for the last word),
 * or the whole line when it is the only port. EXPOSE only documents ports (and `docker run -P`
 * publishes them), so removing it cannot break the app. A range, or a port written as a variable,
 * is left to a person.
 */
function removeSsh(model: DockerfileModel, step: Step, ports: readonly ExposedPort[], port: ExposedPort): Fix | { noFix: string } {
  if (port.range!.from !== port.range!.to) return { noFix: `the range ${port.value} holds other ports too; split it by hand` };
  if (port.word.value !== port.value) return { noFix: `the port is written as ${port.word.value}; change the variable by hand` };
  const file = model.source.file.path;
  const text = model.text;
  const description = `Remove ${port.value} from EXPOSE`;
  if (text.slice(step.span.start, step.span.end).includes('\n')) return { noFix: 'the EXPOSE spans several lines; remove the port by hand' };
  if (ports.length === 1) {
    const start = lineStartOf(text, step.span.start);
    const lineEnd = text.indexOf('\n', step.span.end);
    const end = lineEnd < 0 ? text.length : lineEnd + 1;
    return { description, edits: [{ file, start, end, text: '' }] };
  }
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  let start = port.word.start;
  let end = port.word.end;
  if (port === ports.at(-1)) while (isBlank(text[start - 1])) start--;
  else while (isBlank(text[end])) end++;
  return { description, edits: [{ file, start, end, text: '' }] };
}

export const exposeSsh = defineRule({
  id: 'dockerfile/expose-ssh',
  area: 'dockerfile',
  severity: 'medium',
  title: 'SSH port exposed',
  why: 'An SSH server in a container is a second, long-lived way in with its own credentials to leak; containers are replaced, not logged into (kubectl exec and debug containers cover the rare need).',
  detect: 'EXPOSE of port 22 (alone, with a protocol, or inside a range) in the final stage or a stage it is built FROM, after substituting ARG/ENV defaults.',
  fix: 'Remove EXPOSE 22 and the SSH server; use kubectl exec or ephemeral debug containers for troubleshooting.',
  refs: ['trivy:DS-0004'],
  fixable: true,
  check({ repo, report }) {
    for (const model of dockerfileModels(repo)) {
      for (const stage of model.finalChain) {
        for (const step of stage.steps) {
          if (step.keyword !== 'EXPOSE') continue;
          const ports = exposedPorts(model, step);
          for (const port of ports) {
            if (port.range && port.range.from <= 22 && 22 <= port.range.to) {
              const fix = removeSsh(model, step, ports, port);
              report({
                location: model.locate({ start: port.word.start, end: port.word.end }),
                message: `EXPOSE ${port.value} publishes SSH (port 22).`,
                ...('noFix' in fix ? { noFix: fix.noFix } : { fix }),
              });
            }
          }
        }
      }
    }
  },
});
