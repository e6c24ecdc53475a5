import { describe, expect, it } from 'vitest';
import { missingPipefail } from '../../../../src/audit/rules/dockerfile/missing-pipefail.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/missing-pipefail', () => {
  it('reports the first pipeline of a RUN without pipefail', () => {
    const text = dockerfile('FROM debian:13', 'RUN curl -fsSL https://x.io/a.tgz | tar -xz && ls | wc -l');
    expect(where(check(missingPipefail, text))).toEqual([span(text, 'curl -fsSL https://x.io/a.tgz | tar -xz')]);
  });

  it('passes a SHELL with -o pipefail, in the stage or the stage it is built FROM', () => {
    const text = dockerfile('FROM debian:13 AS base', 'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]', 'FROM base', 'RUN curl -fsSL https://x.io/a.tgz | tar -xz');
    expect(check(missingPipefail, text)).toEqual([]);
  });

  it('passes set -o pipefail before the pipe, and shells started with it for a here-document', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN set -euxo pipefail; curl -fsSL https://x.io/a.tgz | tar -xz',
      'RUN bash -o pipefail <<EOF',
      'curl -fsSL https://x.io/b.tgz | tar -xz',
      'EOF',
    );
    expect(check(missingPipefail, text)).toEqual([]);
  });

  it('reports pipes in here-documents, and ignores || and exec form', () => {
    const text = dockerfile('FROM debian:13', 'RUN test -f x || exit 1', 'RUN ["sh", "-c", "a | b"]', 'RUN <<EOF', 'set -e', 'dpkg -l | grep ssl', 'EOF');
    expect(where(check(missingPipefail, text))).toEqual([span(text, 'dpkg -l | grep ssl')]);
  });

  it('does not apply to PowerShell', () => {
    expect(check(missingPipefail, dockerfile('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN Get-Item x | Remove-Item'))).toEqual([]);
  });
});
