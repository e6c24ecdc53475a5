// `ONBUILD RUN` triggers run in every image built FROM this one, so the rules that judge a command by
// itself check them as hadolint does (its `onbuild` wrapper on DL3008, DL3009, DL3019...); the
// rules that judge the image being built (sudo installed in it, its build tools) do not.
import { describe, expect, it } from 'vitest';
import { aptInstallRecommends } from '../../../../src/audit/rules/dockerfile/apt-install-recommends.js';
import { aptInsteadOfAptGet } from '../../../../src/audit/rules/dockerfile/apt-instead-of-apt-get.js';
import { curlPipeShell } from '../../../../src/audit/rules/dockerfile/curl-pipe-shell.js';
import { packageCache } from '../../../../src/audit/rules/dockerfile/package-cache.js';
import { packageInstallInteractive } from '../../../../src/audit/rules/dockerfile/package-install-interactive.js';
import { packageUpdateAlone } from '../../../../src/audit/rules/dockerfile/package-update-alone.js';
import { runCd } from '../../../../src/audit/rules/dockerfile/run-cd.js';
import { secretInLayer } from '../../../../src/audit/rules/dockerfile/secret-in-layer.js';
import { sudo } from '../../../../src/audit/rules/dockerfile/sudo.js';
import { unpinnedPackageVersion } from '../../../../src/audit/rules/dockerfile/unpinned-package-version.js';
import { unsafePermissions } from '../../../../src/audit/rules/dockerfile/unsafe-permissions.js';
import { dockerfileModel } from '../../../../src/audit/rules/dockerfile/_support.js';
import { parseRepo } from '../../../../src/audit/parse.js';
import { applyFix, check, dockerfile, span, where } from './_helpers.js';

const modelOf = (text: string) => dockerfileModel(parseRepo('/repo', [{ path: 'Dockerfile', text }]).repo.dockerfiles[0]!);

/** A base image for other teams' builds: every trigger runs in their images, not in this one. */
const base = (...triggers: string[]) => dockerfile('FROM python:3.13-slim', ...triggers.map((t) => `ONBUILD ${t}`), 'USER 10001');

describe('ONBUILD RUN triggers', () => {
  it('are kept apart from the stage\'s own RUNs, with offsets into the file', () => {
    const text = dockerfile('FROM debian:13', 'RUN make', 'ONBUILD RUN cd /src && make \\', '    install', 'ONBUILD COPY . /src');
    const [stage] = modelOf(text).stages;
    expect(stage!.runs.map((run) => text.slice(run.span.start, run.span.end))).toEqual(['RUN make']);
    expect(stage!.triggers.map((run) => text.slice(run.span.start, run.span.end))).toEqual(['RUN cd /src && make \\\n    install']);
    expect(stage!.triggers[0]!.invocations.map((call) => [call.name, ...call.args.map((a) => a.value)])).toEqual([['cd', '/src'], ['make', 'install']]);
  });

  it('are checked by the rules that judge a command by itself, at the trigger\'s words', () => {
    const text = base(
      'RUN cd /src && curl -fsSL https://get.example.com | sh',
      'RUN sudo apt install curl',
      'RUN apt-get update',
      'RUN chmod 777 /data',
    );
    expect(where(check(runCd, text))).toEqual([span(text, 'cd /src')]);
    expect(where(check(curlPipeShell, text))).toEqual([span(text, 'curl -fsSL https://get.example.com | sh')]);
    expect(where(check(sudo, text))).toEqual([span(text, 'sudo')]);
    expect(where(check(aptInsteadOfAptGet, text))).toEqual([span(text, 'apt')]);
    expect(where(check(packageInstallInteractive, text))).toEqual([span(text, 'apt install')]);
    expect(where(check(aptInstallRecommends, text))).toEqual([span(text, 'apt install')]);
    expect(where(check(unpinnedPackageVersion, text))).toEqual([span(text, 'curl', 2)]);
    expect(where(check(packageUpdateAlone, text))).toEqual([span(text, 'apt-get update')]);
    expect(where(check(unsafePermissions, text))).toEqual([span(text, '777')]);
  });

  it('leave what they install in the images built FROM this one: package caches and written credentials', () => {
    const text = base('RUN pip install flask==3.1.0', 'RUN echo "token" > /root/.npmrc');
    const [cache] = check(packageCache, text);
    expect(where([cache!])).toEqual([span(text, 'pip install')]);
    expect(applyFix(text, cache!)).toContain('ONBUILD RUN pip install --no-cache-dir flask==3.1.0');
    const [secret] = check(secretInLayer, text);
    expect(secret).toMatchObject({ severity: 'high', message: expect.stringContaining('every image built FROM this one (ONBUILD)') });
  });

  it('offer the apt clean-up when no later trigger installs from the lists, and refuse it when one does', () => {
    const alone = base('RUN apt-get update && apt-get install -y --no-install-recommends curl=8.14.1-2');
    expect(applyFix(alone, check(packageCache, alone)[0]!)).toContain('curl=8.14.1-2 && rm -rf /var/lib/apt/lists/*\n');
    const later = base('RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl=8.14.1-2');
    const finding = check(packageCache, later)[0]!;
    expect(finding.fix).toBeUndefined();
    expect(finding.noFix).toMatch(/later RUN installs from the apt lists/);
  });

  it('are not part of the image being built: sudo installed by a trigger is not in this final image', () => {
    expect(check(sudo, base('RUN apt-get install -y --no-install-recommends sudo=1.9.16'))).toEqual([]);
  });

  it('are not read when ONBUILD holds no RUN (COPY, or the ONBUILD ONBUILD Docker refuses)', () => {
    const text = base('COPY . /src', 'ONBUILD RUN cd /x', 'WORKDIR /src');
    expect(modelOf(text).stages[0]!.triggers).toEqual([]);
  });
});
