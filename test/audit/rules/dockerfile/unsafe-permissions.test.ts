import { describe, expect, it } from 'vitest';
import { modeProblems, unsafePermissions } from '../../../../src/audit/rules/dockerfile/unsafe-permissions.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/unsafe-permissions', () => {
  it('reports world-writable chmod, mkdir -m and COPY --chmod at the mode', () => {
    const text = dockerfile('FROM debian:13', 'RUN chmod -R 777 /app && mkdir -m 0666 /data', 'COPY --chmod=a+rwx run.sh /usr/local/bin/');
    const findings = check(unsafePermissions, text);
    expect(where(findings)).toEqual(['3:6-3:18', '2:14-2:16', '2:35-2:38']);
    expect(findings.map((f) => f.severity)).toEqual(['medium', 'medium', 'medium']);
  });

  it('reports setuid and setgid bits as high', () => {
    const text = dockerfile('FROM debian:13', 'RUN chmod u+s /usr/bin/tool && chmod 2755 /usr/bin/other');
    const findings = check(unsafePermissions, text);
    expect(where(findings)).toEqual(['2:11-2:13', span(text, '2755')]);
    expect(findings.map((f) => f.severity)).toEqual(['high', 'high']);
  });

  it('passes safe modes and sticky world-writable directories', () => {
    expect(check(unsafePermissions, dockerfile('FROM debian:13', 'RUN chmod 755 /app && chmod +x run.sh && chmod 1777 /scratch && chmod o-w /app', 'COPY --chmod=0644 a /a'))).toEqual([]);
  });

  it('reads octal and symbolic modes', () => {
    expect(modeProblems('0777')).toEqual({ worldWritable: true, setid: false });
    expect(modeProblems('4755')).toEqual({ worldWritable: false, setid: true });
    expect(modeProblems('u=rwx,go=rx')).toEqual({ worldWritable: false, setid: false });
    expect(modeProblems('o+w')).toEqual({ worldWritable: true, setid: false });
    expect(modeProblems('+t,a+w')).toEqual({ worldWritable: true, setid: false });
    expect(modeProblems('a+wt')).toEqual({ worldWritable: false, setid: false });
  });
});
