import { describe, expect, it } from 'vitest';
import { exposeInvalidPort } from '../../../../src/audit/rules/dockerfile/expose-invalid-port.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/expose-invalid-port', () => {
  it('reports ports above 65535, backwards ranges and non-ports', () => {
    expect(where(check(exposeInvalidPort, dockerfile('FROM debian:13', 'EXPOSE 80 65536 90-80 http')))).toEqual(['2:11-2:15', '2:17-2:21', '2:23-2:26']);
  });

  it('passes valid ports and unresolved variables', () => {
    expect(check(exposeInvalidPort, dockerfile('FROM debian:13', 'EXPOSE 0 65535/udp 8000-8010/tcp $PORT'))).toEqual([]);
  });
});
