// The regular expression literals of src/, found with the TypeScript parser (not a regular
// expression over the source): shared by scripts/regex-inventory.mjs, which rates each with
// recheck, and test/audit/robustness/regex-linearity.test.ts, which holds the inventory to them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Every regular expression literal under `srcDir`, once per file (file relative to `root`, with /).
 * `dynamic` lists the `new RegExp(...)` calls, which no static check can rate.
 */
export function regexLiterals(root, srcDir = 'src') {
  const literals = new Map();
  const dynamic = [];
  const files = readdirSync(path.join(root, srcDir), { recursive: true })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(root, srcDir, name))
    .sort();
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(source);
        const slash = literal.lastIndexOf('/');
        const entry = { file: relative, source: literal.slice(1, slash), flags: literal.slice(slash + 1) };
        literals.set(`${entry.file}\u0000${entry.source}\u0000${entry.flags}`, entry);
      } else if (ts.isNewExpression(node) && node.expression.getText(source) === 'RegExp') {
        dynamic.push({ file: relative, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals: [...literals.values()], dynamic };
}

/** The key an inventory entry is found by. */
export const literalKey = (entry) => `${entry.file}\u0000${entry.source}\u0000${entry.flags}`;

/** recheck's attack (prefix + pump repeated + suffix, per pump) grown to about `size` characters. */
export function pumpedAttack(attack, size) {
  const unit = attack.pumps.reduce((length, pump) => length + pump.pump.length, 0) || 1;
  const times = Math.max(1, Math.ceil(size / unit));
  return attack.pumps.map((pump) => pump.prefix + pump.pump.repeat(times)).join('') + attack.suffix;
}
