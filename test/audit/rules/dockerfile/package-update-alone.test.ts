import { describe, expect, it } from 'vitest';
import { packageUpdateAlone } from '../../../../src/audit/rules/dockerfile/package-update-alone.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/package-update-alone', () => {
  it('reports an index refresh in a RUN of its own', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl');
    expect(where(check(packageUpdateAlone, text))).toEqual(['2:5-2:18']);
    const apk = dockerfile('FROM alpine:3.22', 'RUN apk update', 'RUN apk add --no-cache curl');
    expect(where(check(packageUpdateAlone, apk))).toEqual([span(apk, 'apk update')]);
  });

  it('passes a refresh followed by an install of the same manager in the same RUN', () => {
    expect(check(packageUpdateAlone, dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install -y curl'))).toEqual([]);
    expect(check(packageUpdateAlone, dockerfile('FROM debian:13', 'RUN apt update && apt-get upgrade -y'))).toEqual([]);
  });

  it('reports when the install that follows belongs to another manager', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update && pip install flask==3.1.0');
    expect(where(check(packageUpdateAlone, text))).toEqual([span(text, 'apt-get update')]);
  });
});
