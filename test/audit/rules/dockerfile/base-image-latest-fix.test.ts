// dockerfile/base-image-latest's fix proposes a tag only when the repository states the version
// elsewhere; otherwise the finding says why there is none. Versions are never invented.
import { describe, expect, it } from 'vitest';
import { baseImageLatest } from '../../../../src/audit/rules/dockerfile/base-image-latest.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { check } from './_helpers.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const fixed = (files: Record<string, string>) => fixedText(files, baseImageLatest, { include: 'all' });

const nodeDockerfile = lines(
  '# syntax=docker/dockerfile:1.7',
  'FROM node:latest AS build',
  'WORKDIR /app',
  'COPY src/ ./src/',
  'FROM gcr.io/distroless/nodejs22-debian13:nonroot@sha256:8a1b4c3f0e5f3d0c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d',
  'COPY --from=build /app /app',
  'CMD ["/app/src/server.js"]',
);
// The repositories these tests stand for let Renovate pin digests, as the fix's caveat advises;
// without that, the tag the fix writes is reported by dockerfile/base-image-digest (low) instead.
const renovate = { 'renovate.json': '{"extends": ["config:best-practices"]}\n' };

describe('dockerfile/base-image-latest fix', () => {
  it('takes the Node.js version from .nvmrc, with a caveat about the variant and the digest', () => {
    const files = { Dockerfile: nodeDockerfile, '.nvmrc': 'v22.11.0\n', ...renovate };
    expect(expectCleanFix(baseImageLatest, files)).toBe(1);
    expect(fixed(files).Dockerfile).toBe(nodeDockerfile.replace('node:latest', 'node:22.11.0'));
    const [finding] = check(baseImageLatest, nodeDockerfile, { '.nvmrc': 'v22.11.0\n' });
    expect(finding?.fix?.description).toBe('Use node:22.11.0 (the version .nvmrc states)');
    expect(finding?.fix?.caveat).toMatch(/variant .* digest/);
  });

  it('reads engines.node when it names one release line, and the setup-node version of CI', () => {
    const withEngines = { Dockerfile: nodeDockerfile, 'package.json': JSON.stringify({ name: 'app', engines: { node: '^22.11.0' } }) };
    expect(fixed(withEngines).Dockerfile).toContain('FROM node:22 AS build\n');
    const workflow = lines('on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04', '    steps:', '      - uses: actions/setup-node@v4', '        with:', '          node-version: 20');
    expect(fixed({ Dockerfile: nodeDockerfile, '.github/workflows/ci.yml': workflow }).Dockerfile).toContain('FROM node:20 AS build\n');
  });

  it('prefers the most specific of versions that agree (20 and 20.18.1), and gives up when they disagree', () => {
    const agree = { Dockerfile: nodeDockerfile, '.nvmrc': '20.18.1\n', 'package.json': '{"engines": {"node": "20.x"}}' };
    expect(fixed(agree).Dockerfile).toContain('FROM node:20.18.1 AS build\n');
    const disagree = { Dockerfile: nodeDockerfile, '.nvmrc': '20.18.1\n', 'package.json': '{"engines": {"node": "22"}}' };
    expect(check(baseImageLatest, nodeDockerfile, disagree)[0]?.fix).toBeUndefined();
  });

  it('takes golang from go.mod (toolchain first) and python from .python-version, for untagged images too', () => {
    const go = lines('FROM golang AS build', 'RUN go build -o /app .', 'FROM gcr.io/distroless/static-debian13:nonroot', 'COPY --from=build /app /app', 'ENTRYPOINT ["/app"]');
    const goMod = lines('module example.com/app', '', 'go 1.24', '', 'toolchain go1.24.4');
    expect(expectCleanFix(baseImageLatest, { Dockerfile: go, 'go.mod': goMod, ...renovate })).toBe(1);
    expect(fixed({ Dockerfile: go, 'go.mod': goMod }).Dockerfile).toBe(go.replace('FROM golang AS', 'FROM golang:1.24.4 AS'));
    const python = lines('from python:latest', 'user 10001', 'cmd ["python", "-m", "app"]');
    expect(fixed({ Dockerfile: python, '.python-version': '3.13\n' }).Dockerfile).toBe(python.replace('python:latest', 'python:3.13'));
  });

  it('reuses the tag (and digest) another FROM of the same image has, before any version file', () => {
    const files = {
      ...renovate,
      'services/api/Dockerfile': lines('FROM nginx:latest', 'USER 101', 'CMD ["nginx", "-g", "daemon off;"]'),
      'services/web/Dockerfile': lines('FROM nginx:1.29.3-alpine@sha256:61e01287e546aac28a3f56839c136b31f590273f3b41187a36f46f6a03bbfe22', 'USER 101', 'CMD ["nginx", "-g", "daemon off;"]'),
    };
    expect(expectCleanFix(baseImageLatest, files)).toBe(1);
    expect(fixed(files)['services/api/Dockerfile']).toContain('FROM nginx:1.29.3-alpine@sha256:61e01287e546aac28a3f56839c136b31f590273f3b41187a36f46f6a03bbfe22\n');
  });

  it('has no fix, and says why, when nothing in the repository states a version', () => {
    const [finding] = auditFiles({ Dockerfile: nodeDockerfile, 'package.json': '{"engines": {"node": ">=18"}}' }, [baseImageLatest]);
    expect(finding?.fix).toBeUndefined();
    expect(finding?.message).toBe('node:latest uses :latest, which changes whenever the publisher pushes.');
    expect(finding?.noFix).toMatch(/^the repository states no version for node \(looked for: a tagged FROM of the same image, \.nvmrc, .*\), and a version is never guessed$/);
    const [viaArg] = check(baseImageLatest, lines('ARG BASE=node', 'FROM ${BASE}'), { '.nvmrc': '22\n' });
    expect(viaArg?.fix).toBeUndefined();
  });
});

describe('dockerfile/base-image-latest version sources, on hostile files', () => {
  it('reads a megabyte of blank lines in linear time, and CRLF files', () => {
    const python = lines('FROM python:latest', 'USER 10001', 'CMD ["python", "-m", "app"]');
    const started = Date.now();
    const [finding] = check(baseImageLatest, python, { 'pyproject.toml': `${'\n'.repeat(1_000_000)}x` });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(finding?.fix).toBeUndefined();
    const go = lines('FROM golang:latest AS build', 'FROM scratch');
    expect(check(baseImageLatest, go, { 'go.mod': 'module x\r\n\r\ngo 1.25.3\r\n' })[0]?.fix?.edits[0]?.text).toBe('golang:1.25.3');
    expect(check(baseImageLatest, python, { 'pyproject.toml': '[project]\r\nrequires-python = "==3.13.*"\r\n' })[0]?.fix?.edits[0]?.text).toBe('python:3.13');
  });
});
