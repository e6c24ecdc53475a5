import { describe, expect, it } from 'vitest';
import { packageInstallInteractive } from '../../../../src/audit/rules/dockerfile/package-install-interactive.js';
import { applyFix, check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/package-install-interactive', () => {
  it('reports apt-get install without -y and fixes it', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install --no-install-recommends curl');
    const findings = check(packageInstallInteractive, text);
    expect(where(findings)).toEqual([span(text, 'apt-get install')]);
    expect(findings[0]!.refs).toEqual(['hadolint:DL3014', 'trivy:DS-0021']);
    expect(applyFix(text, findings[0]!)).toBe(dockerfile('FROM debian:13', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'));
  });

  it('accepts -y, --yes, --assume-yes, option clusters and -qq', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN apt-get install -y a && apt-get -yq install b && apt-get install --yes c && apt-get install --assume-yes d',
      'RUN apt-get -qq install e && apt-get -o APT::Get::Assume-Yes=true install f && apt-get update',
    );
    expect(check(packageInstallInteractive, text)).toEqual([]);
  });

  it('covers yum, dnf and zypper with their own flags', () => {
    const text = dockerfile('FROM fedora:42', 'RUN dnf install gcc && yum -y install make && zypper install vim && zypper -n install git');
    const findings = check(packageInstallInteractive, text);
    expect(where(findings)).toEqual([span(text, 'dnf install'), span(text, 'zypper install')]);
    expect(findings.map((f) => f.refs)).toEqual([['hadolint:DL3038'], ['hadolint:DL3034']]);
    expect(applyFix(text, findings[1]!)).toContain('zypper --non-interactive install vim');
  });
});
