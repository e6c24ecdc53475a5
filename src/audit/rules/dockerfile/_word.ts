// Words of RUN scripts and instruction arguments, stored compactly (see wordOf).
import type { Word } from './_shell.js';

/**
 * A Word from its characters' source offsets. When they sit side by side in the source (most words:
 * nothing unquoted or joined in them) only the first is kept and the array is made when asked:
 * a large repository's RUN scripts held 20 MB of per-character offset arrays nobody read.
 */
export function wordOf(value: string, offsets: readonly number[], start: number, end: number, quoted: boolean): Word {
  const first = offsets[0];
  if (first === undefined || offsets.length !== value.length) return { value, offsets, start, end, quoted };
  for (let k = 1; k < offsets.length; k++) if (offsets[k] !== first + k) return { value, offsets, start, end, quoted };
  return new ContiguousWord(value, first, start, end, quoted);
}

/** A Word whose characters sit side by side in the source from `first` (value not empty). */
export function contiguousWord(value: string, first: number, start: number, end: number, quoted: boolean): Word {
  return new ContiguousWord(value, first, start, end, quoted);
}

class ContiguousWord implements Word {
  constructor(
    readonly value: string,
    private readonly first: number,
    readonly start: number,
    readonly end: number,
    readonly quoted: boolean,
  ) {}

  get offsets(): readonly number[] {
    return Array.from({ length: this.value.length }, (_, k) => this.first + k);
  }
}
