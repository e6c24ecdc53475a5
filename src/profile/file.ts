// Reading and writing profile files: `.secure-container.yaml` in the target (saved by every run)
// and any YAML or JSON file given with --profile. The saved file holds the profile under
// `profile:` so other sections (audit settings) can live beside it; a file that is just the
// profile's fields is accepted too.
import { stringify } from 'yaml';
import type { ProfileInput } from './resolve.js';
import { ProfileError } from './resolve.js';
import type { Profile } from './schema.js';
import { describeDataProblem, findDataProblem } from '../util/plain-data.js';
import { describeValue, printablePath } from '../util/printable.js';
import { UnreadableFileError, readRegularFile } from '../util/safe-read.js';
import { documentToJS } from '../util/yaml-aliases.js';
import { parseDocumentUnique } from '../util/yaml-unique-keys.js';

export const PROFILE_FORMAT_VERSION = 1;
const MAX_PROFILE_BYTES = 256 * 1024;
/** Uses of YAML aliases a profile may make before it counts as an expansion attack. */
const MAX_ALIAS_COUNT = 100;

/** The saved profile's YAML body (the template adds the header comment). */
export function serializeProfile(profile: Profile): string {
  return stringify({ version: PROFILE_FORMAT_VERSION, profile }, { lineWidth: 0, version: '1.1' });
}

/**
 * Parses profile text; problems are reported with the file name and line, never with the file's
 * contents. Prototype keys (`__proto__`, `constructor`, `prototype`), nesting beyond any profile's
 * depth and YAML aliases that expand too far ("billion laughs") are refused as ProfileErrors.
 */
export function parseProfileText(text: string, file: string): ProfileInput {
  const fileName = printablePath(file); // a path may hold a newline or ESC; it is only ever shown
  const data = parseData(text, fileName);
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ProfileError([`${fileName}: expected a mapping of profile fields at the top level`]);
  }
  const problem = findDataProblem(data);
  if (problem) throw new ProfileError([`${fileName}: ${describeDataProblem(problem)}`]);
  const record = data as Record<string, unknown>;
  if (Object.hasOwn(record, 'version') && record.version !== PROFILE_FORMAT_VERSION) {
    throw new ProfileError([`${fileName}: version ${describeValue(record.version)} is not supported (expected ${PROFILE_FORMAT_VERSION})`]);
  }
  if (Object.hasOwn(record, 'profile')) {
    const profile = record.profile;
    if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
      throw new ProfileError([`${fileName}: profile: expected a mapping of profile fields`]);
    }
    return profile as ProfileInput;
  }
  const { version: _version, ...fields } = record;
  return fields as ProfileInput;
}

function parseData(text: string, fileName: string): unknown {
  try {
    const doc = parseDocumentUnique(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new ProfileError(doc.errors.slice(0, 5).map((error) => `${fileName}: ${parserMessage(error.message)}`));
    }
    return documentToJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    // yaml throws a ReferenceError for an alias that expands too much; a RangeError (stack) for
    // absurd nesting. Either way the file is not a profile a person wrote.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ProfileError([`${fileName}: YAML aliases expand to too much data (more than ${MAX_ALIAS_COUNT} uses); write the values out`]);
    }
    throw new ProfileError([`${fileName}: cannot be read as YAML or JSON (${error instanceof RangeError ? 'nested too deeply' : 'the parser gave up'})`]);
  }
}

/**
 * The parser's own words, without the excerpt of the file that prettyErrors appends, and cut
 * short: a message can quote a key or an alias name from the file.
 */
function parserMessage(message: string): string {
  const line = message.split('\n')[0]!;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/**
 * Reads a profile file; undefined when it does not exist and `optional` is set. Only regular
 * files are read, and at most 256 KiB (src/util/safe-read.ts). `followLinks: false` is for the
 * saved `.secure-container.yaml` in a target: it comes with the repository, and a link there
 * (to /etc/shadow, say) is refused, not read. A --profile FILE is named by the user, so a link
 * is followed.
 */
export async function readProfileFile(file: string, options: { optional?: boolean; followLinks?: boolean } = {}): Promise<ProfileInput | undefined> {
  let text: string;
  try {
    text = await readRegularFile(file, { maxBytes: MAX_PROFILE_BYTES, followLinks: options.followLinks ?? true });
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    if (error.reason === 'missing' && options.optional) return undefined;
    throw new ProfileError([profileReadProblem(error)]);
  }
  return parseProfileText(text, file);
}

function profileReadProblem(error: UnreadableFileError): string {
  if (error.reason === 'too-large' || error.reason === 'binary' || error.reason === 'not-regular') return `${error.message}; not a profile`;
  return error.message;
}
