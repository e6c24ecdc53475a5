import { describe, expect, it } from 'vitest';
import { curlAndWget } from '../../../../src/audit/rules/dockerfile/curl-and-wget.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/curl-and-wget', () => {
  it('reports the first use of the second tool', () => {
    const text = dockerfile('FROM debian:13 AS a', 'RUN wget -q https://x.io/a', 'FROM debian:13', 'RUN curl -fsSLO https://x.io/b && curl -fsSLO https://x.io/c');
    const findings = check(curlAndWget, text);
    expect(where(findings)).toEqual(['4:5-4:8']);
    expect(findings[0]!.message).toContain('wget earlier in the same Dockerfile');
  });

  it('passes a single tool, and installing (not running) the other', () => {
    expect(check(curlAndWget, dockerfile('FROM debian:13', 'RUN apt-get install -y wget && curl -fsSLO https://x.io/b'))).toEqual([]);
  });
});
