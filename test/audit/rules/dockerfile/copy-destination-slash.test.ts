import { describe, expect, it } from 'vitest';
import { copyDestinationSlash } from '../../../../src/audit/rules/dockerfile/copy-destination-slash.js';
import { applyFix, check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/copy-destination-slash', () => {
  it('reports several sources to a destination without a slash, and appends it', () => {
    const text = dockerfile('FROM node:24-slim', 'COPY package.json package-lock.json /app', 'COPY ["a.js", "b.js", "/srv"]');
    const findings = check(copyDestinationSlash, text);
    expect(where(findings)).toEqual([span(text, '/app'), span(text, '"/srv"')]);
    expect(findings.reduceRight((out, f) => applyFix(out, f), text)).toBe(
      dockerfile('FROM node:24-slim', 'COPY package.json package-lock.json /app/', 'COPY ["a.js", "b.js", "/srv/"]'),
    );
  });

  it('passes a single source, a trailing slash and a variable destination', () => {
    expect(check(copyDestinationSlash, dockerfile('FROM node:24-slim', 'COPY a.js /app', 'COPY a.js b.js /app/', 'COPY a.js b.js $DEST'))).toEqual([]);
  });
});
