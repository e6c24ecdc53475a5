// Files -> parsed Repo. Each file is parsed once, with positions; a file that does not parse
// becomes an `audit/parse-error` finding with the parser's message and position, never a crash.
// Classification is by path and by shape (a YAML document with apiVersion and kind is a
// Kubernetes object wherever it lives).
import { parseDockerfile } from '../util/dockerfile-parse.js';
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, parseAllDocuments } from 'yaml';
import { includedDocuments } from './support/gitlab-includes.js';
import { kustomizePatchFiles } from './support/kustomize-patches.js';
import { documentToJS } from '../util/yaml-aliases.js';
import type { AuditNote, DockerfileSource, Finding, Location, Repo, Severity, SourceFile, YamlDocument } from './types.js';
import { pairWithKey } from '../util/yaml-pairs.js';
import { withoutStackTraces } from '../util/without-stack-traces.js';

/** Aliases may be expanded at most this many times per document (a "billion laughs" file stops here). */
export const MAX_ALIAS_COUNT = 1000;

const DOCKERFILE_NAME = /(^|\/)(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.(?:dockerfile|containerfile))$/i;
const YAML_NAME = /\.ya?ml$/i;
const JSON_NAME = /\.json$/i;
const GITHUB_WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const GITLAB_PIPELINE = /(^|\/)(?:\.gitlab-ci\.ya?ml|\.gitlab\/ci\/[^/]+\.ya?ml)$/;

export function isDockerfilePath(path: string): boolean {
  return DOCKERFILE_NAME.test(path);
}

export function isYamlPath(path: string): boolean {
  return YAML_NAME.test(path);
}

/**
 * A JSON file kubectl would apply (`kubectl apply -f pod.json`): an object with apiVersion and
 * kind. JSON is YAML, so it is parsed and audited like any manifest.
 */
export function isJsonManifest(file: SourceFile): boolean {
  return JSON_NAME.test(file.path) && /^\s*\{/.test(file.text) && file.text.includes('"apiVersion"') && file.text.includes('"kind"');
}

/** Whether a file that fails to parse is meant to be a Kubernetes manifest (then its parse error fails the gate). */
function looksLikeManifest(text: string): boolean {
  return (/^apiVersion:/m.test(text) && /^kind:/m.test(text)) || (text.includes('"apiVersion"') && text.includes('"kind"'));
}

/** Turns 0-based offsets into 1-based line/column for one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    // LF, CRLF and a lone CR (old Mac files, which YAML parsers and editors treat as line ends).
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
  /** The offset where line `line` (1-based) starts, or undefined past the last line. */
  lineStart(line: number): number | undefined {
    return this.starts[line - 1];
  }
  /** The location of the characters from offset start to offset end, both included. */
  location(file: string, start: number, end: number): Location {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}

const lineIndexes = new WeakMap<SourceFile, LineIndex>();

/** The line index of a file, built once however many findings it gets. */
export function lineIndexOf(file: SourceFile): LineIndex {
  let index = lineIndexes.get(file);
  if (!index) {
    index = new LineIndex(file.text);
    lineIndexes.set(file, index);
  }
  return index;
}

export interface ParsedRepo {
  readonly repo: Repo;
  /** audit/parse-error findings for files that could not be parsed. */
  readonly parseErrors: readonly Finding[];
  /** Files read but not judged as what they look like (kustomize patches), with the reason. */
  readonly notes: readonly AuditNote[];
}

export function parseRepo(root: string, files: readonly SourceFile[]): ParsedRepo {
  const parseErrors: Finding[] = [];
  const dockerfiles: DockerfileSource[] = [];
  const yaml: YamlDocument[] = [];
  for (const file of files) {
    if (isDockerfilePath(file.path)) dockerfiles.push(parseDockerfileSource(file));
    else if (isYamlPath(file.path) || isJsonManifest(file)) {
      const result = parseYamlFile(file);
      // One push per item: a spread of 125,000 documents would overflow the call stack.
      for (const document of result.documents) yaml.push(document);
      for (const error of result.errors) parseErrors.push(error);
    }
  }
  const isObject = (d: YamlDocument): d is YamlDocument & { data: Record<string, unknown> } =>
    typeof d.data === 'object' && d.data !== null && !Array.isArray(d.data);
  const patches = kustomizePatchFiles(yaml);
  const kubernetes = yaml.filter((d) => isObject(d) && typeof d.data.apiVersion === 'string' && typeof d.data.kind === 'string' && !patches.has(d.file.path));
  const paths = new Set(files.map((file) => file.path));
  const notes: AuditNote[] = [...patches]
    .filter(([patch]) => paths.has(patch))
    .map(([patch, kustomization]) => ({
      file: patch,
      message: `a kustomize patch (applied by ${kustomization}), not a workload of its own: its objects were not checked on their own; the base it patches is`,
    }));
  const githubWorkflows = yaml.filter((d) => GITHUB_WORKFLOW.test(d.file.path) && isObject(d));
  const gitlabRoots = yaml.filter((d) => GITLAB_PIPELINE.test(d.file.path) && isObject(d));
  // Files a pipeline includes (`include: ci/build.yml`) are part of it, wherever they are.
  const included = gitlabRoots.length === 0 ? { documents: [], unexpanded: [] } : includedDocuments(gitlabRoots, yaml.filter(isObject));
  const gitlabPipelines = [...gitlabRoots, ...included.documents];
  const unexpandedByFile = new Map<string, number>();
  for (const { file } of included.unexpanded) unexpandedByFile.set(file, (unexpandedByFile.get(file) ?? 0) + 1);
  const unexpanded = [...unexpandedByFile].map(([file, count]) => ({
    file,
    message: `${count} wildcard include${count === 1 ? ' was' : 's were'} not expanded (past 100 wildcards, or their matching budget); the files they name were not audited as part of the pipeline`,
  }));
  const falcoRules = yaml.filter((d) => isFalcoRules(d.data));
  return { repo: { root, files, dockerfiles, yaml, kubernetes, githubWorkflows, gitlabPipelines, falcoRules }, parseErrors, notes: [...notes, ...unexpanded] };
}

function isFalcoRules(data: unknown): boolean {
  return (
    Array.isArray(data) &&
    data.length > 0 &&
    data.some((item) => typeof item === 'object' && item !== null && ('rule' in item || 'macro' in item || ('list' in item && 'items' in item)))
  );
}

export function parseDockerfileSource(file: SourceFile): DockerfileSource {
  const dockerfile = parseDockerfile(file.text);
  return {
    file,
    dockerfile,
    // dockerfile-ast ranges end just after the last character (0-based), which is the last
    // character's 1-based column: Location's end is inclusive.
    locate: (range) => ({
      file: file.path,
      line: range.start.line + 1,
      column: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.line === range.start.line ? Math.max(range.start.character + 1, range.end.character) : Math.max(1, range.end.character),
    }),
  };
}

export function parseYamlFile(file: SourceFile): { documents: YamlDocument[]; errors: Finding[] } {
  const index = lineIndexOf(file);
  const documents: YamlDocument[] = [];
  const errors: Finding[] = [];
  // Merge keys (`<<: *defaults`) are resolved as kubectl and Helm resolve them: a securityContext
  // written as `<<: {privileged: true}` is privileged, not a map with a key named "<<".
  // logLevel error: yaml's warnings (a mapping used as a key, as in Go templates' `{{ .Name }}: x`) would go to stderr, mid-report.
  // A lone CR ends a line for PyYAML, js-yaml and Go's yaml (old Mac line endings); yaml reads it as
  // part of the line. Turned into LF one for one, so every offset still points into the file.
  const text = file.text.includes('\r') ? file.text.replace(/\r(?!\n)/g, '\n') : file.text;
  const parsed = withoutStackTraces(() => parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false, merge: true, logLevel: 'error' }));
  const severity = looksLikeManifest(file.text) ? 'high' : 'medium';
  const all = Array.isArray(parsed) ? parsed : [parsed];
  all.forEach((document, docIndex) => {
    const firstError = document.errors[0];
    if (firstError) {
      const at = firstError.pos?.[0] ?? 0;
      errors.push(parseError(index.location(file.path, at, firstError.pos?.[1] ?? at), `YAML does not parse: ${firstError.message.split('\n')[0]}`, severity));
      return;
    }
    let data: unknown;
    try {
      data = documentToJS(document, { maxAliasCount: MAX_ALIAS_COUNT }, text);
    } catch (error) {
      const at = document.range[0];
      errors.push(parseError(index.location(file.path, at, at), `YAML cannot be expanded: ${(error as Error).message.split('\n')[0]}`, severity));
      return;
    }
    if (data === null || data === undefined) return; // an empty document, e.g. a trailing ---
    documents.push({ file, index: docIndex, document, data, locate: (path, part) => locateNode(document, index, file.path, path, part) });
  });
  return { documents, errors };
}

function locateNode(document: Document.Parsed, index: LineIndex, file: string, path: readonly (string | number)[], part: 'key' | 'value' = 'value'): Location {
  let node: Node | null | undefined = document.contents;
  let pair: Pair | undefined;
  let best: { start: number; end: number } = rangeOf(node) ?? { start: document.range[0], end: document.range[0] };
  for (const segment of path) {
    pair = undefined;
    if (isMap(node)) {
      pair = pairWithKey(node, segment);
      node = pair?.value as Node | null | undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | null | undefined;
    } else {
      node = undefined;
    }
    if (node === undefined && !pair) break;
    const keyRange = pair ? rangeOf(pair.key as Node) : undefined;
    best = rangeOf(node) ?? keyRange ?? best;
    if (part === 'key' && keyRange && segment === path[path.length - 1]) best = keyRange;
  }
  return index.location(file, best.start, best.end);
}

function rangeOf(node: Node | null | undefined): { start: number; end: number } | undefined {
  const range = node?.range;
  if (!range) return undefined;
  // range[1] is the end of the value itself (before any trailing comment); point at its last character.
  return { start: range[0], end: Math.max(range[0], range[1] - 1) };
}

/** A parse failure; `high` for a Kubernetes manifest, whose workloads no rule could check. */
export function parseError(location: Location, message: string, severity: Severity = 'medium'): Finding {
  const unchecked = severity === 'high' ? ' No rule checked the workloads in this manifest.' : '';
  return { ruleId: 'audit/parse-error', severity, location, message: `${message}${unchecked}`, refs: [] };
}
