import { describe, expect, it } from 'vitest';
import { maintainer } from '../../../../src/audit/rules/dockerfile/maintainer.js';
import { applyFix, check, dockerfile, where } from './_helpers.js';

describe('dockerfile/maintainer', () => {
  it('reports MAINTAINER and replaces it with the OCI authors label', () => {
    const text = dockerfile('FROM debian:13', 'MAINTAINER Jane Doe <jane@example.com>');
    const [finding] = check(maintainer, text);
    expect(where([finding!])).toEqual(['2:1-2:38']);
    expect(applyFix(text, finding!)).toBe(dockerfile('FROM debian:13', 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'));
  });

  it('passes the label', () => {
    expect(check(maintainer, dockerfile('FROM debian:13', 'LABEL org.opencontainers.image.authors="jane@example.com"'))).toEqual([]);
  });
});
