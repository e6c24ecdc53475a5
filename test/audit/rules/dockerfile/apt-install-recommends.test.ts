import { describe, expect, it } from 'vitest';
import { aptInstallRecommends } from '../../../../src/audit/rules/dockerfile/apt-install-recommends.js';
import { applyFix, check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/apt-install-recommends', () => {
  it('reports apt-get install without --no-install-recommends and inserts it', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get update \\', ' && apt-get install -y curl');
    const findings = check(aptInstallRecommends, text);
    expect(where(findings)).toEqual(['3:5-3:19']);
    expect(applyFix(text, findings[0]!)).toBe(dockerfile('FROM debian:13', 'RUN apt-get update \\', ' && apt-get install --no-install-recommends -y curl'));
  });

  it('passes the flag, the -o option, and apt configuration written by an earlier RUN', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN apt-get install -y --no-install-recommends curl',
      'RUN apt-get install -y -o APT::Install-Recommends=false git',
    );
    expect(check(aptInstallRecommends, text)).toEqual([]);
    const configured = dockerfile('FROM debian:13', `RUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/99norecommends`, 'RUN apt-get install -y curl');
    expect(check(aptInstallRecommends, configured)).toEqual([]);
  });

  it('reports installs inside here-documents', () => {
    const text = dockerfile('FROM debian:13', 'RUN <<EOF', 'apt-get update', 'apt-get install -y ca-certificates', 'EOF');
    expect(where(check(aptInstallRecommends, text))).toEqual([span(text, 'apt-get install')]);
  });
});
