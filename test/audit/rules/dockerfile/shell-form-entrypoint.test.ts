import { describe, expect, it } from 'vitest';
import { shellFormEntrypoint } from '../../../../src/audit/rules/dockerfile/shell-form-entrypoint.js';
import { auditFiles } from '../../../helpers/fix-harness.js';
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

  it('offers no fix when the words are not plain or the command is a shell builtin', () => {
    const withVariable = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD node server.js --port $PORT'));
    const withExec = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD exec node server.js'));
    const withQuotes = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD node "my server.js"'));
    const withOperator = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD node migrate.js && node server.js'));
    const withGlob = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'CMD node *.js'));
    expect([withVariable, withExec, withQuotes, withOperator, withGlob].map((f) => [f.length, f[0]?.fix])).toEqual([
      [1, undefined],
      [1, undefined],
      [1, undefined],
      [1, undefined],
      [1, undefined],
    ]);
  });

  it('converts a CMD after an init ENTRYPOINT as it is: tini runs its arguments either way', () => {
    const text = dockerfile('FROM node:24-slim', 'ENTRYPOINT ["/sbin/tini", "--"]', 'CMD node server.js');
    const [finding] = check(shellFormEntrypoint, text);
    expect(finding?.fix?.caveat).toBeUndefined();
    expect(applyFix(text, finding!)).toBe(dockerfile('FROM node:24-slim', 'ENTRYPOINT ["/sbin/tini", "--"]', 'CMD ["node", "server.js"]'));
  });

  it('says what to check when another ENTRYPOINT receives the CMD, and leaves a CMD that a shell-form ENTRYPOINT ignores', () => {
    const [afterScript] = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD node server.js'));
    expect(afterScript?.fix?.caveat).toMatch(/ENTRYPOINT \["\/entrypoint.sh"\] receives the CMD as its arguments: it will get node server.js instead of \/bin\/sh -c "node server.js"/);
    const findings = check(shellFormEntrypoint, dockerfile('FROM node:24-slim', 'ENTRYPOINT node server.js', 'CMD --port 8080'));
    const byKeyword = Object.fromEntries(findings.map((f) => [f.message.split(' ')[0], f.fix]));
    expect(byKeyword.CMD).toBeUndefined();
    const [ignored] = auditFiles({ Dockerfile: dockerfile('FROM node:24-slim', 'ENTRYPOINT node server.js', 'CMD --port 8080') }, [shellFormEntrypoint]).filter((f) => f.message.startsWith('CMD'));
    expect(ignored?.noFix).toBe('a shell-form ENTRYPOINT ignores the CMD; fix the ENTRYPOINT first');
    expect(byKeyword.ENTRYPOINT?.caveat).toMatch(/The shell form ignored CMD --port 8080/);
  });
});
