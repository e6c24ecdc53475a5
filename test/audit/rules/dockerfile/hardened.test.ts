// A Dockerfile hardened the way the generator writes them must pass every Dockerfile rule: this
// is the "a correct setup audits clean" guarantee, checked for one image per language shape.
import { describe, expect, it } from 'vitest';
import { dockerfileRules } from '../../../../src/audit/rules/dockerfile/index.js';
import type { Finding } from '../../../../src/audit/types.js';
import { runRule } from '../../../helpers/audit.js';
import { dockerfile } from './_helpers.js';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

const NODE = dockerfile(
  '# syntax=docker/dockerfile:1',
  '# Build stage: an exact builder tag, dependencies before sources for layer caching.',
  `FROM node:24.11.1-trixie-slim@${digest(1)} AS build`,
  'WORKDIR /src',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=cache,target=/root/.npm npm ci',
  'COPY . .',
  'RUN npm run build && npm prune --omit=dev',
  '',
  '# Runtime stage: distroless, no shell, no package manager, non-root.',
  `FROM gcr.io/distroless/nodejs24-debian13:nonroot@${digest(2)}`,
  'WORKDIR /app',
  'COPY --from=build --chown=65532:65532 /src/node_modules ./node_modules',
  'COPY --from=build --chown=65532:65532 /src/dist ./dist',
  'USER 65532:65532',
  'EXPOSE 3000',
  'CMD ["dist/server.js"]',
);

const PYTHON = dockerfile(
  '# syntax=docker/dockerfile:1',
  `FROM python:3.13.9-slim-trixie@${digest(3)} AS build`,
  'WORKDIR /app',
  'RUN python -m venv /venv && ln -sf /usr/bin/python3 /venv/bin/python3',
  'COPY requirements.txt ./',
  'RUN --mount=type=cache,target=/root/.cache/pip /venv/bin/pip install --require-hashes -r requirements.txt',
  'COPY . .',
  '',
  `FROM gcr.io/distroless/python3-debian13:nonroot@${digest(4)}`,
  'WORKDIR /app',
  'COPY --from=build /venv /venv',
  'COPY --from=build --chown=65532:65532 /app /app',
  'USER 65532:65532',
  'EXPOSE 8000',
  'ENTRYPOINT ["/venv/bin/python3", "app.py"]',
);

const GO = dockerfile(
  '# syntax=docker/dockerfile:1',
  `FROM --platform=$BUILDPLATFORM golang:1.26.0-trixie@${digest(5)} AS build`,
  'ARG TARGETOS TARGETARCH',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
  'COPY . .',
  'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\',
  '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/app .',
  '',
  `FROM gcr.io/distroless/static-debian13:nonroot@${digest(6)}`,
  'COPY --from=build /out/app /app',
  'USER 65532:65532',
  'EXPOSE 8080',
  'CMD ["/app"]',
);

const allFindings = (files: Record<string, string>): Finding[] => dockerfileRules.flatMap((rule) => runRule(rule, files));
const summary = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.location.line}:${f.location.column} ${f.message}`);

describe('a hardened multi-stage distroless Dockerfile', () => {
  it.each([
    ['node', NODE],
    ['python', PYTHON],
    ['go', GO],
  ])('passes every Dockerfile rule (%s)', (_name, text) => {
    expect(summary(allFindings({ Dockerfile: text, '.dockerignore': '.git\n.env*\nnode_modules\n' }))).toEqual([]);
  });

  it('passes with tags only when Renovate pins the digests, and fails without it', () => {
    const tagsOnly = NODE.replace(/@sha256:\d+/g, '');
    const files = { Dockerfile: tagsOnly, '.dockerignore': '.git\n' };
    expect(summary(allFindings({ ...files, 'renovate.json': '{"extends": ["config:recommended", "docker:pinDigests"]}' }))).toEqual([]);
    expect(allFindings(files).map((f) => f.ruleId)).toEqual(['dockerfile/base-image-digest', 'dockerfile/base-image-digest']);
  });

  it('is not clean once a single hardening step is undone', () => {
    const asRoot = NODE.replace('USER 65532:65532', 'USER root');
    const shellForm = NODE.replace('CMD ["dist/server.js"]', 'CMD node dist/server.js');
    const withoutIgnore = { Dockerfile: NODE };
    expect(allFindings({ Dockerfile: asRoot, '.dockerignore': '.git\n' }).map((f) => f.ruleId)).toEqual(['dockerfile/root-user']);
    expect(allFindings({ Dockerfile: shellForm, '.dockerignore': '.git\n' }).map((f) => f.ruleId)).toEqual(['dockerfile/shell-form-entrypoint']);
    expect(allFindings(withoutIgnore).map((f) => f.ruleId)).toEqual(['dockerfile/copy-context-without-dockerignore']);
  });
});
