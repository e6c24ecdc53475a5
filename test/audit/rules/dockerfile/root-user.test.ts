import { describe, expect, it } from 'vitest';
import { rootUser } from '../../../../src/audit/rules/dockerfile/root-user.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/root-user', () => {
  it('reports a final stage without USER at its FROM, and passes one with a non-root USER', () => {
    const bad = check(rootUser, dockerfile('FROM debian:13', 'RUN useradd --uid 10001 app'));
    expect(where(bad)).toEqual(['1:1-1:14']);
    expect(bad[0]!.message).toContain('sets no USER');
    expect(check(rootUser, dockerfile('FROM debian:13', 'RUN useradd --uid 10001 app', 'USER 10001'))).toEqual([]);
  });

  it('reports a last USER of root or UID 0 (with or without a group) at its value', () => {
    expect(where(check(rootUser, dockerfile('FROM debian:13', 'USER app', 'USER root')))).toEqual(['3:6-3:9']);
    expect(where(check(rootUser, dockerfile('FROM debian:13', 'USER 0:0')))).toEqual(['2:6-2:8']);
    expect(where(check(rootUser, dockerfile('FROM debian:13', 'USER root:root')))).toEqual(['2:6-2:14']);
    expect(check(rootUser, dockerfile('FROM debian:13', 'USER root', 'RUN apt-get update', 'USER 65532:65532'))).toEqual([]);
  });

  it('only looks at the final stage, following the stages it is built FROM', () => {
    expect(check(rootUser, dockerfile('FROM debian:13 AS build', 'USER root', 'FROM gcr.io/distroless/static-debian13:nonroot'))).toEqual([]);
    expect(check(rootUser, dockerfile('FROM debian:13 AS base', 'USER 10001', 'FROM base AS final', 'COPY app /app'))).toEqual([]);
    expect(where(check(rootUser, dockerfile('FROM debian:13 AS base', 'USER 10001', 'FROM alpine:3.22')))).toEqual(['3:1-3:16']);
  });

  it('credits only base images documented to default to a non-root user', () => {
    const none = (from: string) => check(rootUser, dockerfile(`FROM ${from}`, 'COPY app /app'));
    expect(none('gcr.io/distroless/static-debian13:nonroot')).toEqual([]);
    expect(none('gcr.io/distroless/base-debian13:debug-nonroot')).toEqual([]);
    expect(none('cgr.dev/chainguard/static:latest')).toEqual([]);
    expect(none('mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled')).toEqual([]);
    expect(none('gcr.io/distroless/static-debian13:latest')).toHaveLength(1);
    expect(none('gcr.io/distroless/static-debian13@sha256:0000000000000000000000000000000000000000000000000000000000000000')).toHaveLength(1);
    expect(none('cgr.dev/chainguard/python:latest-dev')).toHaveLength(1);
    expect(none('cgr.dev/chainguard/wolfi-base:latest')).toHaveLength(1);
    expect(none('scratch')).toHaveLength(1);
  });

  it('resolves USER variables from ARG defaults and gives the benefit of the doubt when it cannot', () => {
    expect(where(check(rootUser, dockerfile('FROM debian:13', 'ARG RUN_AS=root', 'USER ${RUN_AS}')))).toEqual(['3:6-3:14']);
    expect(check(rootUser, dockerfile('FROM mcr.microsoft.com/dotnet/aspnet:9.0', 'USER $APP_UID'))).toEqual([]);
  });
});
