// trivySubcommandEnd finds what the regular expressions it replaced found, word by word, in one
// pass (they were quadratic on a line of many `-&trivy` words).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRIVY_IMAGE_SUBCOMMAND, TRIVY_SCAN_SUBCOMMAND, startsCommand, startsWord, trivySubcommandEnd } from '../../../src/audit/support/trivy-command.js';

const SCAN = /(?:^|[\s;&|(])trivy\s+(?:-\S*\s+)*(?:image|i|fs|rootfs|repo|config|filesystem)\b/;
const IMAGE = /(?:^|[\s;&|(])trivy\s+(?:-\S*\s+)*(?:image|i)\b/;
const CONFIG = /\btrivy\s+(?:-\S*\s+)*config\b/;
const end = (match: RegExpExecArray | null) => (match ? match.index + match[0].length : undefined);

const line = fc
  .array(fc.constantFrom('trivy', ' ', '  ', '\t', '\n', '-q', '--x', '-', 'image', 'i', 'images', 'config', 'fs', '&', ';', '|', '(', '/', 'a', 'x-', '.'), { maxLength: 24 })
  .map((parts) => parts.join(''));

describe('trivySubcommandEnd', () => {
  it('finds a scan command after its global flags', () => {
    expect(trivySubcommandEnd('trivy --quiet image app:1', TRIVY_SCAN_SUBCOMMAND, startsCommand)).toBe('trivy --quiet image'.length);
    expect(trivySubcommandEnd('echo x && trivy i app', TRIVY_IMAGE_SUBCOMMAND, startsCommand)).toBe('echo x && trivy i'.length);
    expect(trivySubcommandEnd('mytrivy image app', TRIVY_SCAN_SUBCOMMAND, startsCommand)).toBeUndefined();
    expect(trivySubcommandEnd('/usr/bin/trivy config .', /^config\b/, startsWord)).toBe('/usr/bin/trivy config'.length);
    expect(trivySubcommandEnd('trivy --version', TRIVY_SCAN_SUBCOMMAND, startsCommand)).toBeUndefined();
  });

  it('ends where each regular expression it replaced ended', () => {
    fc.assert(
      fc.property(line, (text) => {
        expect(trivySubcommandEnd(text, TRIVY_SCAN_SUBCOMMAND, startsCommand)).toBe(end(SCAN.exec(text)));
        expect(trivySubcommandEnd(text, TRIVY_IMAGE_SUBCOMMAND, startsCommand)).toBe(end(IMAGE.exec(text)));
        expect(trivySubcommandEnd(text, /^config\b/, startsWord) !== undefined).toBe(CONFIG.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('is linear on 1 MiB of -&trivy words (the regular expressions took 0.56 s on 64 KiB)', () => {
    const text = '-&trivy\t'.repeat(131_072);
    const start = performance.now();
    expect(trivySubcommandEnd(text, TRIVY_SCAN_SUBCOMMAND, startsCommand)).toBeUndefined();
    expect(trivySubcommandEnd(text, /^config\b/, startsWord)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
