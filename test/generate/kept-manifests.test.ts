// Issue 10: files already in k8s/ (an ingress.yaml) stay in the kustomization the tool writes, so
// replacing the kustomization never silently stops applying them.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptManifests, planForDirectory } from '../../src/generate/kept-manifests.js';
import { plan } from '../../src/generate/plan.js';
import { kustomizationSchema } from '../helpers/k8s-schema.js';
import { profileFrom } from '../helpers/profiles.js';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 3000
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'csc-kept-'));
  await mkdir(path.join(dir, 'k8s/overlays/prod'), { recursive: true });
  await writeFile(path.join(dir, 'k8s/ingress.yaml'), INGRESS);
  await writeFile(path.join(dir, 'k8s/configmap.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  LOG_LEVEL: info\n');
  // The project's own kustomization and deployment: replaced (or kept) by the review, not listed.
  await writeFile(path.join(dir, 'k8s/kustomization.yaml'), 'resources:\n  - deployment.yaml\n  - ingress.yaml\n');
  await writeFile(path.join(dir, 'k8s/deployment.yaml'), 'kind: Deployment\n');
  await writeFile(path.join(dir, 'k8s/README.md'), 'notes\n');
  await writeFile(path.join(dir, 'outside.yaml'), 'kind: Secret\n');
  await symlink('../outside.yaml', path.join(dir, 'k8s/linked.yaml'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const profile = profileFrom({ name: 'web', image: 'ghcr.io/acme/web', language: 'node', port: 3000 });

describe('keptManifests', () => {
  it('lists the regular manifest files the plan does not write: no link, folder, kustomization or other file', async () => {
    const planned = new Set(plan(profile).map((file) => file.path));
    expect(await keptManifests(dir, 'k8s', planned)).toEqual(['configmap.yml', 'ingress.yaml']);
  });

  it('keeps nothing when the folder is missing or is a link', async () => {
    expect(await keptManifests(dir, 'manifests', new Set())).toEqual([]);
    await symlink('k8s', path.join(dir, 'deploy'));
    expect(await keptManifests(dir, 'deploy', new Set())).toEqual([]);
  });
});

describe('planForDirectory', () => {
  it('lists the kept manifests after its own, in a kustomization kustomize accepts, every entry a file in k8s/', async () => {
    const files = await planForDirectory(dir, profile);
    const kustomization = kustomizationSchema.parse(parse(files.find((file) => file.path === 'k8s/kustomization.yaml')!.content));
    expect(kustomization.resources!.slice(-2)).toEqual(['configmap.yml', 'ingress.yaml']);
    const written = new Set(files.map((file) => file.path));
    for (const resource of kustomization.resources!) {
      const exists = written.has(`k8s/${resource}`) || (await readFile(path.join(dir, 'k8s', resource)).then(() => true, () => false));
      expect(exists, resource).toBe(true);
    }
  });

  it('is plan() itself when k8s/ holds nothing else', async () => {
    await rm(path.join(dir, 'k8s'), { recursive: true });
    expect(await planForDirectory(dir, profile)).toEqual(plan(profile));
  });
});
