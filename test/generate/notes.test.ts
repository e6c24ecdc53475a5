// What the plan tells the user beside the files: the notes that explain a choice or name what the
// generated files cannot do by themselves.
import { describe, expect, it } from 'vitest';
import { planNotes } from '../../src/generate/notes.js';
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
