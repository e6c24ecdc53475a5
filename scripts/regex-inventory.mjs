// Rates every regular expression literal of src/ with recheck (automata, and a seeded fuzzer for
// what automata cannot decide) and writes test/audit/robustness/regex-inventory.json: each
// literal's complexity and, when recheck found one, the attack string that shows it. The test of
// the same name holds src/ to the inventory, runs every attack grown to 1 MiB, and requires a
// written reason for every literal not rated linear.
//
// Usage: npm run regexes            rate the literals the inventory does not have yet
//        npm run regexes -- --all   rate every literal again (after upgrading recheck)
// Reasons written in the inventory are kept for the literals that still need one.
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
// Expressions this project once had, quadratic or worse on repository content: recheck must say
// so here, or its answers on this machine are not to be written down.
const CANARIES = [
  ['\\/+$', ''],
  ['^-[a-z]*c[a-z]*$', ''],
  ['\\$\\{\\{[^}]*\\}\\}', 'g'],
  ['(?:^|[\\s;&|(])trivy\\s+(?:-\\S*\\s+)*(?:image|i)\\b', ''],
];
for (const [source, flags] of CANARIES) {
  const result = await check(source, flags, PARAMS);
  if (result.status !== 'vulnerable') throw new Error(`recheck rated /${source}/${flags} ${result.status}; it is quadratic. Nothing written.`);
}

const all = process.argv.includes('--all') || previous.checker !== checker;
const known = new Map(previous.entries.map((entry) => [literalKey(entry), entry]));
const { literals } = regexLiterals(root);

// One at a time: run side by side, the fuzzer's time budgets vary with the load and so do its
// answers; one at a time, a seeded run gives the same inventory every time (about a minute for all).
const entries = [];
for (const literal of literals) {
  const old = known.get(literalKey(literal));
  if (old && !all) {
    entries.push(old);
    continue;
  }
  const result = await check(literal.source, literal.flags, PARAMS);
  const complexity = result.status === 'unknown' ? `unknown: ${result.error?.kind ?? 'no answer'}` : result.complexity.type;
  const attack = result.attack && { pumps: result.attack.pumps.map(({ prefix, pump }) => ({ prefix, pump })), suffix: result.attack.suffix };
  const needsReason = !['safe', 'linear'].includes(complexity);
  entries.push({ ...literal, complexity, ...(attack ? { attack } : {}), ...(needsReason && old?.reason ? { reason: old.reason } : {}) });
}
writeFileSync(inventoryFile, `${JSON.stringify({ checker, params: PARAMS, entries }, null, 1)}\n`);
const counts = {};
for (const entry of entries) counts[entry.complexity] = (counts[entry.complexity] ?? 0) + 1;
console.log(`${entries.length} literals:`, counts);
const unexplained = entries.filter((entry) => !['safe', 'linear'].includes(entry.complexity) && !entry.reason);
for (const entry of unexplained) console.log(`needs a reason: ${entry.file} /${entry.source}/${entry.flags} (${entry.complexity})`);
