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
});
