// Every regular expression written in src/ is linear in its input, or says why it is bounded, and
// no attack on it is slow at 1 MiB (issue 9). regex-inventory.json holds recheck's rating of each
// literal (`npm run regexes` rates new ones); this test holds src/ to it and runs every attack
// recheck found, grown to 1 MiB, against its expression.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { literalKey, pumpedAttack, regexLiterals } from '../../../scripts/regex-literals.mjs';

interface Attack {
  readonly pumps: readonly { readonly prefix: string; readonly pump: string }[];
  readonly suffix: string;
}

interface Entry {
  readonly file: string;
  readonly source: string;
  readonly flags: string;
  readonly complexity: string;
  readonly attack?: Attack;
  /** Why an expression recheck did not rate linear is bounded anyway, or what recheck got wrong. */
  readonly reason?: string;
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
const inventory = JSON.parse(readFileSync(new URL('./regex-inventory.json', import.meta.url), 'utf8')) as { checker: string; entries: Entry[] };
const { literals, dynamic } = regexLiterals(root);

/**
 * RegExps built at run time, each read by a person: what goes into it and why it stays linear.
 * A new one fails the test until it is listed here.
 */
const DYNAMIC: Readonly<Record<string, string>> = {
  'src/audit/rules/dockerfile/_images.ts': 'tagHas: a word of ours (debug, dev, nonroot) between separators; no quantifier.',
  'src/audit/rules/workflow/script-injection.ts': 'our list of untrusted contexts, dots escaped; each wildcard segment a single bounded class.',
  'src/profile/detect/xml-sections.ts': 'the element names we cut from a pom.xml, as alternatives of literals.',
};

describe('regular expressions in src/', () => {
  it('are the ones the inventory rates, all of them (run `npm run regexes` after changing one)', () => {
    const expected = new Set(literals.map(literalKey));
    const listed = new Set(inventory.entries.map(literalKey));
    expect([...expected].filter((key) => !listed.has(key)).map((key) => key.replaceAll('\u0000', ' '))).toEqual([]);
    expect([...listed].filter((key) => !expected.has(key)).map((key) => key.replaceAll('\u0000', ' '))).toEqual([]);
    expect(inventory.checker).toBe(`recheck ${(createRequire(import.meta.url)('recheck/package.json') as { version: string }).version}`);
  });

  it('are rated linear, or say why they are bounded', () => {
    const unexplained = inventory.entries.filter((entry) => !['safe', 'linear'].includes(entry.complexity) && !entry.reason);
    expect(unexplained.map((entry) => `${entry.file} /${entry.source}/${entry.flags}: ${entry.complexity}`)).toEqual([]);
  });

  it('built at run time are each listed with what goes into them', () => {
    expect(dynamic.filter((call) => !DYNAMIC[call.file]).map((call) => `${call.file}:${call.line}`)).toEqual([]);
  });

  const attacked = inventory.entries.filter((entry) => entry.attack);
  it.each(attacked.map((entry) => [`${entry.file} /${entry.source.slice(0, 60)}/${entry.flags}`, entry] as const))(
    'are fast on their attack grown to 1 MiB: %s',
    (_, entry) => {
      const text = pumpedAttack(entry.attack!, 1024 * 1024);
      const pattern = new RegExp(entry.source, entry.flags);
      const start = performance.now();
      if (pattern.global) for (const _match of text.matchAll(pattern));
      else pattern.exec(text);
      // A hang is the failure, not a slow machine: linear work on 1 MiB takes milliseconds.
      expect(performance.now() - start).toBeLessThan(1500);
    },
  );
});
