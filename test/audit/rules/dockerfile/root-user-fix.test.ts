// dockerfile/root-user's fix: a numeric non-root USER for the final stage, placed after the last
// step that may need root and above the comment of the CMD/ENTRYPOINT it precedes; the UID the
// pods already run as when the manifests say, else distroless's nonroot account or 10001.
import { describe, expect, it } from 'vitest';
import { rootUser } from '../../../../src/audit/rules/dockerfile/root-user.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { check } from './_helpers.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const fixed = (files: Record<string, string>) => fixedText(files, rootUser, { include: 'all' });

describe('dockerfile/root-user fix', () => {
  const multiStage = lines(
    '# syntax=docker/dockerfile:1.7',
    'FROM node:24.11.1-trixie AS build',
    'WORKDIR /src',
    'COPY package.json package-lock.json ./',
    'RUN npm ci',
    'FROM node:24.11.1-trixie-slim',
    'WORKDIR /app',
    'COPY --from=build /src/node_modules ./node_modules',
    'RUN <<EOF',
    'mkdir -p /app/data',
    'EOF',
    'EXPOSE 3000',
    '',
    '# start the server',
    'CMD ["node", "server.js"]',
  );

  it('adds USER 10001:10001 after the last RUN, above the comment of the CMD, never in a build stage', () => {
    expect(expectCleanFix(rootUser, { Dockerfile: multiStage })).toBe(1);
    expect(fixed({ Dockerfile: multiStage }).Dockerfile).toBe(multiStage.replace('# start the server', 'USER 10001:10001\n# start the server'));
    expect(expectCleanFix(rootUser, { Dockerfile: crlf(multiStage) })).toBe(1);
    expect(fixed({ Dockerfile: crlf(multiStage) }).Dockerfile).toBe(crlf(multiStage).replace('# start', 'USER 10001:10001\r\n# start'));
  });

  it('always says what to check: writable paths, low ports, an ENTRYPOINT that needs root; so --fix leaves it to a person', () => {
    const [finding] = check(rootUser, multiStage);
    expect(finding?.fix?.caveat).toMatch(/run as 10001:10001 .*writable by that UID.*below 1024.*ENTRYPOINT does not need root/);
    expect(fixedText({ Dockerfile: multiStage }, rootUser, { include: 'safe' }).Dockerfile).toBe(multiStage);
  });

  it('writes the keyword in the case of the file', () => {
    const text = lines('from debian:13.1-slim', 'run apt-get update && apt-get install -y --no-install-recommends tini=0.19.0-3 && rm -rf /var/lib/apt/lists/*', 'entrypoint ["tini", "--", "/app"]');
    expect(expectCleanFix(rootUser, { Dockerfile: text })).toBe(1);
    expect(fixed({ Dockerfile: text }).Dockerfile).toBe(text.replace('entrypoint', 'user 10001:10001\nentrypoint'));
  });

  it("uses distroless's nonroot account, and appends to a file that ends without a line break", () => {
    const text = 'FROM golang:1.26.0-trixie AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian13\nCOPY --from=build /app /app';
    expect(expectCleanFix(rootUser, { Dockerfile: text })).toBe(1);
    expect(fixed({ Dockerfile: text }).Dockerfile).toBe(`${text}\nUSER 65532:65532\n`);
  });

  it('rewrites a final USER root that nothing after it needs', () => {
    const text = lines('FROM debian:13.1-slim', 'USER root:root', '# the app', 'CMD ["/usr/local/bin/app"]');
    expect(expectCleanFix(rootUser, { Dockerfile: text })).toBe(1);
    expect(fixed({ Dockerfile: text }).Dockerfile).toBe(text.replace('USER root:root', 'USER 10001:10001'));
  });

  it('keeps USER root for the RUN after it, and adds the non-root USER after that RUN', () => {
    const text = lines('FROM debian:13.1-slim', 'USER root', 'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2 && rm -rf /var/lib/apt/lists/*', 'CMD ["/usr/local/bin/app"]');
    expect(expectCleanFix(rootUser, { Dockerfile: text })).toBe(1);
    expect(fixed({ Dockerfile: text }).Dockerfile).toBe(text.replace('CMD', 'USER 10001:10001\nCMD'));
  });

  it("follows the runAsUser and runAsGroup of the pods that run the image, so the image and the manifests agree", () => {
    const files = {
      Dockerfile: lines('FROM node:24.11.1-trixie-slim', 'WORKDIR /app', 'COPY src/ ./src/', 'CMD ["node", "src/server.js"]'),
      'k8s/deployment.yaml': lines(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: orders-api',
        '  namespace: orders',
        'spec:',
        '  selector:',
        '    matchLabels: {app: orders-api}',
        '  template:',
        '    metadata:',
        '      labels: {app: orders-api}',
        '    spec:',
        '      securityContext:',
        '        runAsUser: 1234',
        '        runAsGroup: 2345',
        '      containers:',
        '        - name: orders-api',
        '          image: ghcr.io/acme/orders-api:1.4.2',
      ),
    };
    expect(expectCleanFix(rootUser, files)).toBe(1);
    expect(fixed(files).Dockerfile).toBe(files.Dockerfile.replace('CMD', 'USER 1234:2345\nCMD'));
  });

  it('leaves Windows images, whose users are names, to a person', () => {
    const windows = lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'CMD ["app.exe"]');
    const [finding] = auditFiles({ Dockerfile: windows }, [rootUser]);
    expect(finding?.fix).toBeUndefined();
    expect(finding?.noFix).toMatch(/USER ContainerUser/);
  });
});
