// documentToJS resolves aliases in one walk; it must give what yaml's own toJS gives, errors
// included (an alias before its anchor, the alias-count limit against "billion laughs").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { documentToJS } from '../../src/util/yaml-aliases.js';

/** What a conversion gives: its JSON, or the error's type and message. */
function outcome(convert: () => unknown): string {
  try {
    return JSON.stringify(convert()) ?? 'undefined';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function agree(text: string, maxAliasCount: number): void {
  for (const document of parseAllDocuments(text, { merge: true, uniqueKeys: false, logLevel: 'silent' })) {
    if (!('errors' in document) || document.errors.length > 0) continue;
    const ours = outcome(() => documentToJS(document, { maxAliasCount }));
    const yamls = outcome(() => document.toJS({ maxAliasCount }));
    expect(ours, text).toBe(yamls);
    // Given its source, a document without `*` skips the alias walk, with the same result.
    expect(outcome(() => documentToJS(document, { maxAliasCount }, text)), text).toBe(yamls);
  }
}

describe('documentToJS', () => {
  it('agrees with yaml on redefined anchors, merge keys, nested anchors and aliases before their anchor', () => {
    for (const text of [
      'a: &x 1\nb: *x\nc: &x 2\nd: *x\n',
      'base: &b {privileged: true}\npod:\n  <<: *b\n  name: p\n',
      'a: &outer\n  inner: &inner [1, 2]\n  again: *inner\nb: *outer\n',
      'a: *missing\nb: &missing 1\n',
      'l0: &l0 [a, a]\nl1: &l1 [*l0, *l0]\nl2: &l2 [*l1, *l1]\nl3: &l3 [*l2, *l2]\nl4: [*l3, *l3]\n',
      'a: &x 1\n---\nb: *x\n',
    ]) {
      agree(text, 100);
      agree(text, 3);
    }
  });

  it('agrees with yaml on random documents of anchors and aliases', () => {
    const name = fc.constantFrom('a', 'b', 'c');
    const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('1', 'x', 'true', '~'),
        name.map((n) => `*${n}`),
        fc.tuple(name, tie('node') as fc.Arbitrary<string>).map(([n, v]) => `&${n} ${v.startsWith('*') ? 'z' : v}`),
        fc.array(tie('node') as fc.Arbitrary<string>, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
        fc.array(fc.tuple(fc.constantFrom('k', 'm', '<<'), tie('node') as fc.Arbitrary<string>), { maxLength: 3 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
      ),
    })).node;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('p', 'q', 'r', 's'), value), { minLength: 1, maxLength: 6 }), fc.constantFrom(2, 100), (entries, limit) => {
        // Anchors of every name first, so that most aliases resolve; the entries may redefine them.
        const anchors = 'da: &a 1\ndb: &b [x, y]\ndc: &c {k: v}\n';
        agree(anchors + entries.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n', limit);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves a document changed afterwards to yaml itself', () => {
    const [document] = parseAllDocuments('a: &x 1\nb: *x\n');
    expect(documentToJS(document!, {})).toEqual({ a: 1, b: 1 });
    document!.setIn(['c'], document!.createAlias(document!.get('a', true) as never, 'x'));
    expect(document!.toJS()).toEqual({ a: 1, b: 1, c: 1 });
  });
});
