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

  it('ignores an image whose Dockerfile is not clearly the one that builds it', () => {
    const files = { 'Dockerfile': DOCKERFILE('USER appuser'), 'deploy/api.yaml': DEPLOYMENT('        runAsNonRoot: true\n').replace('acme/api', 'acme/other') };
    expect(check(userMismatch, files)).toEqual([]);
  });
});
