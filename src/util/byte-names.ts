// File names are bytes on Linux, not text: a repository can hold `caf\xe9.yaml` (Latin-1) or any
// other byte sequence that is not UTF-8. Node's string readdir replaces such bytes with U+FFFD,
// and the mangled name then names no file (an ENOENT on open). So discovery reads names as
// bytes, opens files by their raw bytes, and shows a name as its UTF-8 text with each byte that
// is not part of a valid UTF-8 sequence written as \xHH.

/** The name for reports: valid UTF-8 decoded, every other byte as `\xHH`. Linear in the name. */
export function displayName(bytes: Uint8Array): string {
  let out = '';
  let start = 0; // start of the current run of valid UTF-8
  let i = 0;
  const flush = (end: number) => {
    if (end > start) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  };
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    flush(i);
    out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
    i++;
    start = i;
  }
  flush(i);
  return out;
}

/** Whether the bytes are valid UTF-8 (then the name is shown exactly as it is). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) return false;
    i += length;
  }
  return true;
}

/**
 * The length of the valid UTF-8 sequence starting at i, or 0 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
