// `create-secure-container rules [--format text|json]`: the rule catalogue.
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { RULES } from '../audit/rules/index.js';
import type { Rule } from '../audit/types.js';
import { EXIT, UsageError } from '../cli/errors.js';

/** Bump on any change to the JSON shape that is not a new optional field. */
export const RULES_JSON_VERSION = 1;

export async function rulesCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: { format: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new UsageError(`rules takes no arguments, got: ${positionals.join(' ')}`);
  const format = values.format ?? 'text';
  if (format === 'json') process.stdout.write(`${JSON.stringify(rulesJson(RULES), null, 2)}\n`);
  else if (format === 'text') process.stdout.write(rulesText(RULES, pc.isColorSupported));
  else throw new UsageError(`--format ${JSON.stringify(format)} is not allowed: use one of text, json`);
  return EXIT.ok;
}

export function rulesJson(rules: readonly Rule[]) {
  return {
    version: RULES_JSON_VERSION,
    rules: rules.map((rule) => ({
      id: rule.id,
      area: rule.area,
      severity: rule.severity,
      title: rule.title,
      refs: [...rule.refs],
      fixable: rule.fixable ?? false,
    })),
  };
}

/** One line per rule, grouped by area: id, severity, title, then the equivalent checks dimmed. */
export function rulesText(rules: readonly Rule[], color: boolean): string {
  const c = pc.createColors(color);
  const width = Math.max(...rules.map((rule) => rule.id.length));
  const lines: string[] = [];
  let area = '';
  for (const rule of rules) {
    if (rule.area !== area) {
      area = rule.area;
      lines.push('', c.bold(area));
    }
    const fixable = rule.fixable ? c.green(' [fix]') : '';
    const refs = rule.refs.length > 0 ? c.dim(`  ${rule.refs.join(' ')}`) : '';
    lines.push(`  ${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${rule.title}${fixable}${refs}`);
  }
  lines.push('', `${rules.length} rules. create-secure-container explain RULE tells why each matters and how to fix it.`);
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
