import { describe, expect, it } from 'vitest';
import { sudo } from '../../../../src/audit/rules/dockerfile/sudo.js';
import { check, dockerfile, span, where } from './_helpers.js';

describe('dockerfile/sudo', () => {
  it('reports commands run through sudo, at the sudo word', () => {
    const text = dockerfile('FROM debian:13', 'USER app', 'RUN sudo apt-get update && DEBIAN_FRONTEND=noninteractive sudo -E make install');
    expect(where(check(sudo, text))).toEqual(['3:5-3:8', span(text, 'sudo', 2)]);
  });

  it('reports sudo installed in the final image but not in a build stage', () => {
    const text = dockerfile('FROM debian:13 AS build', 'RUN apt-get install -y sudo', 'FROM debian:13', 'RUN apt-get install -y curl sudo=1.9.16');
    expect(where(check(sudo, text))).toEqual(['4:29-4:39']);
  });

  it('passes USER switches and words that merely contain sudo', () => {
    expect(check(sudo, dockerfile('FROM debian:13', 'USER root', 'RUN apt-get install -y pseudo && echo sudo', 'USER 10001'))).toEqual([]);
  });
});
