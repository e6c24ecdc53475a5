import { describe, expect, it } from 'vitest';
import { copyContextWithoutDockerignore } from '../../../../src/audit/rules/dockerfile/copy-context-without-dockerignore.js';
import { runRule } from '../../../helpers/audit.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/copy-context-without-dockerignore', () => {
  const text = dockerfile('FROM node:24-slim', 'WORKDIR /app', 'COPY --chown=node . .');

  it('reports COPY . without a .dockerignore, at the source', () => {
    expect(where(check(copyContextWithoutDockerignore, text))).toEqual(['3:19-3:19']);
  });

  it('passes with a .dockerignore beside the Dockerfile or a per-Dockerfile ignore file', () => {
    expect(check(copyContextWithoutDockerignore, text, { '.dockerignore': '.git\n.env\n' })).toEqual([]);
    expect(runRule(copyContextWithoutDockerignore, { 'docker/api.Dockerfile': text, 'docker/api.Dockerfile.dockerignore': '.git\n' })).toEqual([]);
    expect(runRule(copyContextWithoutDockerignore, { 'services/api/Dockerfile': text, '.dockerignore': '.git\n' })).toHaveLength(1);
  });

  it('passes copies of named files and copies from other stages', () => {
    expect(check(copyContextWithoutDockerignore, dockerfile('FROM node:24-slim AS b', 'COPY package.json src/ ./', 'FROM node:24-slim', 'COPY --from=b . .'))).toEqual([]);
  });
});
