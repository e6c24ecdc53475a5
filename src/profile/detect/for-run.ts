// Detection for a run without questions (--yes, CI, no terminal): the same `detect` the wizard
// starts from, applied under every value a flag or profile sets. What the wizard would ask about
// is decided here instead: no language or two of them, or several equally likely entry points,
// stop the run with the flag to set, rather than a guess (a Node Dockerfile for a Go module).
import { CATALOGUE, LANGUAGES, type Language } from '../catalogue.js';
import { flagFor, type ProfileInput } from '../resolve.js';
import { flagValuesFromInput, shellQuote } from '../to-flags.js';
import { describeValue, escapeControl, printablePath } from '../../util/printable.js';
import type { Detection } from '../detect.js';

/** Fields that only mean something for the language they were detected with. */
const LANGUAGE_FIELDS = ['runtimeVersion', 'buildTool', 'entrypoint', 'command'] as const;

export interface RunDetection {
  /** The detected values no other source sets, as the lowest layer. */
  readonly input: ProfileInput;
  /** One line per value used, "--language go  (go.mod)", for the run's output. */
  readonly lines: readonly string[];
  /** Why the run cannot go on without a flag, if it cannot. */
  readonly stop?: string;
}

export function detectionForRun(detection: Detection, given: ProfileInput): RunDetection {
  const detected: Record<string, unknown> = { ...(detection.input as Record<string, unknown>) };
  const sources: Record<string, string> = { ...detection.sources };
  const languages = detection.languages ?? [];
  const chosen = (given.language ?? undefined) as string | undefined;
  if (chosen === undefined) {
    const stop = languageProblem(languages, detection);
    if (stop) return { input: {}, lines: [], stop };
  }
  // A language given by flag or profile overrides the detected one; the detected entry point,
  // build tool and version belong to the detected language and go with it.
  if (chosen !== undefined && chosen !== detected.language) for (const field of LANGUAGE_FIELDS) delete detected[field];
  // An entry point given by the user is what runs: a detected command would replace it as the CMD.
  if (isGiven(given, 'entrypoint')) delete detected.command;
  for (const key of Object.keys(detected)) if (isGiven(given, key)) delete detected[key];
  for (const key of ['ci', 'resources', 'ingress', 'falco'] as const) {
    const nested = detected[key];
    if (nested && typeof nested === 'object') {
      const kept = Object.fromEntries(Object.entries(nested).filter(([inner]) => !isGiven(given, `${key}.${inner}`)));
      if (Object.keys(kept).length > 0) detected[key] = kept;
      else delete detected[key];
    }
  }
  const open = (detection.ambiguous ?? []).filter((a) => !isGiven(given, a.field) && (chosen === undefined || chosen === detection.input.language));
  if (open.length > 0) {
    const a = open[0]!;
    return {
      input: {},
      lines: [],
      stop: `${a.why}: ${a.candidates.map((c) => describeValue(c)).join(', ')}; choose one with ${flagFor(a.field) ?? a.field}`,
    };
  }
  const input = detected as ProfileInput;
  return { input, lines: describe(input, sources) };
}

function languageProblem(languages: NonNullable<Detection['languages']>, detection: Detection): string | undefined {
  const flag = `--language ${LANGUAGES.join('|')}`;
  const distinct = [...new Set(languages.map((l) => l.language))];
  if (distinct.length > 1) {
    return `this project has files of ${distinct.length} languages (${languages.map((l) => `${CATALOGUE[l.language].label}: ${l.source}`).join(', ')}); say which one the image runs with ${flag}`;
  }
  // No manifest, but an existing Dockerfile's base image named one: that is a detection too.
  if (distinct.length === 0 && !LANGUAGES.includes(detection.input.language as Language) && detection.unsupported?.length) {
    return unsupportedLanguageMessage(detection.unsupported);
  }
  if (distinct.length === 0 && !LANGUAGES.includes(detection.input.language as Language)) {
    return `no language detected (none of go.mod, Cargo.toml, pom.xml, build.gradle(.kts), pyproject.toml, requirements.txt, package.json is here); set it with ${flag}`;
  }
  return undefined;
}

function isGiven(given: ProfileInput, field: string): boolean {
  let node: unknown = given;
  for (const key of field.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== undefined;
}

/** "--entrypoint ./cmd/server  (cmd/server/main.go, the main package that serves)", values described when long. */
function describe(input: ProfileInput, sources: Readonly<Record<string, string>>): string[] {
  const flags = flagValuesFromInput(input) as Record<string, string | boolean | string[]>;
  const lines: string[] = [];
  const fieldOfFlag = new Map<string, string>();
  for (const field of Object.keys(sources)) {
    const flag = flagFor(field);
    if (flag) fieldOfFlag.set(flag, field);
  }
  for (const [flag, value] of Object.entries(flags)) {
    const field = fieldOfFlag.get(`--${flag}`);
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    const source = field ? sources[field] : undefined;
    // Short values print as flag syntax (copyable); long or multi-line ones are described.
    const described = describeValue(shown);
    const text = described.startsWith('"') ? escapeControl(shellQuote([shown])) : described;
    lines.push(`--${flag} ${text}${source ? `  (${printablePath(source)})` : ''}`);
  }
  return lines;
}

/** Why a project in a language the generator does not build gets no generated files, and what to do. */
export function unsupportedLanguageMessage(unsupported: NonNullable<Detection['unsupported']>): string {
  const found = unsupported.map((u) => `${u.language} (${printablePath(u.source)})`).join(', ');
  return (
    `unsupported language: ${found}. create-secure-container writes Dockerfiles for ${LANGUAGES.map((l) => CATALOGUE[l].label).join(', ')} only. ` +
    'Keep your own Dockerfile and check it, and your manifests, with `create-secure-container audit`; or, if the image really runs one of those, say which with --language'
  );
}
