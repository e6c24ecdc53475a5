import { describe, expect, it } from 'vitest';
import { runCd } from '../../../../src/audit/rules/dockerfile/run-cd.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/run-cd', () => {
  it('reports top-level cd, and passes subshells and WORKDIR', () => {
    const text = dockerfile('FROM debian:13', 'RUN cd /src && make', 'RUN (cd /src && make) && make -C /lib', 'WORKDIR /src');
    expect(where(check(runCd, text))).toEqual(['2:5-2:11']);
  });
});
