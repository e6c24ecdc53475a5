import { describe, expect, it } from 'vitest';
import { shellFormEntrypoint } from '../../../../src/audit/rules/dockerfile/shell-form-entrypoint.js';
import { applyFix, check, dockerfile, where } from './_helpers.js';

describe('dockerfile/shell-form-entrypoint', () => {
  it('reports a shell-form CMD and converts plain words to the exec form', () => {
    const text = dockerfile('FROM node:24-slim', 'CMD node server.js');
    const findings = check(shellFormEntrypoint, text);
    expect(where(findings)).toEqual(['2:1-2:18']);
    expect(applyFix(text, findings[0]!)).toBe(dockerfile('FROM node:24-slim', 'CMD ["node", "server.js"]'));
  });

  it('passes the exec form', () => {
    expect(check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'ENTRYPOINT ["node"]', 'CMD ["server.js"]'))).toEqual([]);
  });

  it('is medium when the final image has no shell to run it', () => {
    const [finding] = check(shellFormEntrypoint, dockerfile('FROM gcr.io/distroless/nodejs24-debian13:nonroot', 'ENTRYPOINT /nodejs/bin/node app.js'));
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toContain('no /bin/sh');
  });

  it('only looks at what the final image runs', () => {
    const text = dockerfile('FROM node:24-slim AS test', 'CMD npm test', 'FROM node:24-slim', 'CMD ["node", "server.js"]');
    expect(check(shellFormEntrypoint, text)).toEqual([]);
  });

  it('offers no fix when converting would change behaviour', () => {
    const withVariable = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD node server.js --port $PORT'));
    const withExec = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD exec node server.js'));
    const withEntrypoint = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'ENTRYPOINT ["tini", "--"]', 'CMD node server.js'));
    expect([withVariable, withExec, withEntrypoint].map((f) => [f.length, f[0]?.fix])).toEqual([
      [1, undefined],
      [1, undefined],
      [1, undefined],
    ]);
  });
});
