// The .secure-container.yaml the generator writes beside the other files: it ends with exactly one
// newline (a blank last line is a yamllint error, issue 8 item 13) and reads back as the profile.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { plan } from '../../src/generate/plan.js';
import { PROFILES } from '../helpers/profiles.js';

describe.each(Object.entries(PROFILES))('.secure-container.yaml for %s', (_name, profile) => {
  const file = plan(profile).find((candidate) => candidate.path === '.secure-container.yaml');

  it('ends with a single newline, no blank last line', () => {
    expect(file).toBeDefined();
    expect(file!.content.endsWith('\n')).toBe(true);
    expect(file!.content.endsWith('\n\n')).toBe(false);
    expect(file!.content).not.toMatch(/[ \t]+$/m);
  });

  it('parses as YAML naming the profile', () => {
    const doc = parse(file!.content) as Record<string, unknown>;
    expect(doc).toMatchObject({ version: 1, profile: { name: profile.name, image: profile.image } });
  });
});
