// Fix builders of the Falco rules. A misspelt priority is corrected in place (YamlEditor keeps the
// rest of the item); an undefined macro is defined, right above the first item that uses it, as a
// condition that never holds (Falco's own never_true is `evt.num=0`), the way upstream starts its
// user_known_* macros: the file loads again, and the caveat says what the empty macro means for
// the rule that uses it.
import type { Fix } from '../types.js';
import { lineIndexOf } from '../parse.js';
import type { FalcoItem } from '../rules/falco/_support.js';
import { yamlFix } from './workflow.js';

export function priorityFix(item: FalcoItem, replacement: string): Fix | undefined {
  return yamlFix(item.document, `set the priority of "${item.name}" to ${replacement}`, (editor) => editor.set([item.index, 'priority'], replacement));
}

/** A macro Falco can load, defined just above `user` (the item whose condition names it). */
export function defineMacroFix(user: FalcoItem, name: string, negated: boolean): Fix | undefined {
  const file = user.document.file;
  const at = user.locate();
  const lineStart = lineIndexOf(file).lineStart(at.line);
  if (lineStart === undefined || !/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/.test(name)) return undefined;
  // The item's line starts with its `- ` marker: the new item gets the same indentation.
  const lineEnd = file.text.indexOf('\n', lineStart);
  const line = file.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const dash = /^( *)- /.exec(line);
  if (!dash) return undefined;
  const indent = dash[1]!;
  const inner = `${indent}  `;
  const text =
    `${indent}# Defined by create-secure-container audit --fix so the file loads; write the condition ${name} stands for.\n` +
    `${indent}- macro: ${name}\n${inner}condition: (evt.num=0)\n\n`;
  const effect = negated
    ? `"${user.name}" keeps no exception from it: it fires wherever ${name} was meant to let events through, until the macro has its real condition`
    : `"${user.name}" can never match while the macro never holds: the rule stays silent until ${name} has its real condition`;
  return {
    description: `define macro ${name} (never true) above "${user.name}"`,
    edits: [{ file: file.path, start: lineStart, end: lineStart, text }],
    caveat: `${name} is defined as never true, so ${effect}.`,
  };
}
