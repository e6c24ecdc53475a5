// The Dockerfile fixes that predate issue 7, put through the shared fix harness on realistic files:
// multi-stage builds, a `# syntax=` line and parser directives, comments inside continued RUNs,
// here-documents, lower-case instructions and CRLF line endings. Each case checks the exact text
// the fixes produce, and the harness checks that nothing else changes.
import { describe, expect, it } from 'vitest';
import { addInsteadOfCopy } from '../../../../src/audit/rules/dockerfile/add-instead-of-copy.js';
import { aptInstallRecommends } from '../../../../src/audit/rules/dockerfile/apt-install-recommends.js';
import { aptInsteadOfAptGet } from '../../../../src/audit/rules/dockerfile/apt-instead-of-apt-get.js';
import { copyDestinationSlash } from '../../../../src/audit/rules/dockerfile/copy-destination-slash.js';
import { maintainer } from '../../../../src/audit/rules/dockerfile/maintainer.js';
import { packageCache } from '../../../../src/audit/rules/dockerfile/package-cache.js';
import { packageInstallInteractive } from '../../../../src/audit/rules/dockerfile/package-install-interactive.js';
import type { Rule } from '../../../../src/audit/types.js';
import { expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** Checks the fixes on the file and on its CRLF twin, and returns the LF file after every fix. */
function fixBoth(rule: Rule, text: string, expectedFixes: number): string {
  expect(expectCleanFix(rule, { Dockerfile: text })).toBe(expectedFixes);
  expect(expectCleanFix(rule, { Dockerfile: crlf(text) })).toBe(expectedFixes);
  const fixed = fixedText({ Dockerfile: text }, rule, { include: 'all' }).Dockerfile!;
  expect(fixedText({ Dockerfile: crlf(text) }, rule, { include: 'all' }).Dockerfile).toBe(crlf(fixed));
  return fixed;
}

describe('Dockerfile fixes that existed before issue 7, through the harness', () => {
  it('add-instead-of-copy: ADD of local files becomes COPY, in the case it was written', () => {
    const text = lines(
      '# syntax=docker/dockerfile:1.7',
      'FROM golang:1.26.0-trixie AS build',
      'add go.mod go.sum /src/',
      'RUN go build -o /out/app ./cmd/app',
      'FROM gcr.io/distroless/static-debian13:nonroot',
      '# configuration, read at start-up',
      'ADD ["config.json", "/etc/app/"]',
      'COPY --from=build /out/app /app',
      'ENTRYPOINT ["/app"]',
    );
    expect(fixBoth(addInsteadOfCopy, text, 2)).toBe(text.replace('add go.mod', 'copy go.mod').replace('ADD ["config', 'COPY ["config'));
  });

  it('apt-install-recommends: the option goes right after install, also inside continued RUNs with comments and in here-documents', () => {
    const text = lines(
      'FROM debian:13.1-slim',
      'RUN apt-get update \\',
      '    # compilers for the native modules',
      '    && apt-get install -y gcc=4:14.2.0-1 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN <<EOF',
      'set -e',
      'apt-get update',
      'apt-get install -y jq=1.7.1-6',
      'rm -rf /var/lib/apt/lists/*',
      'EOF',
      'USER 10001',
    );
    expect(fixBoth(aptInstallRecommends, text, 2)).toBe(
      text.replace('install -y gcc', 'install --no-install-recommends -y gcc').replace('install -y jq', 'install --no-install-recommends -y jq'),
    );
  });

  it('apt-instead-of-apt-get: apt becomes apt-get where apt-get has the subcommand', () => {
    // Other rules name the command as written ("apt update ..."), so this file is otherwise clean
    // for them: the harness would count a renamed message as a new finding.
    const text = lines(
      'FROM ubuntu:24.04',
      'run apt update \\',
      '    && apt install -y --no-install-recommends curl=8.5.0-2ubuntu10.6 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'USER 10001',
    );
    expect(fixBoth(aptInsteadOfAptGet, text, 2)).toBe(text.replace('apt update', 'apt-get update').replace('apt install', 'apt-get install'));
  });

  it('copy-destination-slash: a trailing / after the destination, inside the JSON string in exec form', () => {
    const text = lines('FROM node:24.11.1-trixie-slim', 'WORKDIR /app', 'COPY package.json package-lock.json /app', 'COPY ["src", "lib", "/app/code"]', 'USER 10001');
    expect(fixBoth(copyDestinationSlash, text, 2)).toBe(text.replace('lock.json /app', 'lock.json /app/').replace('"/app/code"', '"/app/code/"'));
  });

  it('maintainer: the OCI authors label, in the case the file uses, after parser directives', () => {
    const text = lines('# escape=`', 'from debian:13.1-slim', 'maintainer Jane Doe <jane@example.com>', 'user 10001');
    expect(fixBoth(maintainer, text, 1)).toBe(text.replace('maintainer Jane Doe <jane@example.com>', 'label org.opencontainers.image.authors="Jane Doe <jane@example.com>"'));
  });

  it('maintainer: no fix when the value would be read differently inside quotes', () => {
    const text = lines('FROM debian:13.1-slim', 'MAINTAINER $TEAM "ops"');
    expect(() => expectCleanFix(maintainer, { Dockerfile: text })).toThrow(/offers no fix/);
  });

  it('package-install-interactive: -y for apt-get and dnf, --non-interactive for zypper (after the program name)', () => {
    const text = lines(
      'FROM registry.suse.com/bci/bci-base:15.7 AS suse',
      'RUN zypper install curl-8.14.1 && zypper clean',
      'FROM fedora:43 AS fedora',
      'RUN dnf install --setopt=install_weak_deps=False jq-1.7.1 && dnf clean all',
      'FROM debian:13.1-slim',
      'RUN apt-get update && apt-get install --no-install-recommends tini=0.19.0-3 && rm -rf /var/lib/apt/lists/*',
      'USER 10001',
    );
    expect(fixBoth(packageInstallInteractive, text, 3)).toBe(
      text.replace('zypper install', 'zypper --non-interactive install').replace('dnf install', 'dnf install -y').replace('apt-get install', 'apt-get install -y'),
    );
  });

  it('package-cache: --no-cache for apk add and --no-cache-dir for pip install', () => {
    const text = lines('FROM python:3.13.9-alpine3.22', 'RUN apk add tini=0.19.0-r3', 'RUN pip install requests==2.32.5 \\', '    gunicorn==23.0.0', 'USER 10001');
    expect(fixBoth(packageCache, text, 2)).toBe(text.replace('apk add', 'apk add --no-cache').replace('pip install', 'pip install --no-cache-dir'));
  });
});
