// compose.yaml: docker init's local run, hardened like the cluster. A strict schema of exactly the
// fields the generator emits (an unknown or misspelt key fails), then the values checked against
// the Deployment of the same profile: same Dockerfile, UID, writable paths, port and capabilities.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { plan } from '../../src/generate/plan.js';
import { generatedManifests } from '../helpers/k8s-manifests.js';
import { PROFILES, profileFrom } from '../helpers/profiles.js';

/** The Compose specification's fields we emit, with the forms the specification allows for them. */
const serviceSchema = z
  .object({
    build: z.object({ context: z.literal('.'), dockerfile: z.string().min(1) }).strict(),
    image: z.string().regex(/^[a-z0-9./:-]+:dev$/),
    user: z.string().regex(/^\d+:\d+$/),
    read_only: z.literal(true),
    cap_drop: z.tuple([z.literal('ALL')]),
    security_opt: z.tuple([z.literal('no-new-privileges:true')]),
    tmpfs: z.array(z.string().regex(/^\/[^:\s]*:size=\d+m,uid=\d+,gid=\d+,mode=0[0-7]{3}$/)).min(1).optional(),
    sysctls: z.object({ 'net.ipv4.ip_unprivileged_port_start': z.literal(0) }).strict().optional(),
    ports: z.array(z.string().regex(/^127\.0\.0\.1:\d{1,5}:\d{1,5}$/)).length(1).optional(),
  })
  .strict();
const composeSchema = z.object({ services: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), serviceSchema) }).strict();

const EXTRA = {
  'worker with a database and a low port': profileFrom({
    name: 'ledger', image: 'ghcr.io/acme/ledger', language: 'go', port: 80, exposure: 'none',
    egress: [{ service: 'postgres', port: 5432, to: { cidr: '10.0.0.0/16' } }, { service: 'https', port: 443 }],
  }),
};

describe.each(Object.entries({ ...PROFILES, ...EXTRA }))('compose.yaml for %s', (_name, profile) => {
  const files = plan(profile);
  const text = files.find((file) => file.path === 'compose.yaml')!.content;
  const compose = composeSchema.parse(parse(text));
  const service = compose.services[profile.name]!;
  const { deployment } = generatedManifests(profile);
  const pod = deployment.spec!.template.spec!;
  const container = pod.containers[0]!;

  it('passes the strict schema and holds only the app', () => {
    expect(Object.keys(compose.services)).toEqual([profile.name]);
    expect(text).not.toContain('{{');
  });

  it('builds the generated Dockerfile', () => {
    expect(files.some((file) => file.path === service.build.dockerfile)).toBe(true);
    expect(service.image).toBe(`${profile.image}:dev`);
  });

  it('runs as the Deployment does: same UID, read-only, no capabilities, no privilege escalation', () => {
    expect(service.user).toBe(`${pod.securityContext!.runAsUser}:${pod.securityContext!.runAsGroup}`);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
  });

  it('mounts a tmpfs exactly where the Deployment mounts an emptyDir', () => {
    const mounts = (container.volumeMounts ?? []).map((mount) => mount.mountPath);
    expect((service.tmpfs ?? []).map((entry) => entry.slice(0, entry.indexOf(':')))).toEqual(mounts);
  });

  it('publishes the app port on loopback when the app is reached, and sets the low-port sysctl like the pod', () => {
    if (profile.exposure === 'none') expect(service.ports).toBeUndefined();
    else expect(service.ports).toEqual([`127.0.0.1:${profile.port}:${container.ports![0]!.containerPort}`]);
    const podSysctl = (pod.securityContext?.sysctls ?? []).some((sysctl) => sysctl.name === 'net.ipv4.ip_unprivileged_port_start');
    expect(service.sysctls !== undefined).toBe(podSysctl);
  });

  it('lists each declared database as a commented service, and nothing for plain HTTPS', () => {
    for (const rule of profile.egress) {
      const commented = text.includes(`\n  # ${rule.service}:\n  #   image: `);
      expect(commented, rule.service).toBe(['postgres', 'mysql', 'redis', 'mongodb'].includes(rule.service));
    }
  });
});
