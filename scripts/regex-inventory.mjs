// Rates every regular expression literal of src/ with recheck (automata, and a seeded fuzzer for
// what automata cannot decide) and writes test/audit/robustness/regex-inventory.json: each
// literal's complexity and, when recheck found one, the attack string that shows it. The test of
// the same name holds src/ to the inventory, runs every attack grown to 1 MiB, and requires a
// written reason for every literal not rated linear.
//
// Usage: npm run regexes            rate the literals the inventory does not have yet
//        npm run regexes -- --all   rate every literal again (after upgrading recheck)
// Reasons written in the inventory are kept for the literals that stay.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { literalKey, regexLiterals } from './regex-literals.mjs';

const require = createRequire(import.meta.url);
const { check } = require('recheck');
const root = fileURLToPath(new URL('..', import.meta.url));
const inventoryFile = path.join(root, 'test/audit/robustness/regex-inventory.json');
const checker = `recheck ${require('recheck/package.json').version}`;
/** Fixed so that the fuzzer, and so the inventory, is the same on every run. */
const PARAMS = { randomSeed: 20261204, timeout: 60_000 };

const previous = (() => {
  try {
    return JSON.parse(readFileSync(inventoryFile, 'utf8'));
  } catch {
    return { checker, entries: [] };
  }
})();
const all = process.argv.includes('--all') || previous.checker !== checker;
const known = new Map(previous.entries.map((entry) => [literalKey(entry), entry]));
const { literals } = regexLiterals(root);

const entries = await Promise.all(
  literals.map(async (literal) => {
    const old = known.get(literalKey(literal));
    if (old && !all) return old;
    const result = await check(literal.source, literal.flags, PARAMS);
    const complexity = result.status === 'unknown' ? `unknown: ${result.error?.kind ?? 'no answer'}` : result.complexity.type;
    const attack = result.attack && { pumps: result.attack.pumps.map(({ prefix, pump }) => ({ prefix, pump })), suffix: result.attack.suffix };
    return { ...literal, complexity, ...(attack ? { attack } : {}), ...(old?.reason ? { reason: old.reason } : {}) };
  }),
);
writeFileSync(inventoryFile, `${JSON.stringify({ checker, params: PARAMS, entries }, null, 1)}\n`);
const counts = {};
for (const entry of entries) counts[entry.complexity] = (counts[entry.complexity] ?? 0) + 1;
console.log(`${entries.length} literals:`, counts);
const unexplained = entries.filter((entry) => !['safe', 'linear'].includes(entry.complexity) && !entry.reason);
for (const entry of unexplained) console.log(`needs a reason: ${entry.file} /${entry.source}/${entry.flags} (${entry.complexity})`);
