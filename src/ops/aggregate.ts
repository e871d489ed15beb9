// aggregate: per block, how many inputs hit it (count > 0). Inputs are folded
// one at a time (memory bounded by the distinct blocks, not the inputs), with
// merge's coherence rules: same mode everywhere, and a source file present in
// several inputs must have the same blocks in each. The output mode is the
// inputs' mode, or `count` when they are `set` (a set profile holds only 0/1).

import type { Profile } from '../profile/model.js';
import { Merger, type MergeOptions } from './merge.js';

/** Folds profiles one at a time into "number of inputs that hit each block": a Merger counting hits. */
export class Aggregator extends Merger {
  constructor(options: Omit<MergeOptions, 'hits'> = {}) {
    super({ ...options, hits: true });
  }
}

/** Aggregate in-memory profiles (pure). `inputs` names them in errors. */
export function aggregateProfiles(profiles: readonly Profile[], options: Omit<MergeOptions, 'hits'> & { inputs?: readonly string[] } = {}): Profile {
  const a = new Aggregator(options);
  profiles.forEach((p, k) => a.add(p, options.inputs?.[k] ?? `input #${k + 1}`));
  return a.result();
}
