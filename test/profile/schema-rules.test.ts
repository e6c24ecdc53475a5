// Values the schema refuses because of where they land: argv positions, Kubernetes system
// namespaces, paths posing as repository names, private keys. And validation messages that
// describe a value from a file instead of echoing it.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublicKey } from '../../src/commands/generate.js';
import { ProfileError, type ProfileInput, mergeInputs, validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { Answers } from '../../src/ui/wizard/answers.js';
import { questionFor } from '../../src/ui/wizard/questions.js';
import { PROFILE_CASES, PROFILES } from '../helpers/profiles.js';

function problemsOf(input: ProfileInput): string[] {
  try {
    validateProfile(withDefaults(mergeInputs({ name: 'web', image: 'ghcr.io/acme/web', language: 'node' }, input), 'web').value);
  } catch (error) {
    if (error instanceof ProfileError) return [...error.problems];
    throw error;
  }
  return [];
}

const PRIVATE_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PRIVATE_KEY_BODY = PRIVATE_KEY.split('\n')[1]!;

describe('values that land in an argv position', () => {
  it('refuses an entry point that starts with - (an interpreter option)', () => {
    expect(problemsOf({ entrypoint: '--inspect.js' })).toEqual(['entrypoint (--entrypoint): "--inspect.js" is not allowed: must not start with - (it would be read as an option, not a file)']);
    expect(problemsOf({ language: 'java', entrypoint: '-jar.jar' })[0]).toMatch(/^entrypoint \(--entrypoint\): "-jar.jar" is not allowed: must not start with -/);
    expect(problemsOf({ language: 'python', entrypoint: '-c.py' })[0]).toMatch(/must not start with -/);
    expect(problemsOf({ entrypoint: 'dist/-odd-but-a-file.js' })).toEqual([]);
  });
});

describe('namespaces', () => {
  it.each(['kube-system', 'kube-public', 'kube-node-lease', 'kube-anything'])('refuses %s as reserved for Kubernetes, saying why', (namespace) => {
    const [problem, ...rest] = problemsOf({ namespace });
    expect(rest).toEqual([]);
    expect(problem).toBe(
      `namespace (--namespace): "${namespace}" is not allowed: ${namespace} is reserved for Kubernetes itself (kube-*): restricted Pod Security and a namespace-wide default deny there break the cluster; give the app a namespace of its own (--namespace)`,
    );
  });

  it('refuses default, whose other workloads the default deny would cut off', () => {
    expect(problemsOf({ namespace: 'default' })[0]).toMatch(/^namespace \(--namespace\): "default" is not allowed: default is shared: the generated namespace-wide default deny would cut off everything else/);
  });

  it('still accepts kube-system as a peer: egress to it is a rule, not a namespace of ours', () => {
    expect(problemsOf({ namespace: 'web-prod', egress: [{ service: 'custom', port: 53, to: { namespace: 'kube-system', app: 'coredns' } }] })).toEqual([]);
  });
});

describe('source repositories', () => {
  it.each(['../../../../etc/passwd', 'acme/..', './web', 'acme/-web', '-acme/web', 'acme//web'])('refuses %s', (repository) => {
    expect(problemsOf({ repository })[0]).toMatch(/^repository \(--repository\): .* is not allowed: must be the source repository as owner\/name/);
  });

  it.each(['acme/web', 'acme/web.js', 'acme/shop/orders', 'my_org/my-repo.v2', 'acme/.github'])('accepts %s', (repository) => {
    expect(problemsOf({ repository })).toEqual([]);
  });

  it('keeps every profile of the shared test matrix valid', () => {
    expect(Object.keys(PROFILES).length).toBeGreaterThan(5);
    for (const [name, input] of Object.entries(PROFILE_CASES)) expect(() => validateProfile(withDefaults(mergeInputs(input), name).value), name).not.toThrow();
  });
});

describe('private keys given as the public key', () => {
  const message = 'this is a private key; give the public key (cosign.pub)';

  it('are refused in a profile without printing any of the key', () => {
    const problems = problemsOf({ ci: { sign: 'key' }, publicKey: PRIVATE_KEY });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`publicKey (--public-key): a ${PRIVATE_KEY.length.toLocaleString('en-US')}-character value that looks like key material is not allowed: ${message}`);
    expect(problems.join('\n')).not.toContain(PRIVATE_KEY_BODY);
  });

  it('are refused from --public-key FILE and from the wizard question', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'csc-private-key-'));
    try {
      const file = path.join(dir, 'cosign.key');
      await writeFile(file, PRIVATE_KEY);
      const error = await readPublicKey(file).then(() => undefined, (caught: Error) => caught);
      expect(error?.message).toBe(`--public-key ${file}: ${message}`);
      const answers = new Answers('app', [{ input: { ...PROFILE_CASES['python-pip-public-github-key-kyverno'], publicKey: undefined }, source: () => 'saved' }]);
      const problem = await answers.problemWith(questionFor('public-key'), file);
      expect(problem).toContain(message);
      expect(problem).not.toContain(PRIVATE_KEY_BODY);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('values in messages', () => {
  it('shows a short value, as the README promises', () => {
    expect(problemsOf({ port: 70000 })).toEqual(['port (--port): 70000 is not allowed: at most 65535']);
  });

  it('describes a long multi-line value from a file instead of printing it', () => {
    const value = `${'line of a file\n'.repeat(208)}`;
    expect(problemsOf({ imageTag: value })).toEqual([`imageTag (--tag): a ${value.length.toLocaleString('en-US')}-character multi-line value is not allowed: must be an image tag: letters, digits, _ . -, at most 128 characters`]);
  });

  it('escapes control characters in a short value', () => {
    const [problem] = problemsOf({ branch: 'main\u009b2J' });
    expect(problem).toBe('branch (--branch): "main\\x9b2J" is not allowed: must be a git branch name such as main');
  });

  it('names a few unknown fields that look like field names, and counts the rest', () => {
    const input = JSON.parse('{"replica": 3, "portt": 1, "secret-line:with:colons": 1}') as ProfileInput;
    expect(problemsOf(input)).toEqual(['profile: unknown fields replica, portt and 1 more']);
  });
});
