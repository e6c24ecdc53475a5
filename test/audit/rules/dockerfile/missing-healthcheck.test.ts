import { describe, expect, it } from 'vitest';
import { missingHealthcheck } from '../../../../src/audit/rules/dockerfile/missing-healthcheck.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/missing-healthcheck', () => {
  it('reports a final image without HEALTHCHECK when nothing else checks health', () => {
    expect(where(check(missingHealthcheck, dockerfile('FROM nginx:1.29', 'COPY site /usr/share/nginx/html')))).toEqual(['1:1-1:15']);
    expect(check(missingHealthcheck, dockerfile('FROM nginx:1.29', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1'))).toEqual([]);
  });

  it('is not reported for shell-less bases or when the repo deploys to Kubernetes', () => {
    expect(check(missingHealthcheck, dockerfile('FROM gcr.io/distroless/static-debian13:nonroot'))).toEqual([]);
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n';
    expect(check(missingHealthcheck, dockerfile('FROM nginx:1.29'), { 'k8s/deployment.yaml': deployment })).toEqual([]);
  });
});
