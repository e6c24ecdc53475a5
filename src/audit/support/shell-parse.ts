// unbash's parse with one bound on repository text: the number of here-documents.
//
// unbash 6.0.5 keeps the here-documents a line opens in a list and, for each new one, scans that
// list from the start for the first without a target: k here-documents before one line break cost
// k²/2 steps. One RUN of 200,000 `<<A` (under 1 MiB) kept the audit busy for minutes (issue 9).
// bash itself refuses more than 16 pending here-documents ("maximum here-document count exceeded",
// a syntax error: nothing runs); dash has no limit. A script with more than MAX_HEREDOCS `<<` is
// read with the first MAX_HEREDOCS as here-documents and the operators after them blanked: the
// same length, so every offset still points at the source, and the rest of the script is still
// read as commands. No script a shell would run comes near the bound.
import { parse, type Script } from 'unbash';

/** Here-document operators read as such per script; bash allows 16 pending at a time. */
export const MAX_HEREDOCS = 1000;

export function parseShell(script: string): Script {
  return parse(boundHereDocuments(script));
}

/** The script with every `<<` (not `<<<`) after the first MAX_HEREDOCS replaced by two spaces. */
export function boundHereDocuments(script: string): string {
  let parts: string[] | undefined;
  let copied = 0;
  let count = 0;
  for (let at = script.indexOf('<<'); at >= 0; ) {
    let end = at + 2;
    if (script.charCodeAt(end) === LESS_THAN) {
      // `<<<` is a here-string: skip the whole run of `<`.
      while (script.charCodeAt(end) === LESS_THAN) end++;
    } else if (++count > MAX_HEREDOCS) {
      (parts ??= []).push(script.slice(copied, at), '  ');
      copied = end;
    }
    at = script.indexOf('<<', end);
  }
  if (!parts) return script;
  parts.push(script.slice(copied));
  return parts.join('');
}

const LESS_THAN = 60;
