// Which JavaScript files a Node.js project has or builds: the files themselves, and what its
// `build` script leaves behind. A build that is tsc alone is read exactly (tsconfig's outDir and
// rootDir: src/server.ts -> dist/server.js); any other build step (a bundler, a script) may write
// anything, so what it produces cannot be decided here. Nothing is run; tsconfig is read as JSON
// with comments and trailing commas, bounded like every other project file.
import { posix } from 'node:path';
import type { ProjectFiles } from './project-files.js';
import { withoutTrailing } from '../../util/trim.js';

export interface TscLayout {
  /** Where tsc writes, relative to the project ("." when beside the sources). */
  readonly outDir: string;
  /** The folders the sources may be under: rootDir when set, else src/ and the project root. */
  readonly rootDirs: readonly string[];
}

/** What the project's build script produces, as far as it can be read. */
export type NodeBuild =
  | { readonly kind: 'none' }
  | { readonly kind: 'tsc'; readonly layout?: TscLayout }
  /** A build step other than tsc: its outputs are unknown. */
  | { readonly kind: 'other' };

/** Commands in a build script that produce nothing an entry point could be (cleaning steps). */
const CLEANING = /^(?:rimraf|rm|del|del-cli|shx\s+rm)(?:\s|$)/;
const TSC = /^tsc(?:\s|$)/;
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** The build `scripts.build` runs, with tsc's layout read from its tsconfig when it is tsc alone. */
export async function nodeBuild(files: ProjectFiles, buildScript: string | undefined): Promise<NodeBuild> {
  if (buildScript === undefined || buildScript.trim() === '') return { kind: 'none' };
  // Anything a shell would interpret (`;`, pipes, redirections, expansions) may write anything.
  if (buildScript.length > 1000 || /[;|<>`$]/.test(buildScript)) return { kind: 'other' };
  const commands = buildScript.split('&&').map((command) => command.trim());
  if (commands.some((command) => command.includes('&'))) return { kind: 'other' };
  const compiles = commands.filter((command) => !CLEANING.test(command));
  if (compiles.length === 0 || !compiles.every((command) => TSC.test(command))) return { kind: 'other' };
  const layouts = [];
  for (const command of compiles) {
    const layout = await tscLayout(files, projectOption(command));
    if (!layout) return { kind: 'tsc' };
    layouts.push(layout);
  }
  // Several tsc runs with different layouts: the first one's is used; the others are rare enough.
  return layouts[0] ? { kind: 'tsc', layout: layouts[0] } : { kind: 'tsc' };
}

/** The config file a tsc command names with -p/--project, else tsconfig.json. */
function projectOption(command: string): string {
  const words = command.split(/\s+/);
  const at = words.findIndex((word) => word === '-p' || word === '--project');
  const joined = words.find((word) => word.startsWith('--project='))?.slice('--project='.length);
  const named = joined ?? (at >= 0 ? words[at + 1] : undefined);
  if (!named || named.startsWith('-')) return 'tsconfig.json';
  const relative = posix.normalize(named.replace(/^\.\//, ''));
  return relative.endsWith('.json') ? relative : posix.join(relative, 'tsconfig.json');
}

/** outDir and rootDir of a tsconfig, or undefined when they can't be known (unreadable, or inherited through extends). */
export async function tscLayout(files: ProjectFiles, configFile = 'tsconfig.json'): Promise<TscLayout | undefined> {
  if (configFile.startsWith('..') || configFile.startsWith('/')) return undefined;
  const config = parseJsonWithComments(await files.read(configFile));
  if (!config) return undefined;
  const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
  const outDir = typeof options.outDir === 'string' ? cleanRelative(options.outDir) : undefined;
  const rootDir = typeof options.rootDir === 'string' ? cleanRelative(options.rootDir) : undefined;
  if (config.extends !== undefined && outDir === undefined) return undefined;
  if (outDir === null || rootDir === null) return undefined;
  const base = posix.dirname(configFile);
  return {
    outDir: posix.join(base, outDir ?? '.'),
    rootDirs: rootDir !== undefined ? [posix.join(base, rootDir)] : [posix.join(base, 'src'), base],
  };
}

/** The source file tsc compiles to `output` under this layout, if one is in the project. */
export async function tscSourceOf(files: ProjectFiles, layout: TscLayout, output: string): Promise<string | undefined> {
  const extension = posix.extname(output);
  const sources = SOURCE_EXTENSIONS[extension];
  const rest = relativeInside(layout.outDir, output);
  if (!sources || rest === undefined) return undefined;
  const stem = rest.slice(0, -extension.length);
  for (const rootDir of layout.rootDirs) {
    for (const sourceExtension of sources) {
      const source = posix.join(rootDir, stem + sourceExtension);
      // An output is its own source only when tsc writes beside the sources (no outDir).
      if (source === output && layout.outDir !== rootDir) continue;
      if (await files.isFile(source)) return source;
    }
  }
  return undefined;
}

/** What tsc writes for a source file under this layout (src/server.ts -> dist/server.js). */
export function tscOutputOf(layout: TscLayout, source: string): string | undefined {
  for (const rootDir of layout.rootDirs) {
    const rest = relativeInside(rootDir, source);
    if (rest === undefined || rest.endsWith('.d.ts')) continue;
    const output = rest.replace(/\.tsx?$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
    if (output !== rest) return posix.join(layout.outDir, output);
  }
  return undefined;
}

/** `file` relative to `dir` when it is inside it ("." holds everything), else undefined. */
function relativeInside(dir: string, file: string): string | undefined {
  if (dir === '.') return file;
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : undefined;
}

/** "./dist/" -> "dist"; a path leaving the project or absolute -> null. */
function cleanRelative(text: string): string | null {
  const normal = posix.normalize(withoutTrailing(text.trim(), '/') || '.');
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../')) return null;
  return normal;
}

/**
 * JSON with // and block comments and trailing commas (what tsconfig.json allows). One pass over
 * the text; comments inside strings are left alone. Undefined when it still does not parse.
 */
export function parseJsonWithComments(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (char === '"') {
      const end = stringEnd(text, at);
      out += text.slice(at, end);
      at = end;
    } else if (char === '/' && text[at + 1] === '/') {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else if (char === '/' && text[at + 1] === '*') {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? text.length : end + 2;
    } else {
      out += char;
      at++;
    }
  }
  try {
    const value: unknown = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The index just after the string that starts at `start` (a quote), escapes included. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (at < text.length) {
    if (text[at] === '\\') at += 2;
    else if (text[at] === '"') return at + 1;
    else at++;
  }
  return text.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
