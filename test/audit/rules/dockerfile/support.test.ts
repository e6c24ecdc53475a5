import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDockerfileSource } from '../../../../src/audit/parse.js';
import { parseImageRef } from '../../../../src/audit/rules/dockerfile/_images.js';
import { dockerfileModel, effectiveUser, substitute, userOf } from '../../../../src/audit/rules/dockerfile/_support.js';
import { dockerfile } from './_helpers.js';

const model = (text: string) => dockerfileModel(parseDockerfileSource({ path: 'Dockerfile', text }));
const scriptWords = (text: string) => model(text).stages[0]!.runs.map((run) => run.scripts.map((s) => s.commands.map((c) => c.words.map((w) => w.value).join(' '))));

describe('the stage model', () => {
  it('is built once per Dockerfile source', () => {
    const source = parseDockerfileSource({ path: 'Dockerfile', text: 'FROM alpine:3.22\n' });
    expect(dockerfileModel(source)).toBe(dockerfileModel(source));
  });

  it('resolves ARG defaults in FROM and links stages built FROM earlier stages', () => {
    const m = model(dockerfile('ARG REGISTRY=ghcr.io', 'ARG TAG', 'FROM ${REGISTRY}/acme/base:${TAG:-1.2} AS base', 'FROM base AS final'));
    expect(m.stages.map((s) => s.name)).toEqual(['base', 'final']);
    expect(m.stages[0]!.image).toMatchObject({ registry: 'ghcr.io', repository: 'acme/base', tag: '1.2', unresolved: false });
    expect(m.stages[1]!.image).toBeUndefined();
    expect(m.stages[1]!.parent).toBe(m.stages[0]);
    expect(m.finalChain.map((s) => s.name)).toEqual(['final', 'base']);
    expect(m.text.slice(m.stages[0]!.imageSpan.start, m.stages[0]!.imageSpan.end)).toBe('${REGISTRY}/acme/base:${TAG:-1.2}');
  });

  it('joins continuation lines and drops comment lines inside them, as Docker does', () => {
    expect(scriptWords(dockerfile('FROM debian:13', 'RUN apt-get update && \\', '    # install the client', '    apt-get install -y \\', '      curl'))).toEqual([
      [['apt-get update', 'apt-get install -y curl']],
    ]);
  });

  it('honours the escape directive', () => {
    expect(scriptWords(dockerfile('# escape=`', 'FROM debian:13', 'RUN echo a `', '  b'))).toEqual([[['echo a b']]]);
  });

  it('reads here-document RUNs run by a shell as scripts, and other here-documents as data', () => {
    const text = dockerfile('FROM debian:13', 'RUN <<EOF', 'set -e', 'apt-get update', 'EOF', 'RUN python3 <<EOF', 'import os', 'EOF', 'RUN bash -e <<SCRIPT', 'make', 'SCRIPT');
    // The line `<<EOF` alone runs nothing: its body is the script.
    expect(scriptWords(text)).toEqual([[[], ['set -e', 'apt-get update']], [['python3']], [['bash -e'], ['make']]]);
    expect(model(text).stages[0]!.runs.map((r) => r.form)).toEqual(['heredoc', 'heredoc', 'heredoc']);
  });

  it('reads exec-form RUN as its argument vector, and ["sh", "-c", script] as the script', () => {
    const text = dockerfile('FROM debian:13', 'RUN ["apt-get", "install", "-y", "curl"]', 'RUN ["/bin/sh", "-c", "make && make install"]');
    expect(scriptWords(text)).toEqual([[['apt-get install -y curl']], [['make', 'make install']]]);
    const run = model(text).stages[0]!.runs[0]!;
    const word = run.commands[0]!.words[3]!;
    expect(text.slice(word.offsets[0], word.offsets.at(-1)! + 1)).toBe('curl');
  });

  it('splits RUN flags from the script', () => {
    const run = model(dockerfile('FROM debian:13', 'RUN --mount=type=cache,target=/var/cache/apt --network=none make')).stages[0]!.runs[0]!;
    expect(run.flags.map((f) => [f.name, f.value])).toEqual([
      ['mount', 'type=cache,target=/var/cache/apt'],
      ['network', 'none'],
    ]);
    expect(run.commands.map((c) => c.words.map((w) => w.value))).toEqual([['make']]);
  });

  it('finds the USER in effect through the FROM chain and resolves variables in it', () => {
    const m = model(dockerfile('FROM debian:13 AS base', 'ARG UID=10001', 'USER ${UID}:${UID}', 'FROM base'));
    const step = effectiveUser(m.final!);
    expect(step && userOf(m, step).user).toBe('10001');
  });
});

describe('resolve', () => {
  it('gives each step the ARG and ENV before it, asked in any order', () => {
    const m = model(dockerfile('ARG BASE=alpine', 'FROM ${BASE} AS base', 'ENV A=1', 'FROM base', 'ARG BASE', 'ENV B=$A-2', 'COPY x /$A/$B/$BASE', 'ENV A=3', 'COPY y /$A/$B'));
    const [first, second] = m.stages[1]!.steps.filter((step) => step.keyword === 'COPY');
    const at = (step: typeof first) => m.resolve('$A/$B/$BASE', step!);
    const forward = [at(first), at(second)];
    expect(forward).toEqual(['1/1-2/alpine', '3/1-2/alpine']);
    expect([at(second), at(first), at(second)]).toEqual([forward[1], forward[0], forward[1]]);
    expect(m.resolve('plain', first!)).toBe('plain');
  });

  it('resolves 25,000 steps of one stage without re-reading the steps before each (it took 24 s)', () => {
    const start = performance.now();
    const m = model(`FROM alpine\n${'ENV A=$A.\nCOPY --from=$A x y\n'.repeat(25_000)}`);
    const copies = m.stages[0]!.steps.filter((step) => step.keyword === 'COPY');
    // An unset variable stays as written.
    expect(m.resolve('$A', copies[2]!)).toBe('$A...');
    for (const copy of copies) m.resolve('$HOME', copy);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

describe('substitute', () => {
  const vars = new Map([
    ['SET', 'x'],
    ['EMPTY', ''],
    ['UNSET', undefined],
  ]);
  it('follows the ${VAR:-default} family', () => {
    expect(substitute('$SET ${SET} ${EMPTY:-d} ${EMPTY-d} ${SET:+alt} ${UNSET:-fallback} $OTHER', vars)).toBe('x x d  alt fallback $OTHER');
  });

  // The regular expression substitute used to run: the scanner must find exactly what it found.
  const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  const byRegExp = (value: string, lookup: Map<string, string | undefined>) =>
    value.replace(VARIABLE, (whole, braced: string | undefined, modifier: string | undefined, word: string | undefined, plain: string | undefined) => {
      const name = braced ?? plain!;
      const known = lookup.get(name);
      const isSet = known !== undefined && (known !== '' || modifier === undefined || !modifier.startsWith(':'));
      if (modifier?.endsWith('-')) return isSet ? known! : (word ?? '');
      if (modifier?.endsWith('+')) return isSet ? (word ?? '') : lookup.has(name) ? '' : whole;
      return known ?? whole;
    });

  it('replaces what the regular expression it replaced did, on any text', () => {
    const text = fc.array(fc.constantFrom('$', '{', '}', ':', '-', '+', 'SET', 'EMPTY', 'UNSET', 'A', '_', '9', ' ', '${', '$$'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(substitute(value, vars)).toBe(byRegExp(value, vars));
      }),
      { numRuns: 3000 },
    );
  });

  it('is linear on many ${NAME:- without a closing brace (the regular expression took 1.1 s on 64 KiB)', () => {
    const value = `${'${A:-'.repeat(200_000)}}`;
    const start = performance.now();
    expect(substitute(value, vars)).toBe(`${'${A:-'.repeat(199_999)}`);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('parseImageRef', () => {
  it('splits registry, repository, tag and digest', () => {
    expect(parseImageRef('node:24')).toMatchObject({ registry: 'docker.io', repository: 'node', tag: '24', digest: undefined });
    expect(parseImageRef('docker.io/library/node')).toMatchObject({ registry: 'docker.io', repository: 'node', tag: undefined });
    expect(parseImageRef('localhost:5000/app:1@sha256:abc')).toMatchObject({ registry: 'localhost:5000', repository: 'app', tag: '1', digest: 'sha256:abc' });
    expect(parseImageRef('gcr.io/distroless/static-debian13:nonroot')).toMatchObject({ registry: 'gcr.io', repository: 'distroless/static-debian13', tag: 'nonroot' });
  });
});
