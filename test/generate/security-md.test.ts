// SECURITY.md: for every known way a control gets in the way there is a section with Why, Detect and
// Fix, written for this app (its files, port, writable paths, severities, identity) with commands
// that detect the problem; controls the profile did not generate are described as absent.
import { describe, expect, it } from 'vitest';
import { render } from '../../src/generate/render.js';
import { buildView } from '../../src/generate/view.js';
import type { Profile } from '../../src/profile/schema.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

function securityMd(profile: Profile): string {
  return render('SECURITY.md.hbs', buildView(profile));
}

/** The numbered failure-mode sections, by number: "1" -> its text up to the next "## ". */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of markdown.matchAll(/^## (\d+)\. .*$/gm)) {
    const start = match.index;
    const next = markdown.indexOf('\n## ', start + 1);
    found.set(match[1]!, markdown.slice(start, next === -1 ? undefined : next));
  }
  return found;
}

describe.each(Object.entries(PROFILES))('SECURITY.md for %s', (_case, profile) => {
  const markdown = securityMd(profile);
  const view = buildView(profile);
  const bySection = sections(markdown);

  it('has a Why, Detect and Fix section for each failure mode', () => {
    expect([...bySection.keys()]).toEqual(['1', '2', '3', '4', '5']);
    for (const [number, text] of bySection) {
      for (const part of ['**Why.**', '**Detect.**', '**Fix.**']) expect(text, `section ${number}`).toContain(part);
    }
    expect(bySection.get('1')).toMatch(/read-only root filesystem/);
    expect(bySection.get('2')).toMatch(/shell/);
    expect(bySection.get('3')).toMatch(/Trivy blocks the build on a vulnerability without a fix/);
    expect(bySection.get('4')).toMatch(/Signatures checked in CI but not at admission/);
  });

  it('renders completely', () => {
    expect(markdown).not.toMatch(/\{\{|undefined/);
  });

  it('names the generated files, the port, the writable paths and the severities', () => {
    for (const path of Object.values(view.paths)) if (path) expect(markdown).toContain(`\`${path}\``);
    expect(markdown).toContain(`port ${profile.port}`);
    for (const { path } of view.writable) expect(bySection.get('1')).toContain(`\`${path}\``);
    if (view.writable.length === 0) expect(bySection.get('1')).toContain('No path is writable');
    expect(bySection.get('3')).toContain(`--severity ${profile.ci.severity.join(',')}`);
  });

  it('gives commands that detect each problem', () => {
    expect(bySection.get('1')).toContain(`kubectl -n ${profile.namespace} logs deploy/${profile.name} --previous`);
    expect(bySection.get('1')).toContain(`docker run --rm --read-only --user ${view.uid}`);
    expect(bySection.get('3')).toMatch(new RegExp(`trivy image --severity \\S+ ${profile.ci.ignoreUnfixed ? '--ignore-unfixed ' : ''}--exit-code 1 `));
    if (profile.falco.enabled) expect(bySection.get('2')).toContain(`grep 'Shell spawned in ${view.falcoRuleset.label} container'`);
    if (profile.admission !== 'none') {
      expect(bySection.get('4')).toContain('--dry-run=server');
      expect(bySection.get('4')).toContain(`--image=${profile.image}:admission-check`);
      expect(bySection.get('4')).toContain(`get ${profile.admission === 'kyverno' ? 'imagevalidatingpolicy' : 'clusterimagepolicy'} ${view.admissionPolicyName}`);
    }
  });

  it('verifies signatures with the identity or key the admission policy trusts', () => {
    if (profile.ci.sign === 'keyless') {
      expect(markdown).toContain(`--certificate-oidc-issuer ${view.identity!.issuer}`);
      expect(markdown).toContain(`--certificate-identity-regexp '${view.identity!.subjectRegExp}'`);
    } else if (profile.ci.sign === 'key') {
      expect(markdown).toContain(`cosign verify --key cosign.pub ${view.image.ref}`);
    } else {
      expect(markdown).not.toContain('cosign verify');
    }
  });

  it('describes the Falco section as the profile has it', () => {
    const falco = bySection.get('2')!;
    if (profile.falco.enabled) {
      expect(falco).toContain(`\`${view.paths.falcoRules}\``);
      for (const parent of profile.falco.allowedShellParents) expect(falco).toContain(`\`${parent}\``);
    } else {
      expect(falco).toMatch(/^## 2\. .*no Falco rules were generated/);
      expect(falco).toContain('--falco');
      expect(markdown).toContain('| Runtime detection | not generated |');
    }
  });

  it('describes the admission section as the profile has it', () => {
    const admission = bySection.get('4')!;
    if (profile.ci.sign === 'none') {
      expect(admission).toContain('Images are not signed');
      expect(admission).not.toContain('kubectl apply -f policy/');
    } else if (profile.admission === 'none') {
      expect(admission).toContain('nothing in the cluster checks the signature');
      expect(admission).toContain('--admission kyverno');
      expect(markdown).toContain('| Admission control | not generated |');
    } else {
      expect(admission).toContain(`kubectl apply -f ${view.paths.admissionPolicy}`);
      if (profile.admission === 'sigstore') expect(admission).toContain('policy.sigstore.dev/include');
    }
  });
});

describe('SECURITY.md for other inputs', () => {
  it('lists every allowed shell parent and every egress port', () => {
    const profile = profileFrom({
      name: 'web',
      image: 'ghcr.io/acme/web',
      falco: { enabled: true, allowedShellParents: ['tini', 'dumb-init'] },
      egress: [{ service: 'postgres', port: 5432 }, { service: 'custom', port: 9092, to: { cidr: '10.0.0.0/8' } }],
    });
    const markdown = securityMd(profile);
    expect(markdown).toContain('(now `tini`, `dumb-init`)');
    expect(markdown).toContain('ports 53, 5432, 9092');
    expect(markdown).toContain('- out: postgres, TCP 5432');
  });

  it('says so when no path is writable, and still shows how to reproduce locally', () => {
    const markdown = securityMd(profileFrom({ name: 'web', image: 'ghcr.io/acme/web', writablePaths: [] }));
    expect(markdown).toContain('No path is writable at all');
    expect(markdown).toContain('docker run --rm --read-only --user 65532 -p 3000:3000 ghcr.io/acme/web:0.1.0');
  });
});
