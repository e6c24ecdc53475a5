import { describe, expect, it } from 'vitest';
import { baseImageLatest } from '../../../../src/audit/rules/dockerfile/base-image-latest.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/base-image-latest', () => {
  it('reports untagged (DL3006) and :latest (DL3007) images at the image reference', () => {
    const findings = check(baseImageLatest, dockerfile('FROM ubuntu AS build', 'FROM --platform=$BUILDPLATFORM nginx:latest'));
    expect(where(findings)).toEqual(['1:6-1:11', '2:32-2:43']);
    expect(findings.map((f) => f.refs)).toEqual([
      ['hadolint:DL3006', 'trivy:DS-0001'],
      ['hadolint:DL3007', 'trivy:DS-0001'],
    ]);
  });

  it('passes exact tags, digests, scratch and earlier stages', () => {
    const text = dockerfile(
      'FROM golang:1.26.0-trixie AS build',
      'FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1 AS certs',
      'FROM scratch',
      'FROM build AS test',
    );
    expect(check(baseImageLatest, text)).toEqual([]);
  });

  it('resolves ARG defaults, and skips tags that stay unresolved', () => {
    expect(where(check(baseImageLatest, dockerfile('ARG BASE=node', 'FROM ${BASE}')))).toEqual(['2:6-2:12']);
    expect(where(check(baseImageLatest, dockerfile('ARG TAG=latest', 'FROM node:${TAG}')))).toEqual(['2:6-2:16']);
    expect(check(baseImageLatest, dockerfile('ARG TAG', 'FROM node:${TAG}'))).toEqual([]);
    expect(check(baseImageLatest, dockerfile('ARG IMAGE', 'FROM $IMAGE'))).toEqual([]);
  });
});
