import { describe, expect, it } from 'vitest';
import { unbuiltImage } from '../../../../src/audit/rules/coherence/unbuilt-image.js';
import { check } from '../_located.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web-migrate:1
      containers:
        - name: web
          image: ghcr.io/acme/web:1
        - name: cache
          image: redis:7.4
`;

const WORKFLOW = (tags: string) => `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@0000000000000000000000000000000000000000
        with:
          tags: ${tags}
`;

describe('coherence/unbuilt-image', () => {
  it('reports images no CI job builds', () => {
    const files = { 'Dockerfile': 'FROM scratch\n', '.github/workflows/build.yml': WORKFLOW('ghcr.io/acme/web:${{ github.sha }}'), 'k8s/web.yaml': DEPLOYMENT };
    expect(check(unbuiltImage, files)).toEqual([
      { at: 'k8s/web.yaml:10:18', text: 'ghcr.io/acme/web-migrate:1', severity: 'info' },
      { at: 'k8s/web.yaml:15:18', text: 'redis:7.4', severity: 'info' },
    ]);
  });

  it('treats CI variables as matching whatever they could expand to', () => {
    const files = { '.github/workflows/build.yml': WORKFLOW('ghcr.io/${{ github.repository }}:1, ghcr.io/${{ github.repository }}-migrate:1'), 'k8s/web.yaml': DEPLOYMENT };
    expect(check(unbuiltImage, files).map((f) => f.text)).toEqual(['redis:7.4']);
  });

  it('counts the single container of a manifest below an unclaimed Dockerfile as built here', () => {
    const single = DEPLOYMENT.replace(/      initContainers:[\s\S]*?      containers:/, '      containers:').replace(/        - name: cache\n.*\n/, '');
    expect(check(unbuiltImage, { 'Dockerfile': 'FROM scratch\n', 'k8s/web.yaml': single })).toEqual([]);
  });

  it('stays quiet in a manifests-only repo', () => {
    expect(check(unbuiltImage, { 'k8s/web.yaml': DEPLOYMENT })).toEqual([]);
  });
});
