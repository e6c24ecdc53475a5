import { describe, expect, it } from 'vitest';
import { curlPipeShell } from '../../../../src/audit/rules/dockerfile/curl-pipe-shell.js';
import { check, dockerfile, where } from './_helpers.js';

describe('dockerfile/curl-pipe-shell', () => {
  it('reports a download piped into a shell, from the downloader to the shell', () => {
    expect(where(check(curlPipeShell, dockerfile('FROM debian:13', 'RUN curl -fsSL https://get.example.com | sh')))).toEqual(['2:5-2:43']);
    expect(where(check(curlPipeShell, dockerfile('FROM debian:13', 'RUN wget -qO- https://x.io/i.sh | tee /tmp/log | sudo -E bash -s -- --yes')))).toEqual(['2:5-2:73']);
  });

  it('finds it in continuation lines, here-documents and sh -c scripts', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN apt-get update && \\',
      '    curl -sL https://deb.example.com/setup | bash -',
      'RUN <<EOF',
      'curl -fsSL https://x.io/install.sh | python3',
      'EOF',
      `RUN sh -c 'wget -O- https://x.io/i | sh'`,
    );
    expect(where(check(curlPipeShell, text))).toEqual(['3:5-3:51', '5:1-5:44', '7:12-7:39']);
  });

  it('reports shells that run a substituted download', () => {
    expect(where(check(curlPipeShell, dockerfile('FROM debian:13', 'RUN bash -c "$(curl -fsSL https://x.io/install.sh)"')))).toEqual(['2:5-2:51']);
    expect(where(check(curlPipeShell, dockerfile('FROM debian:13', 'RUN bash <(curl -fsSL https://x.io/install.sh)')))).toEqual(['2:5-2:46']);
  });

  it('passes downloads that are verified before running', () => {
    const text = dockerfile(
      'FROM debian:13',
      'RUN curl -fsSLo /tmp/install.sh https://x.io/install.sh \\',
      ' && echo "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  /tmp/install.sh" | sha256sum -c - \\',
      ' && sh /tmp/install.sh',
      'RUN curl -fsSL https://x.io/tool.tar.gz | tar -xz -C /opt',
    );
    expect(check(curlPipeShell, text)).toEqual([]);
  });
});
