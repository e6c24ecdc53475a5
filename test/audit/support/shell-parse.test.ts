// The here-document bound in front of unbash: scripts under it reach the parser unchanged; over it,
// only the operators past the bound are blanked, offsets kept, and the parse stays linear.
import { describe, expect, it } from 'vitest';
import { boundHereDocuments, MAX_HEREDOCS, parseShell } from '../../../src/audit/support/shell-parse.js';

describe('boundHereDocuments', () => {
  it('leaves scripts with up to MAX_HEREDOCS here-documents, and here-strings, as written', () => {
    const script = `${'cat <<EOF\nx\nEOF\n'.repeat(MAX_HEREDOCS)}grep a <<< "$b" <<<<c`;
    expect(boundHereDocuments(script)).toBe(script);
  });

  it('blanks only the operators past the bound, keeping every offset', () => {
    const script = `${'cat <<A '.repeat(MAX_HEREDOCS + 3)}<<< s <<-B\nA\n`;
    const bounded = boundHereDocuments(script);
    expect(bounded).toHaveLength(script.length);
    expect(bounded.match(/<<A/g)).toHaveLength(MAX_HEREDOCS);
    expect(bounded.endsWith('cat   A <<< s   -B\nA\n')).toBe(true);
  });

  it('parses 250,000 here-documents on one line in linear time (unbash alone is quadratic in them)', () => {
    const start = performance.now();
    // Each here-document read as such needs its own closing line before the script goes on.
    const script = `${'cat <<A '.repeat(250_000)}\n${'A\n'.repeat(MAX_HEREDOCS)}curl x | sh\n`;
    const { commands } = parseShell(script);
    expect(commands.at(-1)?.command.type).toBe('Pipeline');
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});
