// Issue 8 item 8: a queue consumer (--exposure none) opens no port, so TCP probes on one restart it
// forever. --probes chooses tcp, http:/path or none, with a default per exposure; exec is refused
// because the distroless runtime has nothing for the kubelet to run.
import { describe, expect, it } from 'vitest';
import { profileInputFromFlags } from '../../src/profile/flags.js';
import { ProfileError } from '../../src/profile/resolve.js';
import { generatedManifests } from '../helpers/k8s-manifests.js';
import { validateWithModel } from '../helpers/k8s-schema.js';
import { profileFrom } from '../helpers/profiles.js';

const base = { name: 'jobs', image: 'ghcr.io/acme/jobs', language: 'go' } as const;

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProfileError) return error.problems;
    throw error;
  }
  return [];
}

describe('--probes', () => {
  it('defaults to none for a worker and to tcp for an app that is reached', () => {
    expect(profileFrom({ ...base, exposure: 'none' }).probes).toBe('none');
    expect(profileFrom({ ...base, exposure: 'public' }).probes).toBe('tcp');
    expect(profileFrom({ ...base, exposure: 'internal', clients: [{ app: 'web' }] }).probes).toBe('tcp');
    expect(profileFrom({ ...base, exposure: 'none', probes: 'tcp' }).probes).toBe('tcp');
  });

  it('writes no probe for a worker, and the Deployment stays valid', () => {
    const { deployment } = generatedManifests(profileFrom({ ...base, exposure: 'none' }));
    validateWithModel(deployment);
    const container = deployment.spec!.template.spec!.containers[0]!;
    expect(container.startupProbe).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
  });

  it('writes HTTP probes on the named port for http:/path', () => {
    const profile = profileFrom({ ...base, probes: 'http:/healthz' });
    const { deployment } = generatedManifests(profile);
    validateWithModel(deployment);
    const container = deployment.spec!.template.spec!.containers[0]!;
    const portName = container.ports![0]!.name;
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/healthz', port: portName });
      expect(probe?.tcpSocket).toBeUndefined();
    }
  });

  it('is read from the flag', () => {
    expect(profileInputFromFlags({ probes: 'http:/ready' }).probes).toBe('http:/ready');
  });

  it('refuses exec with the reason, and anything that is not tcp, none or http:/path', () => {
    const exec = problemsOf(() => profileFrom({ ...base, probes: 'exec:/bin/true' }));
    expect(exec.join('\n')).toContain('cannot be exec: the distroless runtime image has no shell or client binary');
    for (const probes of ['http:healthz', 'grpc', 'http:/a b', 'TCP']) {
      expect(problemsOf(() => profileFrom({ ...base, probes })).join('\n'), probes).toContain('must be tcp, none or http:/path');
    }
  });
});
