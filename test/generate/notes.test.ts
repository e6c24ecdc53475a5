// What the plan tells the user beside the files: the notes that explain a choice or name what the
// generated files cannot do by themselves.
import { describe, expect, it } from 'vitest';
import { nextSteps, planNotes } from '../../src/generate/notes.js';
import { profileFrom } from '../helpers/profiles.js';

describe('planNotes', () => {
  it('says what a client in another namespace needs, and nothing for one in the same namespace', () => {
    const profile = profileFrom({
      name: 'orders', image: 'ghcr.io/acme/orders', language: 'go', exposure: 'internal', namespace: 'shop',
      clients: [{ app: 'frontend' }, { namespace: 'payments', app: 'billing' }],
    });
    const notes = planNotes(profile);
    expect(notes).toContain(
      'billing runs in namespace payments: if that namespace denies egress by default, its pods need egress to pods labelled ' +
        `app.kubernetes.io/name=orders in namespace shop on TCP ${profile.port}, and to kube-dns on UDP and TCP 53.`,
    );
    expect(notes.some((note) => note.startsWith('frontend '))).toBe(false);
  });

  it('explains a port below 1024 with the sysctl and no capability', () => {
    const notes = planNotes(profileFrom({ name: 'edge', image: 'ghcr.io/acme/edge', language: 'go', port: 80 }));
    const note = notes.find((text) => text.startsWith('Port 80 is below 1024.'));
    expect(note).toContain('net.ipv4.ip_unprivileged_port_start=0');
    expect(note).toContain('NET_BIND_SERVICE is not added');
  });

  // Issue 8 item 9: a database egress without a target opens its port to the whole Internet.
  it('warns, naming the port and the range, for each database egress without a target', () => {
    const profile = profileFrom({
      name: 'api', image: 'ghcr.io/acme/api', language: 'go',
      egress: [{ service: 'postgres', port: 5432 }, { service: 'redis', port: 6379, to: { cidr: '10.0.0.0/8' } }, { service: 'https', port: 443 }],
    });
    const warnings = planNotes(profile).filter((note) => note.startsWith('Warning: egress'));
    expect(warnings).toEqual([
      'Warning: egress postgres has no target, so TCP 5432 is open to every IPv4 address (0.0.0.0/0 except 169.254.169.254/32). ' +
        'Name the database with --egress postgres=CIDR or postgres=[NS/]APP.',
    ]);
  });
});

// Issue 10: next steps that are true of what CI builds and of what the person kept.
describe('nextSteps', () => {
  const base = { name: 'web', image: 'ghcr.io/acme/web', repository: 'acme/web', language: 'node' } as const;
  const titles = (steps: readonly { title: string }[]) => steps.map((step) => step.title);

  it('a release version is deployed by tagging it: the git tag CI turns into that image tag', () => {
    const steps = nextSteps(profileFrom({ ...base, imageTag: '1.4.0' }));
    expect(steps).toContainEqual({ title: expect.stringMatching(/^Tag a release: CI builds, scans and signs 1\.4\.0/), command: 'git tag v1.4.0 && git push origin v1.4.0' });
    // The tag comes before the deploy that needs it.
    expect(titles(steps).findIndex((t) => t.startsWith('Tag a release'))).toBeLessThan(titles(steps).indexOf('Deploy'));
  });

  it('a branch tag needs no release step; a tag CI never builds is said to be one', () => {
    expect(titles(nextSteps(profileFrom({ ...base, imageTag: 'main', branch: 'main' }))).some((t) => /release|never builds/.test(t))).toBe(false);
    const steps = nextSteps(profileFrom({ ...base, imageTag: 'stable' }));
    expect(steps).toContainEqual({ title: expect.stringMatching(/^CI never builds the tag stable/), command: 'docker push ghcr.io/acme/web:stable' });
  });

  it('key signing lists creating the key and storing it where only publishing can read it', () => {
    const github = nextSteps(profileFrom({ ...base, ci: { sign: 'key' }, admission: 'none' }));
    expect(github.map((s) => s.command)).toEqual(expect.arrayContaining(['cosign generate-key-pair', expect.stringMatching(/^gh secret set COSIGN_PRIVATE_KEY --env \S+ < cosign\.key && gh secret set COSIGN_PASSWORD --env /)]));
    const gitlab = nextSteps(profileFrom({ ...base, ci: { system: 'gitlab', sign: 'key' }, admission: 'none' }));
    expect(gitlab.map((s) => s.command)).toContain('cosign generate-key-pair gitlab://acme/web');
    expect(titles(gitlab).join('\n')).toMatch(/protect the branch main and tags v\*.*"Protected", COSIGN_PASSWORD also "Masked"/);
    expect(titles(nextSteps(profileFrom(base))).some((t) => t.includes('signing key'))).toBe(false);
  });

  it('a kept Dockerfile is named first, with what the manifests expect of it and the command that checks it', () => {
    const steps = nextSteps(profileFrom({ ...base, port: 8080, writablePaths: ['/tmp'] }), { kept: ['Dockerfile'] });
    expect(steps[0]!.title).toMatch(/^Your own Dockerfile was kept: .*UID 65532.*listen on 8080 and write only to \/tmp/);
    expect(steps[0]!.command).toBe('npx create-secure-container audit Dockerfile');
    expect(titles(nextSteps(profileFrom(base))).some((t) => t.includes('was kept'))).toBe(false);
  });
});
