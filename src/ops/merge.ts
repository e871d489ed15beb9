// merge: one profile from many. Per block, count/atomic counts are summed and
// set counts OR-ed. Inputs are folded one at a time into an accumulator, so
// memory is bounded by the distinct blocks, not by the number of inputs.

import { combineCounts } from '../profile/counts.js';
import { ProfileError, quoteText } from '../profile/errors.js';
import { blockPosition, compareUtf8, comparePos, MAX_COUNT, totalBlocks, type FileCoverage, type Mode, type Profile } from '../profile/model.js';
import { checkSameMode, firstDifference, incoherentError } from './coherence.js';
import type { Folder } from './fold.js';

/** What to do when two inputs disagree on a file's blocks. */
export type OnMismatch = 'error' | 'union';

/** Options of a merge (`Merger`, `mergeProfiles`). */
export interface MergeOptions {
  /** `error` (default) fails; `union` keeps the union of distinct blocks and warns once per file. */
  onMismatch?: OnMismatch;
  /** Receives one warning per file merged by union. */
  warn?: (message: string) => void;
  /**
   * Count, per block, the inputs that hit it (count > 0) instead of combining
   * counts: `aggregate`. The result's mode is the inputs', or `count` for `set`.
   */
  hits?: boolean;
}

/** Folds profiles one at a time into a merged profile. */
export class Merger implements Folder {
  private mode: Mode | null = null;
  private firstInput = '';
  private files: FileCoverage[] = [];
  /** Input that first contributed each file (parallel to `files`), for error messages. */
  private origins: string[] = [];
  private readonly warned = new Set<string>();
  private readonly options: MergeOptions;
  /** `add` copies or sums input counts, never keeps them (see Folder). */
  readonly consumesCounts = true;
  private readonly hits: boolean;

  constructor(options: MergeOptions = {}) {
    this.options = options;
    this.hits = options.hits === true;
  }

  /** The inputs' mode (null before the first input); the result's differs for `hits` of `set` inputs. */
  get inputMode(): Mode | null {
    return this.mode;
  }

  /** Fold one input in. `input` names it in error messages. */
  add(profile: Profile, input: string): void {
    if (this.mode === null) {
      this.mode = profile.mode;
      this.firstInput = input;
      // Own copies of the counts, later updated in place: views of one array (a
      // profile of a million small files would otherwise cost an array per file).
      const all = new Float64Array(totalBlocks(profile));
      let at = 0;
      this.files = profile.files.map((f) => {
        const counts = this.own(profile.mode, f.counts, all.subarray(at, (at += f.counts.length)));
        return { name: f.name, pos: f.pos, stmts: f.stmts, counts };
      });
      this.origins = profile.files.map(() => input);
      return;
    }
    checkSameMode(this.firstInput, this.mode, input, profile.mode);
    const mode = this.mode;
    const a = this.files;
    const b = profile.files;
    const files: FileCoverage[] = [];
    const origins: string[] = [];
    let i = 0;
    let j = 0;
    let changed = false;
    while (i < a.length || j < b.length) {
      const c = i === a.length ? 1 : j === b.length ? -1 : a[i].name === b[j].name ? 0 : compareUtf8(a[i].name, b[j].name);
      if (c < 0) {
        files.push(a[i]);
        origins.push(this.origins[i++]);
      } else if (c > 0) {
        files.push({ ...b[j], counts: this.own(mode, b[j].counts) });
        origins.push(input);
        j++;
        changed = true;
      } else {
        const f = this.combineFile(mode, a[i], this.origins[i], b[j], input);
        if (f !== a[i]) changed = true;
        files.push(f);
        origins.push(this.origins[i]);
        i++;
        j++;
      }
    }
    // Same files as before (the usual case): keep the list, so the template
    // the next input is guided by stays the same object (its guide is cached).
    if (!changed) return;
    this.files = files;
    this.origins = origins;
  }

  /** The fold so far (guides the parse of the next input), or null before the first input. */
  template(): Profile | null {
    return this.mode === null ? null : { mode: this.mode, files: this.files };
  }

  /** The merged profile (a valid empty profile if nothing was added: `set`, or `count` for hits). */
  result(): Profile {
    const mode = this.mode ?? (this.hits ? 'count' : 'set');
    return { mode: this.hits && mode === 'set' ? 'count' : mode, files: this.files };
  }

  /** A copy of an input's counts that the fold may update (in `into` if given). */
  private own(mode: Mode, counts: Float64Array, into = new Float64Array(counts.length)): Float64Array {
    if (!this.hits) return ownCounts(mode, counts, into);
    for (let k = 0; k < into.length; k++) into[k] = counts[k] > 0 ? 1 : 0;
    return into;
  }

  private combineFile(mode: Mode, acc: FileCoverage, accInput: string, f: FileCoverage, input: string): FileCoverage {
    // Inputs parsed against this fold's template share its block arrays.
    const d = acc.pos === f.pos && acc.stmts === f.stmts ? -1 : firstDifference(acc, f);
    if (d < 0) {
      const counts = acc.counts;
      if (this.hits) {
        // At most the number of inputs: no overflow.
        for (let k = 0; k < counts.length; k++) if (f.counts[k] > 0) counts[k]++;
        return acc;
      }
      for (let k = 0; k < counts.length; k++) {
        const v = combineCounts(mode, counts[k], f.counts[k]);
        if (v > MAX_COUNT) throw overflow(acc, k, input);
        counts[k] = v;
      }
      return acc;
    }
    if (this.options.onMismatch !== 'union') throw incoherentError(accInput, acc, input, f, d);
    if (!this.warned.has(acc.name)) {
      this.warned.add(acc.name);
      this.options.warn?.(`${accInput} and ${input} have different blocks for ${acc.name}: keeping the union of their blocks`);
    }
    return unionFile(mode, acc, f, input, this.hits);
  }
}

/**
 * A copy of an input's counts that the fold may update. In set mode counts
 * become 0/1 (an input may hold larger "set" counts, e.g. from gopherage,
 * which sums them), so a merged block reads the same whether one input or
 * several had it.
 */
function ownCounts(mode: Mode, counts: Float64Array, own: Float64Array): Float64Array {
  own.set(counts);
  if (mode === 'set') for (let k = 0; k < own.length; k++) if (own[k] > 1) own[k] = 1;
  return own;
}

function overflow(f: FileCoverage, k: number, input: string): ProfileError {
  const where = `${f.name}:${blockPosition(f, k)}`;
  return new ProfileError('COUNT_OVERFLOW', `merged count of block ${quoteText(where, Infinity)} exceeds 2^53-1`, { input, text: where });
}

/** Union of two sorted block lists; identical blocks combine (and must agree on NumStmt). `a` holds hit counts when `hits`. */
function unionFile(mode: Mode, a: FileCoverage, b: FileCoverage, input: string, hits: boolean): FileCoverage {
  const cap = a.stmts.length + b.stmts.length;
  const pos = new Uint32Array(cap * 4);
  const stmts = new Uint32Array(cap);
  const counts = new Float64Array(cap);
  let n = 0;
  let i = 0;
  let j = 0;
  const put = (f: FileCoverage, k: number, count: number): void => {
    pos.set(f.pos.subarray(4 * k, 4 * k + 4), 4 * n);
    stmts[n] = f.stmts[k];
    counts[n++] = count;
  };
  while (i < a.stmts.length || j < b.stmts.length) {
    const c = i === a.stmts.length ? 1 : j === b.stmts.length ? -1 : comparePos(a.pos, i, b.pos, j);
    if (c < 0) put(a, i, a.counts[i++]);
    else if (c > 0) put(b, j, mode === 'set' || hits ? (b.counts[j++] > 0 ? 1 : 0) : b.counts[j++]);
    else {
      if (a.stmts[i] !== b.stmts[j]) {
        throw new ProfileError('INCONSISTENT_NUMSTMT', `inconsistent NumStmt for a block of ${a.name}: ${a.stmts[i]} vs ${b.stmts[j]}`, { input });
      }
      const v = hits ? a.counts[i] + (b.counts[j] > 0 ? 1 : 0) : combineCounts(mode, a.counts[i], b.counts[j]);
      if (v > MAX_COUNT) throw overflow(a, i, input);
      put(a, i++, v);
      j++;
    }
  }
  return { name: a.name, pos: pos.slice(0, 4 * n), stmts: stmts.slice(0, n), counts: counts.slice(0, n) };
}

/** Merge in-memory profiles (pure: inputs are not modified). `inputs` names them in errors. */
export function mergeProfiles(profiles: readonly Profile[], options: MergeOptions & { inputs?: readonly string[] } = {}): Profile {
  const m = new Merger(options);
  profiles.forEach((p, k) => m.add(p, options.inputs?.[k] ?? `input #${k + 1}`));
  return m.result();
}
