// Random valid profiles must always render to files that parse; random hostile strings must
// always be rejected by validation with a ProfileError (never another exception, never output).
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { plan } from '../../src/generate/plan.js';
import { CATALOGUE, LANGUAGES } from '../../src/profile/catalogue.js';
import { ProfileError, type ProfileInput } from '../../src/profile/resolve.js';
import { volumeNameFor } from '../../src/profile/schema.js';
import { KINDS, findSchemaProblems, kindOf, validateWithModel } from '../helpers/k8s-schema.js';
import { TEST_PUBLIC_KEY, profileFrom } from '../helpers/profiles.js';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);
const cidr = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 32 }))
  .map(([a, b, c, d, bits]) => `${a}.${b}.${c}.${d}/${bits}`);
const egress = fc.oneof(
  fc.constantFrom('postgres', 'mysql', 'redis', 'mongodb', 'https').map((service) => ({ service, port: { postgres: 5432, mysql: 3306, redis: 6379, mongodb: 27017, https: 443 }[service]! })),
  fc.record({ service: fc.constant('custom'), port: fc.integer({ min: 1, max: 65535 }), to: cidr.map((c) => ({ cidr: c })) }),
  fc.record({ service: fc.constant('redis'), port: fc.integer({ min: 1, max: 65535 }), to: fc.record({ namespace: label, app: label }) }),
);

/** A valid profile input: every language, tool, exposure, CI, signing and admission combination. */
const validInput: fc.Arbitrary<ProfileInput> = fc
  .record({
    name: label,
    namespace: label,
    owner: label,
    language: fc.constantFrom(...LANGUAGES),
    toolIndex: fc.nat(),
    versionIndex: fc.nat(),
    port: fc.integer({ min: 1, max: 65535 }),
    exposure: fc.constantFrom('public', 'internal', 'none'),
    clients: fc.array(fc.record({ app: label }), { minLength: 1, maxLength: 3 }),
    egress: fc.array(egress, { maxLength: 4 }),
    // Unique by the volume each path gets, as the profile requires (`/s` and `/s/-` share one).
    writable: fc.uniqueArray(fc.stringMatching(/^\/[a-z]{1,8}(\/[a-z0-9_-][a-z0-9._-]{0,7}){0,2}$/), { maxLength: 3, selector: volumeNameFor }),
    replicas: fc.integer({ min: 1, max: 5 }),
    ci: fc.constantFrom('github', 'gitlab', 'none'),
    sign: fc.constantFrom('keyless', 'key', 'none'),
    admission: fc.constantFrom('kyverno', 'sigstore', 'none'),
    falco: fc.boolean(),
    parents: fc.array(fc.stringMatching(/^[a-z][a-z0-9_-]{0,14}$/), { maxLength: 3 }),
    sbom: fc.boolean(),
  })
  .map((r) => {
    const spec = CATALOGUE[r.language];
    const sign = r.ci === 'none' && r.sign === 'keyless' ? 'key' : r.sign;
    return {
      name: r.name,
      namespace: r.namespace,
      image: `${r.ci === 'gitlab' ? 'registry.gitlab.com' : 'ghcr.io'}/${r.owner}/${r.name}`,
      language: r.language,
      buildTool: spec.buildTools[r.toolIndex % spec.buildTools.length],
      runtimeVersion: spec.versions[r.versionIndex % spec.versions.length]!.version,
      port: r.port,
      exposure: r.exposure,
      clients: r.exposure === 'internal' ? r.clients : [],
      egress: r.egress,
      writablePaths: r.writable,
      replicas: r.replicas,
      ci: { system: r.ci, sign, sbom: r.sbom },
      admission: sign === 'none' ? 'none' : r.admission,
      publicKey: TEST_PUBLIC_KEY,
      falco: { enabled: r.falco, allowedShellParents: r.parents },
    } as ProfileInput;
  });

describe('any valid profile', () => {
  it('renders files that all parse, with Kubernetes objects that validate strictly', () => {
    const manifests: { file: string; document: unknown }[] = [];
    fc.assert(
      fc.property(validInput, (input) => {
        for (const file of plan(profileFrom(input))) {
          if (/\.ya?ml$/.test(file.path)) {
            for (const doc of parseAllDocuments(file.content) as ReturnType<typeof parseAllDocuments> & unknown[]) {
              expect(doc.errors, `${file.path}: ${doc.errors.map((e) => e.message).join('; ')}`).toEqual([]);
              const data = doc.toJS() as unknown;
              if (file.path.startsWith('k8s/') && kindOf(data) in KINDS) {
                validateWithModel(data);
                manifests.push({ file: file.path, document: data });
              }
            }
          } else if (file.path.endsWith('.json')) {
            expect(() => JSON.parse(file.content), file.path).not.toThrow();
          } else if (file.path === 'Dockerfile') {
            const dockerfile = DockerfileParser.parse(file.content);
            expect(dockerfile.getFROMs().length, 'Dockerfile stages').toBeGreaterThanOrEqual(2);
          }
        }
      }),
      { numRuns: 200 },
    );
    // Unknown or misspelled fields: one type-check over every object the 200 profiles produced.
    const problems = findSchemaProblems(manifests.map((m) => m.document));
    const failures = problems.flatMap((list, i) => list.map((p) => `${manifests[i]!.file}: ${p.path}: ${p.message}`));
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('hostile strings', () => {
  const hostile = fc
    .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\n', '"', "'", '{{', '}}', '$(', '`', ': ', '#', '\\', '\r', '\u2028', '&&', '${{', ' '), fc.string({ maxLength: 12 }))
    .map(([a, bad, b]) => `${a}${bad}${b}`);
  const fields: ((s: string) => ProfileInput)[] = [
    (s) => ({ name: s }),
    (s) => ({ namespace: s }),
    (s) => ({ image: `ghcr.io/acme/${s}` }),
    (s) => ({ imageTag: s }),
    (s) => ({ repository: `acme/${s}` }),
    (s) => ({ branch: s }),
    (s) => ({ entrypoint: `${s}.js` }),
    (s) => ({ writablePaths: [`/tmp/${s}`] }),
    (s) => ({ ingress: { namespace: 'ingress', podLabels: { app: s } } }),
    (s) => ({ ingress: { namespace: 'ingress', podLabels: { [s]: 'x' } } }),
    (s) => ({ exposure: 'internal', clients: [{ app: s }] }),
    (s) => ({ egress: [{ service: 'custom', port: 1, to: { cidr: s } }] }),
    (s) => ({ falco: { enabled: true, allowedShellParents: [s] } }),
    (s) => ({ resources: { limits: { memory: s } } }),
  ];

  it('are rejected with a ProfileError in every free-text field', () => {
    fc.assert(
      fc.property(hostile, fc.nat(fields.length - 1), (text, field) => {
        expect(() => profileFrom(fields[field]!(text))).toThrow(ProfileError);
      }),
      { numRuns: 500 },
    );
  });
});
