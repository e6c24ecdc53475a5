// dockerfile/missing-pipefail's fix: a SHELL with pipefail above the first RUN of the stage whose
// pipe can hide a failure, for base images known to have the shell.
import { describe, expect, it } from 'vitest';
import { missingPipefail } from '../../../../src/audit/rules/dockerfile/missing-pipefail.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const fixed = (text: string) => fixedText({ Dockerfile: text }, missingPipefail, { include: 'all' }).Dockerfile;

describe('dockerfile/missing-pipefail fix', () => {
  const text = lines(
    '# syntax=docker/dockerfile:1.7',
    'FROM golang:1.26.0-alpine3.22 AS tools',
    'RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin',
    'FROM debian:13.1-slim',
    '# the release archive',
    'RUN curl -fsSL https://example.com/app.tgz \\',
    '    | tar -xz -C /opt',
    'RUN ls /opt | wc -l',
    'USER 10001',
    'CMD ["/opt/app"]',
  );

  it('adds bash on Debian and ash on Alpine, once per stage, above the comment of the RUN', () => {
    expect(expectCleanFix(missingPipefail, { Dockerfile: text })).toBe(2);
    expect(fixed(text)).toBe(
      text
        .replace('RUN curl -fsSL https://example.com/tool', 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool')
        .replace('# the release archive', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n# the release archive'),
    );
    expect(expectCleanFix(missingPipefail, { Dockerfile: crlf(text) })).toBe(2);
    expect(fixed(crlf(text))).toBe(crlf(fixed(text)!));
    const findings = auditFiles({ Dockerfile: text }, [missingPipefail]);
    expect(findings.map((f) => f.noFix)).toEqual([undefined, undefined, 'the SHELL the fix of the first such RUN of this stage adds covers this one']);
    expect(findings[0]?.fix?.caveat).toMatch(/every RUN of this stage .* runs in \/bin\/ash with pipefail/);
  });

  it('writes the keyword in lower case in a lower-case file', () => {
    const lower = lines('from ubuntu:24.04', 'run curl -fsSL https://example.com/x | sh', 'user 10001');
    expect(fixed(lower)).toBe(lower.replace('run curl', 'shell ["/bin/bash", "-o", "pipefail", "-c"]\nrun curl'));
  });

  it('says why there is no fix for an unknown base, a SHELL of its own or a here-document', () => {
    const unknown = lines('FROM registry.example.com/base:1', 'RUN a | b');
    const ownShell = lines('FROM debian:13.1-slim', 'SHELL ["/bin/bash", "-c"]', 'RUN a | b');
    const heredoc = lines('FROM debian:13.1-slim', 'RUN <<EOF', 'a | b', 'EOF');
    expect([unknown, ownShell, heredoc].map((t) => auditFiles({ Dockerfile: t }, [missingPipefail])[0]?.noFix)).toEqual([
      'the audit does not know that the base image has a shell with pipefail (bash, BusyBox ash); add SHELL by hand',
      'the stage sets its own SHELL; add -o pipefail to it by hand',
      'the pipe is in a here-document; start it with set -o pipefail (in a shell that has it) by hand',
    ]);
  });
});
