// Text from outside (file contents, paths, flag values) on its way to a terminal. A control
// character can move the cursor, recolour or retitle the terminal, or hide the rest of a line
// (ESC, CSI, CR, bidirectional overrides), so each is escaped; and a value that is long,
// multi-line or looks like key material is described instead of printed, so an error message
// never carries a secret or a whole file.

// C0 controls except tab and newline (our own messages span lines), DEL, C1 controls, and the
// Unicode line separators and bidirectional controls that reorder what is shown.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Every control character as a visible escape: ESC -> \x1b, U+202E -> \u202e. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A path or name inside a message: every control character escaped, newlines and tabs too. */
export function printablePath(text: string): string {
  return escapeControl(text).replace(/[\n\t]/g, (char) => (char === '\n' ? '\\n' : '\\t'));
}

/** Values longer than this are described by their size instead of shown. */
const MAX_SHOWN = 80;

/** PEM blocks, and long runs of hex or of base64 such as tokens and raw keys. */
function looksLikeKeyMaterial(value: string): boolean {
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(value) || /^[0-9a-fA-F]{32,}$/.test(value)) return true;
  // A random base64 run this long has digits and both cases; a name such as
  // dockersamples/example-voting-app (long, but words) does not.
  return /^[A-Za-z0-9+/_-]{32,}={0,2}$/.test(value) && /[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/**
 * A value for an error message: short single-line values as JSON (control characters escaped),
 * anything else described, e.g. "a 3,120-character multi-line value".
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const size = `${value.length.toLocaleString('en-US')}-character`;
    if (looksLikeKeyMaterial(value)) return `a ${size} value that looks like key material`;
    if (/[\r\n]/.test(value)) return `a ${size} multi-line value`;
    if (value.length > MAX_SHOWN) return `a ${size} value`;
    return escapeControl(JSON.stringify(value));
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  const text = safeJson(value);
  if (text !== undefined && text.length <= MAX_SHOWN && !looksLikeKeyMaterial(text)) return escapeControl(text);
  if (Array.isArray(value)) return `a list of ${value.length.toLocaleString('en-US')} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const count = Object.keys(value).length;
    return `a mapping of ${count.toLocaleString('en-US')} key${count === 1 ? '' : 's'}`;
  }
  return `a ${typeof value} value`;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // cycles, BigInt
  }
}
