// Loading one classified input as per-file totals only (what junit and table
// need), equal to `profileFileTotals(await loadProfile(input))` in result and
// in every error, but without building the Profile when it can. A regular
// text file (plain or gzip) is scanned by src/summary/totalsScan.ts; if it is
// not in canonical form the scan stops and the file is loaded again the
// general way, from its start (so its result and its first error are exactly
// the general path's). Stdin, a pipe or a device cannot be read twice, and a
// GOCOVERDIR is decoded as a whole: those take the general path at once.

import { explaining, readSource } from '../ops/fold.js';
import { scanFileTotals } from '../summary/totalsScan.js';
import { profileFileTotals, type FileTotals } from '../summary/tree.js';
import type { Input } from './classify.js';
import { inputSource } from './load.js';

/** The per-file totals of one input, sorted by name as a Profile's files are. */
export async function loadFileTotals(input: Input): Promise<FileTotals[]> {
  const source = inputSource(input);
  if (input.kind === 'file' && input.size !== null && 'chunks' in source) {
    const totals = await explaining(source, () => scanFileTotals(source.chunks(), source.input));
    if (totals !== null) return totals;
  }
  return profileFileTotals(await readSource(source, null));
}
