// The generated admission policies: valid against strict schemas of their CRDs, selecting exactly
// this app's image repository under each controller's own glob rules, in the app's namespace, and
// trusting exactly the signing identity (keyless) or public key (key) the CI signs with.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { render } from '../../src/generate/render.js';
import { buildView } from '../../src/generate/view.js';
import type { Profile } from '../../src/profile/schema.js';
import { SIGSTORE_GLOB, validateClusterImagePolicy, validateImageValidatingPolicy } from '../helpers/admission-schemas.js';
import { PROFILES, TEST_PUBLIC_KEY, profileFrom } from '../helpers/profiles.js';

/** Parsed YAML: the strict schemas check its shape before the assertions read into it. */
type Doc = Record<string, any>;

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function policyFor(profile: Profile, template: string): { text: string; doc: Doc } {
  const text = render(template, buildView(profile));
  const documents = parseAllDocuments(text) as unknown as { errors: unknown[]; toJS(): unknown }[];
  expect(documents).toHaveLength(1);
  expect(documents[0]!.errors).toEqual([]);
  return { text, doc: documents[0]!.toJS() as Doc };
}

/** Kyverno's globs (gobwas/glob, no separators): `*` is any run of characters, `?` any one. */
function kyvernoGlobMatches(glob: string, image: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(image);
}

/**
 * policy-controller's globs (pkg/apis/glob/glob.go): `*` stops at "/", `**` does not, and the glob is
 * matched against the reference as go-containerregistry names it (repo:latest for a bare name,
 * repo@digest when there is a digest), then against the image as written.
 */
function sigstoreGlobMatches(glob: string, image: string): boolean {
  expect(glob).toMatch(SIGSTORE_GLOB);
  const pattern = glob.replace(/\./g, '\\.').replace(/\*\*/g, '#').replace(/\*/g, '[^/]*').replace(/#/g, '.*');
  const regexp = new RegExp(`^${pattern}$`);
  const at = image.indexOf('@');
  const repository = at >= 0 ? image.slice(0, at).replace(/:[^/:]*$/, '') : image.replace(/:[^/:]*$/, '');
  const name = at >= 0 ? `${repository}${image.slice(at)}` : /:[^/]*$/.test(image.slice(image.lastIndexOf('/'))) ? image : `${image}:latest`;
  return regexp.test(name) || regexp.test(image);
}

/** References to this app's image, and to images that only look alike. */
function imageCases(repository: string) {
  return {
    own: [repository, `${repository}:0.1.0`, `${repository}:0.1.0@${DIGEST}`, `${repository}@${DIGEST}`],
    tagOfOthers: [`${repository}-worker:0.1.0`, `${repository}-worker@${DIGEST}`, `${repository}-worker:0.1.0@${DIGEST}`, `${repository}/sidecar:0.1.0`, `${repository.replace(/\/[^/]+$/, '/other')}:0.1.0`, 'docker.io/library/busybox:1.37'],
  };
}

/** The subject of a signature from the same pipeline file in another repository. */
function otherRepositorySubject(subject: string, repository: string): string {
  return subject.replace(`/${repository}/`, `/${repository}-fork/`);
}

function identityChecks(identity: Doc, profile: Profile) {
  const view = buildView(profile);
  expect(identity).toEqual({ issuer: view.identity!.issuer, subjectRegExp: view.identity!.subjectRegExp });
  const regexp = new RegExp(identity.subjectRegExp as string);
  const subject = view.identity!.subject;
  expect(regexp.test(subject), subject).toBe(true);
  expect(regexp.test(subject.replace(/heads\/[^@]+$/, 'tags/v1.2.3'))).toBe(true);
  expect(regexp.test(otherRepositorySubject(subject, profile.repository))).toBe(false);
  expect(regexp.test(subject.replace(/heads\/.+$/, 'heads/feature-x'))).toBe(false);
  expect(regexp.test(`${subject}-evil`)).toBe(false);
}

const KYVERNO = Object.entries(PROFILES).filter(([, profile]) => profile.admission === 'kyverno');
const SIGSTORE = Object.entries(PROFILES).filter(([, profile]) => profile.admission === 'sigstore');

describe('the profile matrix', () => {
  it('has keyless and key profiles for both controllers', () => {
    for (const cases of [KYVERNO, SIGSTORE]) {
      expect(cases.some(([, profile]) => profile.ci.sign === 'keyless')).toBe(true);
      expect(cases.some(([, profile]) => profile.ci.sign === 'key')).toBe(true);
    }
  });
});

describe.each(KYVERNO)('Kyverno ImageValidatingPolicy: %s', (_case, profile) => {
  const { text, doc } = policyFor(profile, 'admission/kyverno.yaml.hbs');
  const view = buildView(profile);

  it('passes the strict schema', () => {
    expect(validateImageValidatingPolicy(doc)).toEqual([]);
    expect(text).not.toContain('{{');
  });

  it('denies, fails closed, and pins verified digests', () => {
    expect(doc.spec.validationActions).toEqual(['Deny']);
    expect(doc.spec.failurePolicy).toBe('Fail');
    expect(doc.spec.validationConfigurations).toEqual({ mutateDigest: true, verifyDigest: true, required: true });
  });

  it('matches pods created or updated in the app namespace', () => {
    expect(doc.spec.matchConstraints.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': profile.namespace } });
    expect(doc.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] },
    ]);
  });

  it('selects every reference to the app repository and no other repository', () => {
    const globs = (doc.spec.matchImageReferences as { glob: string }[]).map((reference) => reference.glob);
    const { own, tagOfOthers } = imageCases(profile.image);
    for (const image of own) expect(globs.some((glob) => kyvernoGlobMatches(glob, image)), image).toBe(true);
    for (const image of [...tagOfOthers, `${profile.image}-worker@${DIGEST}`]) {
      expect(globs.some((glob) => kyvernoGlobMatches(glob, image)), image).toBe(false);
    }
  });

  it('verifies containers, init containers and ephemeral containers with the one attestor', () => {
    const [attestor] = doc.spec.attestors as Doc[];
    expect(doc.spec.attestors).toHaveLength(1);
    const [validation] = doc.spec.validations as Doc[];
    for (const list of ['images.containers', 'images.initContainers', 'images.ephemeralContainers']) {
      expect(validation!.expression).toContain(list);
    }
    expect(validation!.expression).toContain(`verifyImageSignatures(image, [attestors.${attestor!.name}])`);
    expect(attestor!.cosign.ctlog).toEqual({ url: 'https://rekor.sigstore.dev' });
  });

  if (profile.ci.sign === 'keyless') {
    it('trusts exactly the CI signing identity', () => {
      const { keyless } = doc.spec.attestors[0].cosign;
      expect(keyless.identities).toHaveLength(1);
      identityChecks(keyless.identities[0], profile);
      expect(view.identity).toBeDefined();
    });
  } else {
    it('embeds the exact public key', () => {
      expect(doc.spec.attestors[0].cosign.key).toEqual({ data: profile.publicKey });
      expect(profile.publicKey).toBe(TEST_PUBLIC_KEY);
    });
  }
});

describe.each(SIGSTORE)('Sigstore ClusterImagePolicy: %s', (_case, profile) => {
  const { text, doc } = policyFor(profile, 'admission/sigstore.yaml.hbs');

  it('passes the strict schema and enforces', () => {
    expect(validateClusterImagePolicy(doc)).toEqual([]);
    expect(doc.spec.mode).toBe('enforce');
    expect(text).not.toContain('{{');
    expect(text).toContain('Needs policy-controller v0.13.0 or later');
  });

  it('selects the app repository by tag and by digest, and no other repository by tag', () => {
    const globs = (doc.spec.images as { glob: string }[]).map((image) => image.glob);
    const { own, tagOfOthers } = imageCases(profile.image);
    for (const image of own) expect(globs.some((glob) => sigstoreGlobMatches(glob, image)), image).toBe(true);
    for (const image of tagOfOthers) expect(globs.some((glob) => sigstoreGlobMatches(glob, image)), image).toBe(false);
  });

  it('says the namespace must opt in, and the namespace does', () => {
    expect(text).toContain('policy.sigstore.dev/include: "true"');
    const namespace = parse(render('k8s/namespace.yaml.hbs', buildView(profile))) as Doc;
    expect(namespace.metadata.labels['policy.sigstore.dev/include']).toBe('true');
  });

  it('has one authority with the transparency log and the classic signature layout', () => {
    expect(doc.spec.authorities).toHaveLength(1);
    expect(doc.spec.authorities[0].ctlog).toEqual({ url: 'https://rekor.sigstore.dev' });
    expect(doc.spec.authorities[0].signatureFormat).toBe('legacy');
  });

  if (profile.ci.sign === 'keyless') {
    it('trusts exactly the CI signing identity, via Fulcio', () => {
      const { keyless } = doc.spec.authorities[0];
      expect(keyless.url).toBe('https://fulcio.sigstore.dev');
      expect(keyless.identities).toHaveLength(1);
      identityChecks(keyless.identities[0], profile);
    });
  } else {
    it('embeds the exact public key', () => {
      expect(doc.spec.authorities[0].key).toEqual({ data: profile.publicKey });
    });
  }
});

describe('admission policies for other inputs', () => {
  it('give each app its own cluster-wide policy name', () => {
    const names = ['team-a', 'team-b'].map((namespace) => {
      const profile = profileFrom({ name: 'api', namespace, image: 'ghcr.io/acme/api', language: 'go', admission: 'kyverno' });
      return policyFor(profile, 'admission/kyverno.yaml.hbs').doc.metadata.name as string;
    });
    expect(new Set(names).size).toBe(2);
  });

  it('take a registry with a port', () => {
    const profile = profileFrom({ name: 'api', image: 'registry.internal:5000/team/api', repository: 'team/api', language: 'go', admission: 'sigstore' });
    const { doc } = policyFor(profile, 'admission/sigstore.yaml.hbs');
    expect(validateClusterImagePolicy(doc)).toEqual([]);
    const globs = (doc.spec.images as { glob: string }[]).map((image) => image.glob);
    expect(globs.some((glob) => sigstoreGlobMatches(glob, `registry.internal:5000/team/api@${DIGEST}`))).toBe(true);
  });
});

describe('the strict admission schemas', () => {
  const kyverno = policyFor(PROFILES['node-npm-public-github-keyless-kyverno']!, 'admission/kyverno.yaml.hbs').doc;
  const sigstore = policyFor(PROFILES['go-public-github-keyless-sigstore']!, 'admission/sigstore.yaml.hbs').doc;

  it('reject misspelt fields at any level', () => {
    const clone = (doc: Doc) => structuredClone(doc);
    const typoSpec = clone(kyverno);
    typoSpec.spec.validationAction = typoSpec.spec.validationActions;
    delete typoSpec.spec.validationActions;
    expect(validateImageValidatingPolicy(typoSpec).join('\n')).toContain('validationAction');

    const typoIdentity = clone(kyverno);
    typoIdentity.spec.attestors[0].cosign.keyless.identities[0].subjectRegex = '.*';
    expect(validateImageValidatingPolicy(typoIdentity)).not.toEqual([]);

    const typoMode = clone(sigstore);
    typoMode.spec.mode = 'enforcing';
    expect(validateClusterImagePolicy(typoMode)).not.toEqual([]);

    const regexpInGlob = clone(sigstore);
    regexpInGlob.spec.images = [{ glob: 'ghcr.io/acme/gateway@sha256:[a-f0-9]+' }];
    expect(validateClusterImagePolicy(regexpInGlob)).not.toEqual([]);
  });
});
