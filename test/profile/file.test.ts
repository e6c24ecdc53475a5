// Profile files as untrusted input: special and huge files, links, prototype keys, alias bombs.
// Every refusal must be a ProfileError that names the file and quotes none of its content.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProfileText, readProfileFile } from '../../src/profile/file.js';
import { profileInputFromFlags } from '../../src/profile/flags.js';
import { ProfileError, mergeInputs, type ProfileInput, validateProfile, withDefaults } from '../../src/profile/resolve.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-profile-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  delete (Object.prototype as Record<string, unknown>).polluted; // in case a test failed by polluting
});

const SHADOW = 'root:$6$c2VjcmV0LWhhc2g$0123456789abcdef:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n';

async function problemsOf(run: () => Promise<unknown> | unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProfileError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ProfileError');
}

function notPolluted(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('reading profile files', () => {
  it('refuses a saved profile that is a symbolic link, without printing the target', async () => {
    const target = path.join(dir, 'shadow');
    await writeFile(target, SHADOW);
    const saved = path.join(dir, '.secure-container.yaml');
    await symlink(target, saved);
    const problems = await problemsOf(() => readProfileFile(saved, { optional: true, followLinks: false }));
    expect(problems).toEqual([`${saved}: is a symbolic link; it is not followed here, replace it with the file itself`]);
  });

  it('does not echo the lines of a non-profile file in the unknown-field message', async () => {
    // A --profile naming such a file (links followed) parses as a mapping of its lines.
    const file = path.join(dir, 'shadow.yaml');
    await writeFile(file, SHADOW);
    const input = (await readProfileFile(file)) as ProfileInput;
    const messages = await problemsOf(() => validateProfile(withDefaults(mergeInputs(input), dir).value));
    expect(messages.join('\n')).toContain('profile: 2 unknown fields (not field names; is this a profile?)');
    expect(messages.join('\n')).not.toMatch(/root|daemon|20228/);
  });

  it.each([
    ['--profile FIFO', true],
    ['saved FIFO', false],
  ])('refuses a FIFO with no writer at once (%s)', async (_label, followLinks) => {
    const fifo = path.join(dir, 'profile.yaml');
    execFileSync('mkfifo', [fifo]);
    const problems = await problemsOf(() => readProfileFile(fifo, { followLinks }));
    expect(problems).toEqual([`${fifo}: is a named pipe (FIFO), not a regular file; not a profile`]);
  });

  it('refuses /dev/zero and a 1 GiB file before reading them', async () => {
    expect(await problemsOf(() => readProfileFile('/dev/zero'))).toEqual(['/dev/zero: is a character device, not a regular file; not a profile']);
    const huge = path.join(dir, 'huge.yaml');
    await writeFile(huge, '');
    await truncate(huge, 1024 ** 3);
    const started = Date.now();
    expect(await problemsOf(() => readProfileFile(huge))).toEqual([`${huge}: is larger than 256 KiB; not a profile`]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('prototype keys', () => {
  const cases: [string, string, string][] = [
    ['a YAML profile', 'p.yaml', 'name: web\n__proto__:\n  polluted: 1\n'],
    ['a JSON profile', 'p.json', '{"name": "web", "__proto__": {"polluted": 1}}'],
    ['a saved profile', '.secure-container.yaml', 'version: 1\nprofile:\n  __proto__:\n    polluted: 1\n'],
    ['a nested field', 'p.yaml', 'ci:\n  constructor:\n    prototype: 1\n'],
    ['a list item', 'p.json', '{"egress": [{"service": "https", "port": 443, "__proto__": {"polluted": 1}}]}'],
    ['the audit section of a saved profile', '.secure-container.yaml', 'audit:\n  suppressions:\n    - __proto__: {polluted: 1}\n'],
  ];

  it.each(cases)('refuses them in %s, naming the file and the key path', async (_label, name, text) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const problems = await problemsOf(async () => {
      const input = await readProfileFile(file, { followLinks: false });
      mergeInputs(input ?? {}, { name: 'web' });
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\w.\\[\\]]*(__proto__|constructor): the key "(__proto__|constructor)" is not allowed`));
    notPolluted();
  });

  it('mergeInputs refuses them from any caller, and its result has no prototype to pollute', () => {
    const hostile = JSON.parse('{"ingress": {"__proto__": {"polluted": 1}}}') as ProfileInput;
    expect(() => mergeInputs({ name: 'web' }, hostile)).toThrow(ProfileError);
    notPolluted();
    const merged = mergeInputs({ name: 'web', ci: { system: 'github' } }, { ci: { sign: 'key' } });
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(merged).toEqual({ name: 'web', ci: { system: 'github', sign: 'key' } });
  });
});

describe('hostile YAML', () => {
  it('refuses an alias bomb with a clear ProfileError', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    expect(() => parseProfileText(bomb, 'bomb.yaml')).toThrow(ProfileError);
    try {
      parseProfileText(bomb, 'bomb.yaml');
    } catch (error) {
      expect((error as ProfileError).problems).toEqual(['bomb.yaml: YAML aliases expand to too much data (more than 100 uses); write the values out']);
    }
  });

  it('refuses nesting far deeper than any profile', async () => {
    const deep = (levels: number) => `name: web\nci: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    expect(await problemsOf(() => parseProfileText(deep(100), 'deep.yaml'))).toEqual(['deep.yaml: ci[0][0][0]...: nested more than 64 levels deep']);
    // Deeper still, the YAML parser itself gives up; that is a ProfileError too, not a crash.
    const problems = await problemsOf(() => parseProfileText(deep(20_000), 'deep.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^deep\.yaml: /);
  });

  it('keeps the parser message but not the excerpt of the file it quotes', async () => {
    const problems = await problemsOf(() => parseProfileText(`secret: ${'s3cr3t'.repeat(3)}\n  bad: [1\n`, 'bad.yaml'));
    expect(problems.join('\n')).not.toContain('s3cr3t');
  });
});

describe('prototype keys in flags', () => {
  it('--ingress-labels __proto__=x is refused, not silently dropped', async () => {
    const problems = await problemsOf(() => mergeInputs(profileInputFromFlags({ 'ingress-labels': 'app=web,__proto__=x' })));
    expect(problems).toEqual(['ingress.podLabels.__proto__: the key "__proto__" is not allowed (it could change the behaviour of every object in the program)']);
    notPolluted();
  });
});
