// The one rule for combining two counts of the same block, shared by the
// parser's accumulator, the merger and the GOCOVERDIR reader: mode and two
// counts in, the combined count out.

import type { Mode } from './model.js';

/** Combine two counts of the same block: OR in set mode, sum otherwise. */
export function combineCounts(mode: Mode, a: number, b: number): number {
  if (mode === 'set') return a > 0 || b > 0 ? 1 : 0;
  return a + b;
}
