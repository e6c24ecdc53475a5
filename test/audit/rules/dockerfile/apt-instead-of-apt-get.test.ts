import { describe, expect, it } from 'vitest';
import { aptInsteadOfAptGet } from '../../../../src/audit/rules/dockerfile/apt-instead-of-apt-get.js';
import { applyFix, check, dockerfile, where } from './_helpers.js';

describe('dockerfile/apt-instead-of-apt-get', () => {
  it('reports apt at the program name and fixes it to apt-get', () => {
    const text = dockerfile('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl');
    const findings = check(aptInsteadOfAptGet, text);
    expect(where(findings)).toEqual(['2:5-2:7', '2:19-2:21']);
    expect(findings.reduceRight((out, f) => applyFix(out, f), text)).toBe(dockerfile('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y curl'));
  });

  it('passes apt-get and apt-cache, and offers no fix for apt-only subcommands', () => {
    expect(check(aptInsteadOfAptGet, dockerfile('FROM ubuntu:24.04', 'RUN apt-get update && apt-cache policy curl'))).toEqual([]);
    expect(check(aptInsteadOfAptGet, dockerfile('FROM ubuntu:24.04', 'RUN apt list --installed'))[0]?.fix).toBeUndefined();
  });
});
