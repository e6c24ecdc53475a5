import { describe, expect, it } from 'vitest';
import { copyFromUnknownStage } from '../../../../src/audit/rules/dockerfile/copy-from-unknown-stage.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/copy-from-unknown-stage', () => {
  it('reports a stage copying from itself (DL3023)', () => {
    const findings = check(copyFromUnknownStage, dockerfile('FROM golang:1.26.0 AS build', 'COPY --from=build /a /b', 'COPY --from=0 /a /c'));
    expect(where(findings)).toEqual(['2:6-2:17', '3:6-3:13']);
    expect(findings[0]!.refs).toEqual(['hadolint:DL3023', 'trivy:DS-0006']);
  });

  it('reports names of no earlier stage (DL3022), including later stages and typos', () => {
    const text = dockerfile('FROM golang:1.26.0 AS build', 'FROM debian:13', 'COPY --from=bulid /app /app', 'COPY --from=assets /x /x', 'FROM nginx:1.29 AS assets');
    const findings = check(copyFromUnknownStage, text);
    expect(where(findings)).toEqual(['3:6-3:17', '4:6-4:18']);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('pulls an image called "bulid"'),
      expect.stringContaining('defined later in the file'),
    ]);
  });

  it('passes earlier stages by name (any case) or index, and explicit image references', () => {
    const text = dockerfile('FROM golang:1.26.0 AS Build', 'FROM debian:13', 'COPY --from=build /a /a', 'COPY --from=0 /b /b', 'COPY --from=nginx:1.29 /etc/nginx /etc/nginx');
    expect(check(copyFromUnknownStage, text)).toEqual([]);
  });
});
