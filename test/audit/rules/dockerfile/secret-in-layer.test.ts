import { describe, expect, it } from 'vitest';
import { isSecretFilePath, secretInLayer } from '../../../../src/audit/rules/dockerfile/secret-in-layer.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/secret-in-layer', () => {
  it('reports credential files copied from the context, at each source', () => {
    const findings = check(secretInLayer, dockerfile('FROM node:24-slim', 'COPY .npmrc package.json /app/', 'COPY certs/server.key /etc/tls/'));
    expect(where(findings)).toEqual(['2:6-2:11', '3:6-3:21']);
    expect(findings.map((f) => f.severity)).toEqual(['high', 'high']);
  });

  it('is medium in a build stage and ignores copies between stages', () => {
    const text = dockerfile('FROM node:24-slim AS build', 'COPY .npmrc ./', 'FROM gcr.io/distroless/nodejs24-debian13:nonroot', 'COPY --from=build /app/.npmrc /x/');
    const findings = check(secretInLayer, text);
    expect(where(findings)).toEqual(['2:6-2:11']);
    expect(findings[0]!.severity).toBe('medium');
  });

  it('reports RUN commands that store credentials, unless the RUN mounts a secret', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN aws configure set aws_secret_access_key "$KEY"',
      'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc',
      'RUN --mount=type=secret,id=aws aws configure set aws_secret_access_key "$(cat /run/secrets/aws)"',
    );
    expect(where(check(secretInLayer, text))).toEqual(['2:5-2:50', '3:5-3:71']);
  });

  it('recognises secret files by name and tells certificates from keys', () => {
    const secret = ['.env', '.env.production', 'id_ed25519', 'deploy/key.pem', '.aws/credentials', 'home/.docker/config.json', 'gcp/service-account-prod.json', 'keystore.jks'];
    const notSecret = ['.env.example', 'ca.pem', 'certs/fullchain.pem', 'id_ed25519.pub', 'src/keys.ts', 'package.json'];
    expect(secret.filter(isSecretFilePath)).toEqual(secret);
    expect(notSecret.filter(isSecretFilePath)).toEqual([]);
  });
});
