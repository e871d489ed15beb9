// aggregate: per block, how many inputs hit it (count > 0). Inputs are folded
// one at a time (memory bounded by the distinct blocks, not the inputs), with
// merge's coherence rules: same mode everywhere, and a source file present in
// several inputs must have the same blocks in each. The output mode is the
// inputs' mode, or `count` when they are `set` (a set profile holds only 0/1).

import type { FileCoverage, Mode, Profile } from '../profile/model.js';
import { checkSameMode } from './coherence.js';
import { Merger, type MergeOptions } from './merge.js';

/** Folds profiles one at a time into "number of inputs that hit each block". */
export class Aggregator {
  private readonly merger: Merger;
  private mode: Mode | null = null;
  private firstInput = '';

  constructor(options: MergeOptions = {}) {
    this.merger = new Merger(options);
  }

  /** Fold one input in. `input` names it in error messages. */
  add(profile: Profile, input: string): void {
    if (this.mode === null) {
      this.mode = profile.mode;
      this.firstInput = input;
    } else {
      checkSameMode(this.firstInput, this.mode, input, profile.mode);
    }
    // Hits as 0/1 in the output mode; the merger sums them (and checks coherence).
    const mode: Mode = profile.mode === 'set' ? 'count' : profile.mode;
    this.merger.add({ mode, files: profile.files.map(hits) }, input);
  }

  /** The aggregated profile (a valid empty `count` profile if nothing was added). */
  result(): Profile {
    const r = this.merger.result();
    return this.mode === null ? { mode: 'count', files: [] } : r;
  }
}

function hits(f: FileCoverage): FileCoverage {
  const counts = new Float64Array(f.counts.length);
  for (let i = 0; i < counts.length; i++) counts[i] = f.counts[i] > 0 ? 1 : 0;
  return { name: f.name, pos: f.pos, stmts: f.stmts, counts };
}

/** Aggregate in-memory profiles (pure). `inputs` names them in errors. */
export function aggregateProfiles(profiles: readonly Profile[], options: MergeOptions & { inputs?: readonly string[] } = {}): Profile {
  const a = new Aggregator(options);
  profiles.forEach((p, k) => a.add(p, options.inputs?.[k] ?? `input #${k + 1}`));
  return a.result();
}
