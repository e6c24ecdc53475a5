// dockerfile/package-cache's cleanup fix: `&& rm -rf /var/lib/apt/lists/*` (or `dnf clean all`,
// `zypper clean`) appended after the RUN's last command, offered only when that is all it changes.
import { describe, expect, it } from 'vitest';
import { packageCache } from '../../../../src/audit/rules/dockerfile/package-cache.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const fixed = (text: string) => fixedText({ Dockerfile: text }, packageCache).Dockerfile;

describe('dockerfile/package-cache cleanup fix', () => {
  it('appends the apt lists cleanup after the last command of a continued RUN with a comment line inside it', () => {
    const text = lines(
      '# syntax=docker/dockerfile:1.7',
      'FROM debian:13.1-slim',
      'RUN apt-get update \\',
      '    # tini reaps zombies',
      '    && apt-get install -y --no-install-recommends tini=0.19.0-3 ca-certificates=20250419',
      'USER 10001',
      'ENTRYPOINT ["tini", "--", "/app"]',
    );
    expect(expectCleanFix(packageCache, { Dockerfile: text }, { include: 'safe' })).toBe(1);
    expect(fixed(text)).toBe(text.replace('ca-certificates=20250419', 'ca-certificates=20250419 && rm -rf /var/lib/apt/lists/*'));
    expect(expectCleanFix(packageCache, { Dockerfile: crlf(text) }, { include: 'safe' })).toBe(1);
    expect(fixed(crlf(text))).toBe(crlf(fixed(text)!));
  });

  it('cleans rpm and zypper caches with the manager that filled them, in lower-case files too', () => {
    const text = lines(
      'from fedora:43 as tools',
      'run dnf install -y jq-1.7.1',
      'from registry.suse.com/bci/bci-base:15.7',
      'run zypper --non-interactive install curl-8.14.1; echo installed',
      'user 10001',
    );
    // Only the final stage's chain keeps its cache, so only zypper is reported.
    expect(expectCleanFix(packageCache, { Dockerfile: text }, { include: 'safe' })).toBe(1);
    expect(fixed(text)).toBe(text.replace('echo installed', 'echo installed && zypper clean'));
    const dnf = lines('FROM fedora:43', 'RUN dnf install -y jq-1.7.1 \\', '    && dnf install -y tini-0.19.0', 'USER 10001');
    expect(fixed(dnf)).toBe(dnf.replace('tini-0.19.0', 'tini-0.19.0 && dnf clean all'));
  });

  it('offers no cleanup a later RUN would trip over, nor where appending would change the script', () => {
    const laterInstall = lines(
      'FROM debian:13.1-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2',
      'RUN apt-get install -y --no-install-recommends jq=1.7.1-6',
      'USER 10001',
    );
    const background = lines('FROM debian:13.1-slim', 'RUN apt-get update &', 'USER 10001');
    const subshell = lines('FROM debian:13.1-slim', 'RUN (apt-get update && apt-get install -y --no-install-recommends jq=1.7.1-6)', 'USER 10001');
    const heredoc = lines('FROM debian:13.1-slim', 'RUN <<EOF', 'apt-get update', 'apt-get install -y --no-install-recommends jq=1.7.1-6', 'EOF', 'USER 10001');
    const reasons = [laterInstall, background, subshell, heredoc].map((text) => auditFiles({ Dockerfile: text }, [packageCache]).map((f) => [f.fix, f.noFix]));
    expect(reasons).toEqual([
      [[undefined, 'a later RUN installs from the apt lists without an update; removing them here would break it']],
      [[undefined, 'the RUN ends inside a subshell, in the background or in a nested script; add rm -rf /var/lib/apt/lists/* by hand']],
      [[undefined, 'the RUN ends inside a subshell, in the background or in a nested script; add rm -rf /var/lib/apt/lists/* by hand']],
      [[undefined, 'the RUN is in heredoc form; add rm -rf /var/lib/apt/lists/* to its script by hand']],
    ]);
  });

  it('still offers it when the later RUN refreshes the lists itself', () => {
    const text = lines(
      'FROM debian:13.1-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2',
      'RUN apt-get update && apt-get install -y --no-install-recommends jq=1.7.1-6 && rm -rf /var/lib/apt/lists/*',
      'USER 10001',
    );
    expect(expectCleanFix(packageCache, { Dockerfile: text }, { include: 'safe' })).toBe(1);
    expect(fixed(text)).toBe(text.replace('curl=8.14.1-2', 'curl=8.14.1-2 && rm -rf /var/lib/apt/lists/*'));
  });
});
