// Answers are flag values: they round-trip through the flag parser, layer with credited sources,
// validate one field at a time with the schema's own messages, and reproduce the same profile as
// the non-interactive command given the same flags.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileInputFromFlags } from '../../src/profile/flags.js';
import { mergeInputs, validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { flagArguments, flagValuesFromInput, shellQuote } from '../../src/profile/to-flags.js';
import { type AnswerLayer, Answers, answerFromText, answerText } from '../../src/ui/wizard/answers.js';
import { questionFor } from '../../src/ui/wizard/questions.js';
import { PROFILE_CASES, PROFILES, TEST_PUBLIC_KEY } from '../helpers/profiles.js';
import { parseArgs } from 'node:util';
import { PROFILE_FLAGS } from '../../src/profile/flags.js';

const detected: AnswerLayer = { input: { language: 'node', name: 'web', port: 8080 }, source: () => 'detected from package.json' };
const flagged: AnswerLayer = { input: { port: 9090 }, source: (_field, flag) => `from --${flag}` };

describe('flag values from a profile', () => {
  it('parse back to the same profile for every case in the matrix', () => {
    for (const [name, profile] of Object.entries(PROFILES)) {
      const { publicKey, ...rest } = profile;
      const again = validateProfile({ ...profileInputFromFlags(flagValuesFromInput(profile)), ...(publicKey ? { publicKey } : {}) });
      expect(again, name).toEqual(validateProfile({ ...rest, ...(publicKey ? { publicKey } : {}) }));
    }
  });

  it('as command-line arguments, parse with the real flag definitions to the same values', () => {
    const flags = flagValuesFromInput(PROFILES['java-maven-internal-github-keyless-kyverno']!);
    const { values } = parseArgs({ args: flagArguments(flags), options: PROFILE_FLAGS, allowNegative: true, strict: true });
    expect(profileInputFromFlags(values)).toEqual(profileInputFromFlags(flags));
    expect(flagArguments({ sbom: false, egress: [] })).toEqual(['--no-sbom', '--egress', '']);
  });

  it('quote for a shell only what needs quoting', () => {
    expect(shellQuote(['--egress', '', '--name', 'web', '--x', "it's"])).toBe(`--egress '' --name web --x 'it'\\''s'`);
  });
});

describe('Answers', () => {
  it('layers sources (later wins) and credits each value', () => {
    const answers = new Answers('app', [detected, flagged]);
    expect(answers.value('port')).toBe('9090');
    expect(answers.source('port')).toBe('from --port');
    expect(answers.source('name')).toBe('detected from package.json');
    expect(answers.value('image')).toBeUndefined();
  });

  it('offers the --yes default for anything not given, computed from the other answers', () => {
    const answers = new Answers('app', [detected]);
    expect(answers.defaultFor(questionFor('image'))).toBe('ghcr.io/example/web');
    expect(answers.defaultFor(questionFor('writable'))).toEqual(['/tmp']);
    expect(answers.defaultFor(questionFor('falco'))).toBe(true);
  });

  it('explains a bad answer with the schema message, without the field prefix', async () => {
    const answers = new Answers('app', [detected]);
    expect(await answers.problemWith(questionFor('port'), '70000')).toBe('70000 is not allowed: at most 65535');
    expect(await answers.problemWith(questionFor('port'), 'eighty')).toBe('"eighty" is not allowed: must be a whole number');
    expect(await answers.problemWith(questionFor('egress'), ['postgres=db.internal'])).toMatch(/looks like a host name/);
    expect(await answers.problemWith(questionFor('port'), '443')).toBeUndefined();
  });

  it('reports a cross-field problem at the question that can fix it', async () => {
    const answers = new Answers('app', [detected]);
    await answers.set(questionFor('exposure'), 'internal');
    expect(await answers.problemWith(questionFor('clients'), [])).toMatch(/internal exposure needs at least one client/);
    await answers.set(questionFor('ci'), 'none');
    expect(await answers.problemWith(questionFor('sign'), 'keyless')).toMatch(/keyless signing takes its identity from the CI workflow/);
  });

  it('resets the answers that depend on a changed one, and reports them', async () => {
    const answers = new Answers('app', [{ input: { language: 'node', runtimeVersion: '22', buildTool: 'pnpm', entrypoint: 'dist/main.js' }, source: () => 'detected' }]);
    expect(await answers.set(questionFor('language'), 'node')).toEqual([]);
    const reset = await answers.set(questionFor('language'), 'go');
    expect(reset).toEqual(expect.arrayContaining(['runtime-version', 'build-tool', 'entrypoint']));
    expect(answers.defaultFor(questionFor('runtime-version'))).toBe('1.26');
    expect(answers.defaultFor(questionFor('entrypoint'))).toBe('.');
    expect(() => answers.profile()).not.toThrow();
  });

  it('gives the same profile as the command line given its equivalent flags', async () => {
    const answers = new Answers('svc', [detected]);
    await answers.set(questionFor('egress'), answerFromText(questionFor('egress'), 'redis=data/cache, https'));
    await answers.set(questionFor('sbom'), false);
    const { values } = parseArgs({ args: answers.commandArguments(), options: PROFILE_FLAGS, allowNegative: true, strict: true });
    const viaFlags = validateProfile(withDefaults(mergeInputs(profileInputFromFlags(values)), 'svc').value);
    expect(answers.profile()).toEqual(viaFlags);
    expect(viaFlags.egress).toEqual([{ service: 'redis', port: 6379, to: { namespace: 'data', app: 'cache' } }, { service: 'https', port: 443 }]);
  });

  it('reads the public key file when asked for it, and names the file in the command line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-answers-'));
    try {
      const keyFile = path.join(dir, 'cosign.pub');
      await writeFile(keyFile, TEST_PUBLIC_KEY);
      const answers = new Answers('app', [{ input: { ...PROFILE_CASES['python-pip-public-github-key-kyverno'], publicKey: undefined }, source: () => 'saved' }]);
      expect(() => answers.profile()).toThrow(/public key/);
      const question = questionFor('public-key');
      expect(answers.isAsked(question)).toBe(true);
      expect(await answers.problemWith(question, path.join(dir, 'missing.pub'))).toMatch(/missing\.pub: no such file or directory/);
      // A private key given by mistake is named as one, and not a byte of it is repeated.
      const privateFile = path.join(dir, 'cosign.key');
      await writeFile(privateFile, '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n');
      const problem = await answers.problemWith(question, privateFile);
      expect(problem).toMatch(/this is a private key; give the public key/);
      expect(problem).not.toMatch(/c2VjcmV0|BEGIN/);
      expect(await answers.problemWith(question, keyFile)).toBeUndefined();
      await answers.set(question, keyFile);
      expect(answers.profile().publicKey).toBe(TEST_PUBLIC_KEY);
      expect(answers.commandArguments().slice(-2)).toEqual(['--public-key', keyFile]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a public key known from a profile when the answer is left empty', async () => {
    const answers = new Answers('app', [{ input: PROFILE_CASES['python-pip-public-github-key-kyverno']!, source: () => 'saved in .secure-container.yaml' }]);
    const question = questionFor('public-key');
    expect(answers.source('public-key')).toBe('saved in .secure-container.yaml');
    expect(await answers.problemWith(question, '')).toBeUndefined();
    await answers.set(question, '');
    expect(answers.profile().publicKey).toBe(TEST_PUBLIC_KEY);
    expect(answers.commandArguments()).not.toContain('--public-key');
  });

  it('leaves out a layer value its flag cannot parse, so the question asks afresh', () => {
    const answers = new Answers('app', [{ input: { port: 'eighty' as unknown as number }, source: () => 'saved' }]);
    expect(answers.value('port')).toBeUndefined();
    expect(answers.defaultFor(questionFor('port'))).toBe('3000');
  });
});

describe('answer text', () => {
  it('shows lists comma-separated, the empty list as none, booleans as yes/no', () => {
    expect(answerText(['/tmp', '/cache'])).toBe('/tmp,/cache');
    expect(answerText([])).toBe('none');
    expect(answerText(false)).toBe('no');
    expect(answerFromText(questionFor('writable'), ' none ')).toEqual([]);
    expect(answerFromText(questionFor('writable'), '/tmp, ,/cache')).toEqual(['/tmp', '/cache']);
    expect(answerFromText(questionFor('port'), ' 8080 ')).toBe('8080');
  });
});
