import { describe, expect, it } from 'vitest';
import { baseImageDigest } from '../../../../src/audit/rules/dockerfile/base-image-digest.js';
import { check, dockerfile, where } from './_helpers.js';

const DIGEST = 'sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1';

describe('dockerfile/base-image-digest', () => {
  it('reports tag-only references and passes digest-pinned ones', () => {
    const text = dockerfile('FROM node:24.11.1-trixie-slim AS build', `FROM gcr.io/distroless/nodejs24-debian13:nonroot@${DIGEST}`);
    expect(where(check(baseImageDigest, text))).toEqual(['1:6-1:29']);
  });

  it('leaves untagged and :latest images to dockerfile/base-image-latest, and skips scratch and stages', () => {
    expect(check(baseImageDigest, dockerfile('FROM node', 'FROM node:latest', 'FROM scratch', 'FROM 0'))).toEqual([]);
  });

  it('is satisfied by a Renovate config that pins digests', () => {
    const text = dockerfile('FROM node:24.11.1-trixie-slim');
    expect(check(baseImageDigest, text, { 'renovate.json': '{"extends": ["config:recommended"]}' })).toHaveLength(1);
    expect(check(baseImageDigest, text, { 'renovate.json': '{"extends": ["config:recommended", "docker:pinDigests"]}' })).toEqual([]);
    expect(check(baseImageDigest, text, { '.github/renovate.json5': '{ packageRules: [{ matchDatasources: ["docker"], pinDigests: true }] }' })).toEqual([]);
  });
});
