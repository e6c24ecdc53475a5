// dockerfile/expose-ssh's fix removes port 22 from EXPOSE (the whole line when it is the only port).
import { describe, expect, it } from 'vitest';
import { exposeSsh } from '../../../../src/audit/rules/dockerfile/expose-ssh.js';
import { auditFiles, expectCleanFix, fixedText } from '../../../helpers/fix-harness.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const fixed = (text: string) => fixedText({ Dockerfile: text }, exposeSsh).Dockerfile;

describe('dockerfile/expose-ssh fix', () => {
  const text = lines(
    'FROM debian:13.1-slim AS base',
    '# 22 so the on-call engineer can ssh in',
    'expose 22/tcp 3000',
    'FROM base',
    'EXPOSE 8080 22',
    'EXPOSE 22',
    'USER 10001',
    'CMD ["/app"]',
  );

  it('removes the word and its blanks, or the whole line, keeping the comment above it', () => {
    expect(expectCleanFix(exposeSsh, { Dockerfile: text }, { include: 'safe' })).toBe(3);
    const expected = lines('FROM debian:13.1-slim AS base', '# 22 so the on-call engineer can ssh in', 'expose 3000', 'FROM base', 'EXPOSE 8080', 'USER 10001', 'CMD ["/app"]');
    expect(fixed(text)).toBe(expected);
    expect(expectCleanFix(exposeSsh, { Dockerfile: crlf(text) }, { include: 'safe' })).toBe(3);
    expect(fixed(crlf(text))).toBe(crlf(expected));
  });

  it('leaves ranges, variables and continued lines to a person, and says why', () => {
    const other = lines('FROM debian:13.1-slim', 'ARG SSH=22', 'EXPOSE 20-25', 'EXPOSE $SSH', 'EXPOSE 80 \\', '  22', 'USER 10001');
    const findings = auditFiles({ Dockerfile: other }, [exposeSsh]);
    expect(findings.map((f) => [f.fix, f.noFix])).toEqual([
      [undefined, 'the range 20-25 holds other ports too; split it by hand'],
      [undefined, 'the port is written as $SSH; change the variable by hand'],
      [undefined, 'the EXPOSE spans several lines; remove the port by hand'],
    ]);
  });
});
