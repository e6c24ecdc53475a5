// Reading and writing profile files: `.secure-container.yaml` in the target (saved by every run)
// and any YAML or JSON file given with --profile. The saved file holds the profile under
// `profile:` so other sections (audit settings) can live beside it; a file that is just the
// profile's fields is accepted too.
import { readFile } from 'node:fs/promises';
import { parseDocument, stringify } from 'yaml';
import type { ProfileInput } from './resolve.js';
import { ProfileError } from './resolve.js';
import type { Profile } from './schema.js';

export const PROFILE_FORMAT_VERSION = 1;
const MAX_PROFILE_BYTES = 256 * 1024;

/** The saved profile's YAML body (the template adds the header comment). */
export function serializeProfile(profile: Profile): string {
  return stringify({ version: PROFILE_FORMAT_VERSION, profile }, { lineWidth: 0, version: '1.1' });
}

/** Parses profile text; problems are reported with the file name and line. */
export function parseProfileText(text: string, fileName: string): ProfileInput {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ProfileError(doc.errors.map((error) => `${fileName}: ${firstLine(error.message)}`));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ProfileError([`${fileName}: expected a mapping of profile fields at the top level`]);
  }
  const record = data as Record<string, unknown>;
  if ('version' in record && record.version !== PROFILE_FORMAT_VERSION) {
    throw new ProfileError([`${fileName}: version ${JSON.stringify(record.version)} is not supported (expected ${PROFILE_FORMAT_VERSION})`]);
  }
  if ('profile' in record) {
    const profile = record.profile;
    if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
      throw new ProfileError([`${fileName}: profile: expected a mapping of profile fields`]);
    }
    return profile as ProfileInput;
  }
  const { version: _version, ...fields } = record;
  return fields as ProfileInput;
}

/** Reads a profile file; undefined when it does not exist and `optional` is set. */
export async function readProfileFile(file: string, options: { optional?: boolean } = {}): Promise<ProfileInput | undefined> {
  let text: string;
  try {
    const buffer = await readFile(file);
    if (buffer.length > MAX_PROFILE_BYTES) throw new ProfileError([`${file}: larger than ${MAX_PROFILE_BYTES / 1024} KiB; not a profile`]);
    if (buffer.includes(0)) throw new ProfileError([`${file}: binary file; not a profile`]);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.optional) return undefined;
    throw new ProfileError([`${file}: cannot read (${code ?? String(error)})`]);
  }
  return parseProfileText(text, file);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
