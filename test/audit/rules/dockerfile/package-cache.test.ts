import { describe, expect, it } from 'vitest';
import { packageCache } from '../../../../src/audit/rules/dockerfile/package-cache.js';
import { applyFix, check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/package-cache', () => {
  it('reports apt lists left behind (DL3009) and passes their removal in the same RUN', () => {
    const bad = dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install -y --no-install-recommends curl');
    expect(where(check(packageCache, bad))).toEqual([span(bad, 'apt-get update')]);
    const good = dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*');
    expect(check(packageCache, good)).toEqual([]);
  });

  it('reports apk add without --no-cache and pip install without --no-cache-dir, with fixes', () => {
    const text = dockerfile('FROM python:3.13-alpine', 'RUN apk add curl', 'RUN pip install flask==3.1.0');
    const findings = check(packageCache, text);
    expect(where(findings)).toEqual([span(text, 'apk add'), span(text, 'pip install')]);
    expect(findings.map((f) => f.refs)).toEqual([['hadolint:DL3019', 'trivy:DS-0025'], ['hadolint:DL3042']]);
    expect(applyFix(text, findings[0]!)).toContain('RUN apk add --no-cache curl');
    expect(applyFix(text, findings[1]!)).toContain('RUN pip install --no-cache-dir flask==3.1.0');
  });

  it('reports rpm-family installs without clean all, each with its own refs', () => {
    const text = dockerfile('FROM rockylinux:9', 'RUN yum install -y gcc', 'RUN dnf install -y make && dnf clean all', 'RUN microdnf install -y tar', 'RUN zypper -n in vim');
    const findings = check(packageCache, text);
    expect(where(findings)).toEqual([span(text, 'yum install'), span(text, 'microdnf install'), span(text, 'zypper -n in')]);
    expect(findings.map((f) => f.refs)).toEqual([
      ['hadolint:DL3032', 'trivy:DS-0015'],
      ['hadolint:DL3040', 'trivy:DS-0027'],
      ['hadolint:DL3036', 'trivy:DS-0020'],
    ]);
  });

  it('accepts cache mounts and PIP_NO_CACHE_DIR', () => {
    const text = dockerfile(
      'FROM python:3.13-slim',
      'ENV PIP_NO_CACHE_DIR=1',
      'RUN pip install flask==3.1.0',
      'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends git',
    );
    expect(check(packageCache, text)).toEqual([]);
  });

  it('ignores build stages, whose caches never reach the final image', () => {
    const text = dockerfile('FROM python:3.13-slim AS build', 'RUN pip install flask==3.1.0', 'FROM gcr.io/distroless/python3-debian13:nonroot', 'COPY --from=build /venv /venv');
    expect(check(packageCache, text)).toEqual([]);
  });
});
