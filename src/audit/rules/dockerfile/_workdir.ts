// WORKDIR paths as Docker will see them.
import type { DockerfileModel, Step } from './_support.js';

export interface WorkdirPath {
  /** The path with ARG/ENV defaults substituted and surrounding quotes removed. */
  readonly path: string;
  readonly span: { readonly start: number; readonly end: number };
}

export function workdirPath(model: DockerfileModel, step: Step): WorkdirPath | undefined {
  const args = model.argumentsOf(step);
  const first = args.words[0];
  if (!first) return undefined;
  const written = model.text.slice(args.span.start, args.span.end).trim();
  const path = model.resolve(written, step).replace(/^(["'])(.*)\1$/, '$2');
  return { path, span: args.span };
}

/** Collapses //, /./ and /../ so `/app/../proc` is seen as /proc. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
