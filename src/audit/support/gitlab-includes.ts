// A GitLab pipeline split over files: `include:` names local files that join the same pipeline
// (GitLab's "Use CI/CD configuration from other files": a string, a list, or `local:` items; paths
// from the repository root with or without a leading `/`; `*` and `**` wildcards). Those files are
// read as pipelines too, wherever they sit, and their own includes followed. URLs, templates,
// components and other projects' files are outside the repository and left alone.
import { compileGlob, type Meter } from '../../util/glob.js';

/** Wildcard includes matched per audit, and the glob work they may spend: each is untrusted text run against every YAML path. */
const MAX_WILDCARD_INCLUDES = 100;
const MAX_WILDCARD_STEPS = 50_000_000;

/** The local include paths or patterns a pipeline names, without their leading `/`. */
export function localIncludes(data: unknown): string[] {
  const include = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).include : undefined;
  const items = Array.isArray(include) ? include : include === undefined ? [] : [include];
  const paths: string[] = [];
  for (const item of items) {
    const path =
      typeof item === 'string' ? (/^https?:\/\//i.test(item) ? undefined : item) : typeof item === 'object' && item !== null ? (item as Record<string, unknown>).local : undefined;
    if (typeof path !== 'string') continue;
    const relative = path.trim().replace(/^\/+/, '');
    // GitLab refuses paths that climb out of the repository.
    if (relative !== '' && !relative.split('/').includes('..')) paths.push(relative);
  }
  return paths;
}

/**
 * The documents that pipelines include, directly or through other included files, each file once.
 * A wildcard is matched as GitLab documents it: `configs/*.yml` in the folder, `configs/**.yml` in
 * it and below (read both ways, `**` crossing folders or not).
 */
export function includedDocuments<D extends { readonly file: { readonly path: string }; readonly data: unknown }>(
  roots: readonly D[],
  candidates: readonly D[],
): { readonly documents: D[]; readonly unexpanded: readonly { readonly file: string; readonly include: string }[] } {
  const byPath = new Map<string, D[]>();
  for (const document of candidates) {
    const list = byPath.get(document.file.path);
    if (list) list.push(document);
    else byPath.set(document.file.path, [document]);
  }
  const taken = new Set<string>(roots.map((document) => document.file.path));
  const found: D[] = [];
  const queue = [...roots];
  const meter: Meter = { steps: 0 };
  let wildcards = 0;
  const unexpanded: { file: string; include: string }[] = [];
  const take = (path: string) => {
    if (taken.has(path)) return;
    const documents = byPath.get(path);
    if (!documents) return;
    taken.add(path);
    for (const document of documents) {
      found.push(document);
      queue.push(document);
    }
  };
  for (let k = 0; k < queue.length; k++) {
    for (const include of localIncludes(queue[k]!.data)) {
      if (!/[*?[{]/.test(include)) {
        take(include);
        continue;
      }
      if (++wildcards > MAX_WILDCARD_INCLUDES || meter.steps > MAX_WILDCARD_STEPS) {
        unexpanded.push({ file: queue[k]!.file.path, include });
        continue;
      }
      const globs = [compileGlob(include), compileGlob(include.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'))];
      const prefix = include.slice(0, include.search(/[*?[{]/));
      for (const path of byPath.keys()) {
        if (path.startsWith(prefix) && globs.some((glob) => glob.matches(path, meter))) take(path);
      }
    }
  }
  return { documents: found, unexpanded };
}
