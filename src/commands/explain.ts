// `create-secure-container explain RULE`: everything about one rule on one screen.
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { RULES } from '../audit/rules/index.js';
import { closeMatches } from '../audit/select.js';
import type { Rule } from '../audit/types.js';
import { EXIT, UsageError } from '../cli/errors.js';

export async function explainCommand(argv: readonly string[]): Promise<number> {
  const { positionals } = parseArgs({ args: [...argv], options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('explain takes one rule id, e.g. create-secure-container explain dockerfile/root-user');
  const rules = findRules(RULES, positionals[0]!);
  process.stdout.write(rules.map((rule) => explainText(rule, pc.isColorSupported)).join('\n'));
  return EXIT.ok;
}

/**
 * The rules a name designates: the rule with that id, or else every rule mapped to that check of
 * another tool (DL3002, hadolint:DL3002, KSV-0017). Unknown names are an error with suggestions.
 */
export function findRules(catalogue: readonly Rule[], name: string): Rule[] {
  const exact = catalogue.find((rule) => rule.id === name);
  if (exact) return [exact];
  const wanted = name.toLowerCase();
  const byRef = catalogue.filter((rule) => rule.refs.some((ref) => ref.toLowerCase() === wanted || ref.toLowerCase().endsWith(`:${wanted}`)));
  if (byRef.length > 0) return byRef;
  const hint = closeMatches(name, catalogue.map((rule) => rule.id));
  throw new UsageError(
    `unknown rule "${name}"${hint.length > 0 ? `; did you mean ${hint.join(', ')}?` : ''}\n` +
      'create-secure-container rules lists them all.',
  );
}

export function explainText(rule: Rule, color: boolean): string {
  const c = pc.createColors(color);
  const section = (heading: string, text: string) => `${c.bold(heading)}\n${wrap(text, 76, '  ')}\n`;
  return [
    `${c.bold(rule.id)}  ${rule.severity}  (${rule.area})`,
    rule.title,
    '',
    section('Why', rule.why),
    section('Detect', rule.detect),
    section('Fix', rule.fix),
    `${c.bold('Equivalent checks:')} ${rule.refs.length > 0 ? rule.refs.join(', ') : 'none'}`,
    `${c.bold('Automatic fix:')} ${rule.fixable ? 'available' : 'none'}`,
    '',
  ].join('\n');
}

/** Greedy word wrap; words longer than the width stay whole. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}
