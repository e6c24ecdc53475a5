import { describe, expect, it } from 'vitest';
import { packageUpgrade } from '../../../../src/audit/rules/dockerfile/package-upgrade.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/package-upgrade', () => {
  it('reports dist-upgrade as low (DS-0024) and plain upgrades as info', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update && apt-get dist-upgrade -y', 'RUN apk upgrade', 'RUN zypper dup -y');
    const findings = check(packageUpgrade, text);
    expect(where(findings)).toEqual([span(text, 'apt-get dist-upgrade'), span(text, 'apk upgrade'), span(text, 'zypper dup')]);
    expect(findings.map((f) => [f.severity, f.refs])).toEqual([
      ['low', ['trivy:DS-0024']],
      ['info', []],
      ['low', ['hadolint:DL3035']],
    ]);
  });

  it('passes upgrades of named packages', () => {
    expect(check(packageUpgrade, dockerfile('FROM alpine:3.22', 'RUN apk upgrade --no-cache openssl', 'FROM fedora:42', 'RUN dnf update -y openssl'))).toEqual([]);
  });
});
