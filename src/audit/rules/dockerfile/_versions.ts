// The version of a base image the repository states somewhere else, for the base-image-latest fix.
// A fix may only propose a tag the repository itself names: another FROM of the same image with a
// tag, or the runtime version its tooling pins (.nvmrc, engines.node, go.mod, .python-version,
// requires-python, .tool-versions, the setup-* action of its CI). Version ranges that do not name
// one release line (">=18") are not a statement; when sources disagree, nothing is proposed.
import { posix } from 'node:path';
import { isMapping, listOf, mappingOf, stringOf } from '../../support/kubernetes.js';
import type { Repo } from '../../types.js';
import { type ImageRef, floatingTag } from './_images.js';
import { dockerfileModels } from './_support.js';
import { oncePer } from '../../../util/memo.js';
import { textsByPath } from '../../support/files.js';

export interface StatedVersion {
  /** The tag to propose (and `@digest` when another FROM pins one). */
  readonly tag: string;
  /** Where the repository states it, for the fix's description. */
  readonly source: string;
}

/** Runtime images whose tags are the runtime's version, and where a repository pins that version. */
interface RuntimeSpec {
  readonly files: readonly { readonly name: string; readonly read: (text: string) => string | undefined }[];
  readonly toolVersionsName: string;
  readonly setupAction: { readonly action: string; readonly input: string };
}

/** `20`, `v20.11.1`, `20.11` -> the version; anything else (lts/iron, node, 20.x ranges) -> undefined. */
const exactVersion = (text: string | undefined): string | undefined => /^\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(text ?? '')?.[1];

/** An npm semver range that names one release line: 20, ^20.11.1 -> 20; ~20.11.1 -> 20.11; 20.x -> 20. */
function releaseLine(range: string | undefined): string | undefined {
  const text = (range ?? '').trim();
  const caret = /^\^v?(\d+)(?:\.\d+){0,2}$/.exec(text);
  if (caret) return caret[1];
  const tilde = /^~v?(\d+\.\d+)(?:\.\d+)?$/.exec(text);
  if (tilde) return tilde[1];
  const x = /^v?(\d+(?:\.\d+)?)\.x$/.exec(text);
  if (x) return x[1];
  return exactVersion(text.replace(/^=/, ''));
}

function json(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const firstLine = (text: string) => text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trim().startsWith('#'))?.trim();

const RUNTIMES: Readonly<Record<string, RuntimeSpec>> = {
  node: {
    files: [
      { name: '.nvmrc', read: (text) => exactVersion(firstLine(text)) },
      { name: '.node-version', read: (text) => exactVersion(firstLine(text)) },
      { name: 'package.json', read: (text) => releaseLine(stringOf(mappingOf(json(text).engines).node)) },
    ],
    toolVersionsName: 'nodejs',
    setupAction: { action: 'actions/setup-node', input: 'node-version' },
  },
  golang: {
    files: [
      {
        name: 'go.mod',
        // `toolchain go1.22.3` names the exact toolchain; else `go 1.22` (or 1.22.3) the language version.
        read: (text) => /^toolchain[ \t]+go(\d+\.\d+(?:\.\d+)?)[ \t]*\r?$/m.exec(text)?.[1] ?? /^go[ \t]+(\d+\.\d+(?:\.\d+)?)[ \t]*\r?$/m.exec(text)?.[1],
      },
    ],
    toolVersionsName: 'golang',
    setupAction: { action: 'actions/setup-go', input: 'go-version' },
  },
  python: {
    files: [
      { name: '.python-version', read: (text) => exactVersion(firstLine(text)) },
      { name: 'runtime.txt', read: (text) => /^python-(\d+\.\d+(?:\.\d+)?)$/.exec(firstLine(text) ?? '')?.[1] },
      // requires-python = "==3.12.*" or "==3.12.4"; ">=3.11" is a range, not a statement.
      { name: 'pyproject.toml', read: (text) => /^[ \t]*requires-python[ \t]*=[ \t]*["']==[ \t]*(\d+\.\d+(?:\.\d+)?)(?:\.\*)?["'][ \t]*\r?$/m.exec(text)?.[1] },
    ],
    toolVersionsName: 'python',
    setupAction: { action: 'actions/setup-python', input: 'python-version' },
  },
};

/** The directories from a Dockerfile's own up to the repository root. */
function directoriesUp(dockerfile: string): string[] {
  const dirs: string[] = [];
  for (let dir = posix.dirname(dockerfile); ; dir = posix.dirname(dir)) {
    dirs.push(dir === '.' ? '' : `${dir}/`);
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  return dirs;
}

/** Tags (and digests) the repository's other FROMs give the same image. */
function otherFroms(repo: Repo, image: ImageRef): readonly StatedVersion[] {
  return taggedFroms(repo).get(`${image.registry}/${image.repository}`) ?? [];
}

/** Every FROM with a fixed tag, by registry/repository, found once per repo (each floating FROM asks). */
const taggedFroms = oncePer((repo: Repo): ReadonlyMap<string, readonly StatedVersion[]> => {
  const found = new Map<string, StatedVersion[]>();
  for (const model of dockerfileModels(repo)) {
    for (const stage of model.stages) {
      const other = stage.image;
      if (!other || other.unresolved || floatingTag(other) !== undefined || other.tag === undefined) continue;
      const tag = other.digest ? `${other.tag}@${other.digest}` : other.tag;
      const key = `${other.registry}/${other.repository}`;
      const list = found.get(key) ?? [];
      list.push({ tag, source: `${model.source.file.path}:${model.locate(stage.imageSpan).line}` });
      found.set(key, list);
    }
  }
  return found;
});

/** The versions the repository's runtime files and CI state, nearest the Dockerfile first. */
function runtimeVersions(repo: Repo, spec: RuntimeSpec, dockerfile: string): StatedVersion[] {
  const byPath = textsByPath(repo);
  for (const dir of directoriesUp(dockerfile)) {
    const found: StatedVersion[] = [];
    for (const { name, read } of spec.files) {
      const text = byPath.get(`${dir}${name}`);
      const version = text === undefined ? undefined : read(text);
      if (version) found.push({ tag: version, source: `${dir}${name}` });
    }
    const toolVersions = byPath.get(`${dir}.tool-versions`);
    const line = toolVersions?.split(/\r?\n/).find((l) => l.trim().split(/\s+/)[0] === spec.toolVersionsName);
    const tool = exactVersion(line?.trim().split(/\s+/)[1]);
    if (tool) found.push({ tag: tool, source: `${dir}.tool-versions` });
    if (found.length > 0) return found;
  }
  const fromCi: StatedVersion[] = [];
  for (const workflow of repo.githubWorkflows) {
    for (const job of Object.values(mappingOf(mappingOf(workflow.data).jobs))) {
      for (const step of listOf(mappingOf(job).steps).filter(isMapping)) {
        if (!(stringOf(step.uses) ?? '').startsWith(`${spec.setupAction.action}@`)) continue;
        const value = mappingOf(step.with)[spec.setupAction.input];
        // A YAML number is only trusted when whole: `python-version: 3.10` reads as 3.1.
        const version = releaseLine(typeof value === 'number' ? (Number.isInteger(value) ? String(value) : undefined) : stringOf(value));
        if (version) fromCi.push({ tag: version, source: workflow.file.path });
      }
    }
  }
  return fromCi;
}

/** The one tag the repository states for `image`, or undefined when it states none or several. */
export function statedVersion(repo: Repo, image: ImageRef, dockerfile: string): StatedVersion | undefined {
  const agreed = (found: readonly StatedVersion[]) => {
    // 20 and 20.11.1 agree (the second is a release of the first); the most specific one wins.
    const longest = [...found].sort((a, b) => b.tag.length - a.tag.length)[0];
    return longest && found.every((v) => v.tag === longest.tag || longest.tag.startsWith(`${v.tag}.`)) ? longest : undefined;
  };
  const froms = otherFroms(repo, image);
  if (froms.length > 0) return agreed(froms);
  const spec = image.registry === 'docker.io' ? RUNTIMES[image.repository] : undefined;
  return spec ? agreed(runtimeVersions(repo, spec, dockerfile)) : undefined;
}

/** Where the repository could state a version for `image`, for the message of a finding without a fix. */
export function versionSourcesFor(image: ImageRef): string {
  const spec = image.registry === 'docker.io' ? RUNTIMES[image.repository] : undefined;
  const files = spec ? [...spec.files.map((f) => f.name), '.tool-versions', `${spec.setupAction.action} in CI`] : [];
  return ['a tagged FROM of the same image', ...files].join(', ');
}
