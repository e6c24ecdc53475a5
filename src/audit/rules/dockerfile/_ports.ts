// EXPOSE arguments: 80, 80/tcp, 8000-8010/udp.
import type { Word } from './_shell.js';
import type { DockerfileModel, Step } from './_support.js';

export interface ExposedPort {
  readonly word: Word;
  /** The argument with ARG/ENV defaults substituted. */
  readonly value: string;
  /** undefined when the value is not a port or range (or still has a variable). */
  readonly range: { readonly from: number; readonly to: number } | undefined;
  readonly unresolved: boolean;
}

const PORT = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i;

export function exposedPorts(model: DockerfileModel, step: Step): ExposedPort[] {
  return model.argumentsOf(step).words.map((word) => {
    const value = model.resolve(word.value, step);
    const match = PORT.exec(value);
    const from = match ? Number(match[1]) : NaN;
    const to = match?.[2] !== undefined ? Number(match[2]) : from;
    return { word, value, range: match ? { from, to } : undefined, unresolved: value.includes('$') };
  });
}
