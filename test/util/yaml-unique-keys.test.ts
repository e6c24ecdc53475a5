// Repeated keys found in one pass must be the errors yaml's own (quadratic) check gives: same
// documents refused, same count, on fixed and random input; and 40,000 keys must parse fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { parseAllDocumentsUnique, parseDocumentUnique } from '../../src/util/yaml-unique-keys.js';

const duplicates = (errors: readonly { code: string }[]) => errors.filter((error) => error.code === 'DUPLICATE_KEY').length;

function agree(text: string): void {
  const ours = parseAllDocumentsUnique(text, { prettyErrors: false });
  const yamls = parseAllDocuments(text, { prettyErrors: false });
  expect(Array.isArray(ours), text).toBe(Array.isArray(yamls));
  if (!Array.isArray(ours) || !Array.isArray(yamls)) return;
  expect(ours.map((d) => duplicates(d.errors)), text).toEqual(yamls.map((d) => duplicates(d.errors)));
  expect(ours.map((d) => d.errors.length > 0), text).toEqual(yamls.map((d) => d.errors.length > 0));
}

describe('repeated keys in one pass', () => {
  it('reports what yaml reports: scalar keys by value, per mapping, in flow and block style', () => {
    for (const text of ['a: 1\na: 2\n', 'a: 1\nb: {a: 1, a: 2}\n', '1: x\n"1": y\n', '? [a]\n: 1\n? [a]\n: 2\n', 'a: 1\n---\na: 2\n', '~: 1\nnull: 2\n', 'a: &x 1\nb: *x\n']) {
      agree(text);
    }
  });

  it('agrees with yaml on random mappings', () => {
    const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '"1"', '~', 'null', 'true', '0x1');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.constantFrom('1', '{a: 1, a: 2}', '{a: 1, b: 2}', '[a]')), { maxLength: 6 }), (pairs) => agree(pairs.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n')),
      { numRuns: process.env.CI ? 200 : 500 },
    );
  });

  it('says where, as prettyErrors does', () => {
    const document = parseDocumentUnique('a: 1\nb: 2\na: 3\n');
    expect(document.errors.map((error) => error.message)).toEqual(['Map keys must be unique at line 3, column 1']);
    expect(parseDocument('a: 1\nb: 2\na: 3\n').errors[0]!.message).toMatch(/^Map keys must be unique at line 3, column 1/);
  });

  it('parses 40,000 keys in linear time (yaml\'s own check took 15 s)', () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n') + '\nk0: again\n';
    const start = performance.now();
    const [document] = parseAllDocumentsUnique(text) as ReturnType<typeof parseDocument>[];
    expect(duplicates(document!.errors)).toBe(1);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
