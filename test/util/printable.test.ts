import { describe, expect, it } from 'vitest';
import { describeValue, escapeControl, printablePath } from '../../src/util/printable.js';

describe('escapeControl', () => {
  it('makes ESC, CSI, CR, DEL and bidirectional overrides visible', () => {
    expect(escapeControl('a\u001b]0;title\u0007b')).toBe('a\\x1b]0;title\\x07b');
    expect(escapeControl('x\u009b31my\rz\u007f')).toBe('x\\x9b31my\\x0dz\\x7f');
    expect(escapeControl('file\u202egnp.exe')).toBe('file\\u202egnp.exe');
  });

  it('keeps newlines and tabs in messages, but not in paths', () => {
    expect(escapeControl('line one\n\tline two')).toBe('line one\n\tline two');
    expect(printablePath('a\nb\tc')).toBe('a\\nb\\tc');
  });
});

describe('describeValue', () => {
  it('shows short single-line values as JSON', () => {
    expect(describeValue('everyone')).toBe('"everyone"');
    expect(describeValue(70000)).toBe('70000');
    expect(describeValue(['a', 'b'])).toBe('["a","b"]');
  });

  it('describes long and multi-line values by their size', () => {
    expect(describeValue('ab '.repeat(1040))).toBe('a 3,120-character value');
    expect(describeValue(`${'line\n'.repeat(624)}`)).toBe('a 3,120-character multi-line value');
  });

  it('describes anything that looks like key material, however short', () => {
    expect(describeValue('-----BEGIN EC PRIVATE KEY-----')).toBe('a 30-character value that looks like key material');
    expect(describeValue('ghp_0123456789abcdefghijABCDEFGHIJ0123')).toMatch(/looks like key material/);
    expect(describeValue('0123456789abcdef0123456789abcdef')).toMatch(/looks like key material/);
    // A long repository name is words, not a token: shown as it is.
    expect(describeValue('dockersamples/example-voting-app')).toBe('"dockersamples/example-voting-app"');
  });

  it('escapes control characters in what it shows', () => {
    expect(describeValue('a\u009bb')).toBe('"a\\x9bb"');
    expect(describeValue('\u001b[31mred')).toBe('"\\u001b[31mred"');
  });

  it('describes a large mapping or list instead of printing it', () => {
    const mapping = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, 'value']));
    expect(describeValue(mapping)).toBe('a mapping of 30 keys');
    expect(describeValue(Array.from({ length: 40 }, () => 'item'))).toBe('a list of 40 items');
  });
});
