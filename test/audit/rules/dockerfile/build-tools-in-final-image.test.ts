import { describe, expect, it } from 'vitest';
import { buildToolsInFinalImage } from '../../../../src/audit/rules/dockerfile/build-tools-in-final-image.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/build-tools-in-final-image', () => {
  it('reports a final stage on a toolchain image, at its image', () => {
    expect(where(check(buildToolsInFinalImage, dockerfile('FROM golang:1.26.0-trixie', 'COPY . /src', 'RUN go build -o /app ./src')))).toEqual(['1:6-1:25']);
    expect(where(check(buildToolsInFinalImage, dockerfile('FROM node:24.11.1', 'COPY . /app')))).toEqual(['1:6-1:17']);
    expect(where(check(buildToolsInFinalImage, dockerfile('FROM mcr.microsoft.com/dotnet/sdk:9.0 AS base', 'FROM base')))).toEqual(['1:6-1:37']);
  });

  it('passes multi-stage builds whose final stage is a runtime image', () => {
    const text = dockerfile(
      'FROM golang:1.26.0-trixie AS build',
      'RUN go build -o /app .',
      'FROM gcr.io/distroless/static-debian13:nonroot',
      'COPY --from=build /app /app',
    );
    expect(check(buildToolsInFinalImage, text)).toEqual([]);
    expect(check(buildToolsInFinalImage, dockerfile('FROM node:24.11.1-trixie-slim'))).toEqual([]);
    expect(check(buildToolsInFinalImage, dockerfile('FROM eclipse-temurin:21-jre'))).toEqual([]);
  });

  it('reports compilers installed in the final image and not removed', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.12 curl cmake');
    expect(where(check(buildToolsInFinalImage, text))).toEqual([span(text, 'build-essential=12.12 curl cmake')]);
  });

  it('passes build tools removed later, including apk --virtual groups', () => {
    const text = dockerfile(
      'FROM python:3.13-alpine',
      'RUN apk add --no-cache --virtual .build-deps gcc musl-dev \\',
      ' && pip install --no-cache-dir uwsgi==2.0.30 \\',
      ' && apk del .build-deps',
      'RUN apt-get install -y make && apt-get purge -y make',
    );
    expect(check(buildToolsInFinalImage, text)).toEqual([]);
  });
});
