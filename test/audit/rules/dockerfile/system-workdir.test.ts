import { describe, expect, it } from 'vitest';
import { systemWorkdir } from '../../../../src/audit/rules/dockerfile/system-workdir.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/system-workdir', () => {
  it('reports system directories, also through .. segments', () => {
    expect(where(check(systemWorkdir, dockerfile('FROM debian:13', 'WORKDIR /proc/self', 'WORKDIR /app/../dev')))).toEqual(['2:9-2:18', '3:9-3:19']);
  });

  it('passes application directories that only look similar', () => {
    expect(check(systemWorkdir, dockerfile('FROM debian:13', 'WORKDIR /app', 'WORKDIR /devtools', 'WORKDIR /srv/proc'))).toEqual([]);
  });
});
