// dockerfile/copy-context-without-dockerignore's fix: a new .dockerignore beside the Dockerfile,
// rendered from the generator's template for the languages found there, minus what a COPY names.
import { describe, expect, it } from 'vitest';
import { copyContextWithoutDockerignore } from '../../../../src/audit/rules/dockerfile/copy-context-without-dockerignore.js';
import { readTemplate } from '../../../../src/generate/templates.js';
import { expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';
import { check } from './_helpers.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const rule = copyContextWithoutDockerignore;
const entries = (text: string | undefined) => (text ?? '').split('\n').filter((line) => line !== '' && !line.startsWith('#'));

const nodeApp = {
  Dockerfile: lines(
    'FROM node:24.11.1-trixie-slim',
    'WORKDIR /app',
    'COPY package.json package-lock.json .npmrc ./',
    'RUN npm ci --omit=dev',
    'COPY . .',
    'USER 10001',
    'CMD ["node", "src/server.js"]',
  ),
  'package.json': '{"name": "orders-api", "version": "1.0.0"}\n',
  'package-lock.json': '{"lockfileVersion": 3}\n',
  '.npmrc': 'engine-strict=true\n',
  'src/server.js': 'console.log("up");\n',
  '.github/workflows/ci.yml': lines('on: push', 'permissions: {}', 'jobs: {}'),
};

describe('dockerfile/copy-context-without-dockerignore fix', () => {
  it("creates the generator's .dockerignore for a Node.js context, keeping what the Dockerfile copies by name", () => {
    expect(expectCleanFix(rule, nodeApp, { include: 'safe' })).toBe(1);
    const ignore = fixedText(nodeApp, rule)['.dockerignore'];
    expect(ignore?.startsWith("# What `docker build` must not see.")).toBe(true);
    expect(entries(ignore)).toEqual(expect.arrayContaining(['.git', '**/.env*', '**/*.key', '**/node_modules', '.github']));
    // .npmrc is COPYed by name, so the template's **/.npmrc entry is left out; Python's entries never came in.
    expect(entries(ignore)).not.toContain('**/.npmrc');
    expect(entries(ignore)).not.toContain('**/__pycache__');
    // Everything else is the template's, line for line.
    const template = readTemplate('docker/dockerignore.hbs');
    for (const entry of entries(ignore)) expect(template).toContain(entry);
  });

  it('says what to check when repository files would leave the image, when the build runs git, or installs no node_modules', () => {
    const files = {
      ...nodeApp,
      Dockerfile: lines('FROM node:24.11.1-trixie-slim', 'WORKDIR /app', 'COPY . .', 'RUN git rev-parse HEAD > /app/REVISION', 'USER 10001', 'CMD ["node", "src/server.js"]'),
      'certs/tls.key': 'not a real key\n',
    };
    const [finding] = check(rule, files.Dockerfile, files);
    expect(finding?.fix?.caveat).toMatch(/no longer contain \.npmrc, certs\/tls\.key: .*RUN runs git.*no RUN installs the Node\.js dependencies/);
    expect(expectCleanFix(rule, files)).toBe(1);
  });

  it('writes it in the context directory of a Dockerfile below the root, once for several whole-context copies', () => {
    const files = {
      'services/api/Dockerfile': lines(
        'FROM golang:1.26.0-trixie AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/api .',
        'FROM gcr.io/distroless/static-debian13:nonroot',
        'COPY --from=build /out/api /api',
        'COPY ./ /srv/',
        'ENTRYPOINT ["/api"]',
      ),
      'services/api/go.mod': 'module example.com/api\n\ngo 1.26\n',
      'services/api/main.go': 'package main\n\nfunc main() {}\n',
    };
    const findings = check(rule, '', files).filter((f) => f.location.file === 'services/api/Dockerfile');
    expect(findings.map((f) => f.fix !== undefined)).toEqual([true, false]);
    expect(expectCleanFix(rule, files, { include: 'safe' })).toBe(1);
    const fixed = fixedText(files, rule);
    expect(entries(fixed['services/api/.dockerignore'])).toEqual(expect.arrayContaining(['.git', '**/*.test']));
    expect(fixed['.dockerignore']).toBeUndefined();
  });

  it('matches hostile COPY sources in linear time, and keeps every entry a source glob may need', () => {
    const hostile = `${'*a'.repeat(40)}b`;
    const files = {
      Dockerfile: lines('FROM node:24.11.1-trixie-slim', `COPY ${hostile} certs/*.pem ./`, 'COPY . .', 'USER 10001'),
      'package.json': '{}\n',
      'certs/ca.pem': 'not a real certificate\n',
      [`${'a'.repeat(200)}.txt`]: 'x\n',
    };
    const started = Date.now();
    const [finding] = check(rule, files.Dockerfile, files);
    expect(Date.now() - started).toBeLessThan(2000);
    const ignore = finding?.fix?.edits[0]?.text;
    expect(entries(ignore)).not.toContain('**/*.pem');
    expect(entries(ignore)).toContain('**/*.key');
  });
});
