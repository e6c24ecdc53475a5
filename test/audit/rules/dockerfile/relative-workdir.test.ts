import { describe, expect, it } from 'vitest';
import { relativeWorkdir } from '../../../../src/audit/rules/dockerfile/relative-workdir.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/relative-workdir', () => {
  it('reports relative paths, also after substituting ARG defaults', () => {
    expect(where(check(relativeWorkdir, dockerfile('FROM debian:13', 'WORKDIR app', 'ARG DIR=src', 'WORKDIR ${DIR}/lib')))).toEqual(['2:9-2:11', '4:9-4:18']);
  });

  it('passes absolute paths, quoted paths, variables and Windows drives', () => {
    expect(check(relativeWorkdir, dockerfile('FROM debian:13', 'WORKDIR /app', 'WORKDIR "/srv/data"', 'WORKDIR $HOME/app', 'WORKDIR C:\\app'))).toEqual([]);
  });
});
