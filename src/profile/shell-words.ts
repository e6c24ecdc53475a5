// A run command as the words of an exec-form CMD. The runtime image has no shell, so a command
// such as `uvicorn app:app --host 0.0.0.0` must be split here the way a POSIX shell splits words
// (blanks, single and double quotes, backslash escapes) and anything that only a shell could do
// is refused: operators (; & | < > ( )), expansions ($ and backquotes), globs (* ? [) and ~.
// The messages name the problem, never the text (the command may come from a repository file).

export class ShellWordsError extends Error {
  override name = 'ShellWordsError';
}

const OPERATORS = new Set([';', '&', '|', '<', '>', '(', ')']);
const GLOBS = new Set(['*', '?', '[']);
const MAX_LENGTH = 1000;

/** "uvicorn app:app --host '0.0.0.0'" -> ["uvicorn", "app:app", "--host", "0.0.0.0"]. */
export function splitShellWords(text: string): string[] {
  if (text.length > MAX_LENGTH) throw new ShellWordsError(`is longer than ${MAX_LENGTH} characters`);
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(c)) throw new ShellWordsError('contains a control character');
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = (word ?? '') + c;
      continue;
    }
    if (c === '$' || c === '`') throw new ShellWordsError('uses $ or ` expansion, which needs a shell (the image has none)');
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && /["\\]/.test(text[i + 1] ?? '')) word = (word ?? '') + text[++i];
      else word = (word ?? '') + c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    if (OPERATORS.has(c)) throw new ShellWordsError(`uses the shell operator ${c}, which needs a shell (the image has none)`);
    if (GLOBS.has(c)) throw new ShellWordsError(`uses the glob character ${c}, which needs a shell (the image has none)`);
    if (c === '~' && word === undefined) throw new ShellWordsError('starts a word with ~, which needs a shell (the image has none)');
    if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
      continue;
    }
    if (c === '\\') {
      const next = text[++i];
      if (next === undefined) throw new ShellWordsError('ends with a lone backslash');
      if (next !== '\n') word = (word ?? '') + next;
      continue;
    }
    word = (word ?? '') + c;
  }
  if (quote) throw new ShellWordsError(`has an unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (word !== undefined) words.push(word);
  return words;
}
