import { describe, expect, it } from 'vitest';
import { exposeSsh } from '../../../../src/audit/rules/dockerfile/expose-ssh.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/expose-ssh', () => {
  it('reports port 22 alone, with a protocol or in a range', () => {
    expect(where(check(exposeSsh, dockerfile('FROM debian:13', 'EXPOSE 8080 22/tcp', 'EXPOSE 20-25')))).toEqual(['2:13-2:18', '3:8-3:12']);
  });

  it('resolves ARG defaults and passes other ports and build stages', () => {
    expect(where(check(exposeSsh, dockerfile('FROM debian:13', 'ARG SSH=22', 'EXPOSE $SSH')))).toEqual(['3:8-3:11']);
    expect(check(exposeSsh, dockerfile('FROM debian:13 AS build', 'EXPOSE 22', 'FROM debian:13', 'EXPOSE 2222 8022'))).toEqual([]);
  });
});
