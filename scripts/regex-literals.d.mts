// Types of regex-literals.mjs, for the test that imports it.
export interface RegexLiteral {
  readonly file: string;
  readonly source: string;
  readonly flags: string;
}

export function regexLiterals(root: string, srcDir?: string): { literals: RegexLiteral[]; dynamic: { file: string; line: number }[] };

export function literalKey(entry: RegexLiteral): string;

export function pumpedAttack(attack: { readonly pumps: readonly { readonly prefix: string; readonly pump: string }[]; readonly suffix: string }, size: number): string;
