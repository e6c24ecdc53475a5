import { describe, expect, it } from 'vitest';
import { unpinnedPackageVersion } from '../../../../src/audit/rules/dockerfile/unpinned-package-version.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/unpinned-package-version', () => {
  it('reports unpinned operands, from the first to the last, with the manager\'s ref', () => {
    const text = dockerfile('FROM debian:13', 'RUN apt-get install -y --no-install-recommends curl=8.14.1-2 git ca-certificates');
    const findings = check(unpinnedPackageVersion, text);
    expect(where(findings)).toEqual([span(text, 'git ca-certificates')]);
    expect(findings[0]!.message).toContain('git, ca-certificates');
    expect(findings[0]!.refs).toEqual(['hadolint:DL3008']);
  });

  it('knows how each manager pins', () => {
    const pinned = dockerfile(
      'FROM debian:13',
      'RUN apk add --no-cache --virtual .build-deps gcc=14.2.0-r6 musl-dev~1.2',
      'RUN pip install --no-cache-dir flask==3.1.0 -r requirements.txt ./local-pkg',
      'RUN npm install -g pnpm@10.12.1 && npm ci && npm install',
      'RUN gem install bundler -v 2.6.9 && gem install rake:13.3.0',
      'RUN go install golang.org/x/tools/cmd/goimports@v0.34.0',
      'RUN dnf install -y gcc-14.2.1 && zypper -n in vim=9.1',
      'RUN apt-get install -y ./vendor/tool.deb "$PKG"',
    );
    expect(check(unpinnedPackageVersion, pinned)).toEqual([]);
  });

  it('reports each manager with its own ref', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN apk add curl',
      'RUN pip install flask',
      'RUN npm install -g pnpm@latest',
      'RUN gem install bundler',
      'RUN go install golang.org/x/tools/cmd/goimports@latest',
      'RUN yum install -y gcc',
    );
    expect(check(unpinnedPackageVersion, text).map((f) => f.refs[0])).toEqual([
      'hadolint:DL3018',
      'hadolint:DL3013',
      'hadolint:DL3016',
      'hadolint:DL3028',
      'hadolint:DL3062',
      'hadolint:DL3033',
    ]);
  });
});
