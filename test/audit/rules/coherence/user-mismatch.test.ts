import { describe, expect, it } from 'vitest';
import { userMismatch } from '../../../../src/audit/rules/coherence/user-mismatch.js';
import { runRule } from '../../../helpers/audit.js';
import { check } from '../_located.js';

const DEPLOYMENT = (securityContext: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
${securityContext}      containers:
        - name: api
          image: registry.example.com/acme/api:2.1.0
`;

const DOCKERFILE = (user: string) => `FROM python:3.13-slim-trixie
RUN useradd --uid 10001 appuser
${user}
CMD ["python", "app.py"]
`;

describe('coherence/user-mismatch', () => {
  it('reports runAsNonRoot without runAsUser when the image USER is a name the kubelet cannot check', () => {
    const files = { 'Dockerfile': DOCKERFILE('USER appuser'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n') };
    expect(check(userMismatch, files)).toEqual([{ at: 'deploy/api.yaml:9:23', text: 'true', severity: 'medium' }]);
    expect(runRule(userMismatch, files)[0]!.message).toContain('USER appuser (Dockerfile) is a name the kubelet cannot verify');
  });

  it('reports runAsNonRoot without runAsUser when the image runs as root', () => {
    const files = { 'Dockerfile': DOCKERFILE('USER root'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n') };
    expect(runRule(userMismatch, files)[0]!.message).toContain('its image runs as root (USER root in Dockerfile)');
  });

  it('reports a runAsUser that differs from a numeric USER as info', () => {
    const files = { 'Dockerfile': DOCKERFILE('USER 10001:10001'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n        runAsUser: 65532\n') };
    expect(check(userMismatch, files)).toEqual([{ at: 'deploy/api.yaml:10:20', text: '65532', severity: 'info' }]);
  });

  it('passes a numeric USER, a runAsUser that settles the name, and matching UIDs', () => {
    expect(check(userMismatch, { 'Dockerfile': DOCKERFILE('USER 10001'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n') })).toEqual([]);
    expect(check(userMismatch, { 'Dockerfile': DOCKERFILE('USER appuser'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n        runAsUser: 10001\n') })).toEqual([]);
    expect(check(userMismatch, { 'Dockerfile': DOCKERFILE('USER 10001'), 'deploy/api.yaml': DEPLOYMENT('        runAsUser: 10001\n') })).toEqual([]);
  });

  it('does not take a build whose whole image name is a variable for the build of every image (argo-cd: tags: ${{ env.TAGS }})', () => {
    const workflow = `on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          tags: \${{ env.TAGS }}
`;
    const busybox = DEPLOYMENT('        runAsNonRoot: true\n').replace('registry.example.com/acme/api:2.1.0', 'busybox:1.28').replace('name: api\n', 'name: busybox\n');
    const files = { 'Dockerfile': DOCKERFILE('USER appuser'), '.github/workflows/image.yaml': workflow, 'test/e2e/busybox.yaml': busybox };
    expect(check(userMismatch, files)).toEqual([]);
    // A build that names its image still links it.
    const named = workflow.replace('\${{ env.TAGS }}', 'docker.io/library/busybox:\${{ github.sha }}');
    expect(check(userMismatch, { ...files, '.github/workflows/image.yaml': named })).toHaveLength(1);
  });

  it('ignores an image whose Dockerfile is not clearly the one that builds it', () => {
    const files = { 'Dockerfile': DOCKERFILE('USER appuser'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n').replace('acme/api', 'acme/other') };
    expect(check(userMismatch, files)).toEqual([]);
  });
});
