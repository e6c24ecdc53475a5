// Colours for one run. picocolors' default functions are fixed when it loads, so a --no-color
// flag cannot switch them off afterwards: each command makes its own set from the flag.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * `false` (from --no-color) turns colours off; unset, picocolors' detection decides: a terminal,
 * FORCE_COLOR or CI turn them on, NO_COLOR and --no-color in argv turn them off.
 */
export function colors(enabled?: boolean): Colors {
  return pc.createColors(enabled ?? pc.isColorSupported);
}
