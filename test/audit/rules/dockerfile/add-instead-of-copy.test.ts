import { describe, expect, it } from 'vitest';
import { addInsteadOfCopy } from '../../../../src/audit/rules/dockerfile/add-instead-of-copy.js';
import { applyFix, check, dockerfile, where } from './_helpers.js';

describe('dockerfile/add-instead-of-copy', () => {
  it('reports ADD of local files at the keyword and fixes it to COPY', () => {
    const text = dockerfile('FROM debian:13', 'ADD --chown=10001 app.py requirements.txt /app/');
    const [finding, ...rest] = check(addInsteadOfCopy, text);
    expect(rest).toEqual([]);
    expect(where([finding!])).toEqual(['2:1-2:3']);
    expect(applyFix(text, finding!)).toBe(dockerfile('FROM debian:13', 'COPY --chown=10001 app.py requirements.txt /app/'));
  });

  it('passes COPY and ADD of local archives, which ADD unpacks on purpose', () => {
    expect(check(addInsteadOfCopy, dockerfile('FROM debian:13', 'COPY app.py /app/', 'ADD rootfs.tar.xz /', 'ADD vendor.tgz /opt/'))).toEqual([]);
  });

  it('reports downloads without --checksum as medium, and passes verified ones', () => {
    const findings = check(addInsteadOfCopy, dockerfile('FROM debian:13', 'ADD https://example.com/tool.tar.gz /opt/'));
    expect(where(findings)).toEqual(['2:1-2:41']);
    expect(findings[0]!.severity).toBe('medium');
    expect(findings[0]!.fix).toBeUndefined();
    const verified = 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/';
    expect(check(addInsteadOfCopy, dockerfile('FROM debian:13', verified))).toEqual([]);
  });

  it('offers no fix when ADD-only flags are present', () => {
    const [finding] = check(addInsteadOfCopy, dockerfile('FROM debian:13', 'ADD --keep-git-dir=true src /src'));
    expect(finding?.fix).toBeUndefined();
  });
});
