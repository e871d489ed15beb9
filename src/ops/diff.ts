// diff: what ran between two snapshots of one execution. Per block
// `after - before`; both inputs must have the same mode, the same source files
// and the same blocks. A count that went down means the two files are not
// from one execution: an error naming the first such block and how many there
// are, unless `clamp` (then those blocks count 0). In set mode the result is 1
// exactly where after = 1 and before = 0. A canonical AFTER text can instead
// be diffed as text (diffCanonicalText): its lines copied with new counts.

import { copyCanonicalLines } from '../profile/canonical.js';
import { ProfileError, quoteText } from '../profile/errors.js';
import { blockPosition, comparePosTo, compareUtf8, type FileCoverage, type Profile } from '../profile/model.js';
import { checkSameMode, firstDifference, incoherentError } from './coherence.js';

/** Options of `diffProfiles`. */
export interface DiffOptions {
  /** Count decreased blocks as 0 instead of failing. */
  clamp?: boolean;
  /** Names of the inputs for messages (default `before`, `after`). */
  before?: string;
  after?: string;
  /** Receives one summary line when `clamp` zeroed decreased blocks. */
  warn?: (message: string) => void;
}

/** `after - before` per block (pure: inputs are not modified). */
export function diffProfiles(before: Profile, after: Profile, options: DiffOptions = {}): Profile {
  const bName = options.before ?? 'before';
  const aName = options.after ?? 'after';
  checkSameMode(bName, before.mode, aName, after.mode);
  checkSameFiles(before, bName, after, aName);
  const set = before.mode === 'set';
  let decreased = 0;
  let first = '';
  const files: FileCoverage[] = before.files.map((b, k) => {
    const a = after.files[k];
    const d = firstDifference(b, a);
    if (d >= 0) throw incoherentError(bName, b, aName, a, d);
    const counts = new Float64Array(b.counts.length);
    for (let i = 0; i < counts.length; i++) {
      const x = b.counts[i];
      const y = a.counts[i];
      if (y < x) {
        if (decreased++ === 0) first = decrease(b, i, x, y);
        continue; // stays 0
      }
      counts[i] = blockDiff(set, x, y);
    }
    return { name: b.name, pos: b.pos, stmts: b.stmts, counts };
  });
  if (decreased > 0) {
    if (!options.clamp) {
      throw new ProfileError(
        'COUNT_DECREASED',
        `count decreased from ${bName} to ${aName} for ${decreased} block${decreased === 1 ? '' : 's'} (not from one execution?); first: ${first}; --clamp counts such blocks as 0`,
      );
    }
    options.warn?.(clampWarning(bName, aName, decreased, first));
  }
  return { mode: before.mode, files };
}

/** How the first decreased block is named in the error and the warning. */
function decrease(b: FileCoverage, i: number, x: number, y: number): string {
  return `${quoteText(`${b.name}:${blockPosition(b, i)}`, Infinity)} went from ${x} to ${y}`;
}

/** The warning of a clamped diff: how many blocks went down, and the first. */
function clampWarning(bName: string, aName: string, decreased: number, first: string): string {
  return `count decreased from ${bName} to ${aName} for ${decreased} block${decreased === 1 ? '' : 's'}, counted as 0 (--clamp); first: ${first}`;
}

/** One block's `after - before` (y >= x): in set mode 1 exactly where after is 1 and before 0. */
function blockDiff(set: boolean, x: number, y: number): number {
  return set ? (y > 0 && x === 0 ? 1 : 0) : y - x;
}

/**
 * The diff written as text by copying AFTER's lines with new counts, when
 * AFTER is a canonical text profile (src/profile/canonical.ts) with exactly
 * the mode, files and blocks of `before` and no count that went down (with
 * `clamp`: such counts are written 0, and `warn` gets diffProfiles' warning
 * once AFTER is read): the output bytes go to `emit`, and are those of
 * writing `diffProfiles` of the two. False when that is not so (discard what
 * `emit` got; the general path then gives the result or the error).
 */
export async function diffCanonicalText(
  before: Profile,
  after: AsyncIterable<Uint8Array>,
  input: string,
  emit: (bytes: Uint8Array) => void | Promise<void>,
  options: DiffOptions = {},
): Promise<boolean> {
  const files = before.files;
  const set = before.mode === 'set';
  let j = -1;
  let f: FileCoverage | null = null;
  let k = 0;
  let decreased = 0;
  let first = '';
  const complete = (): boolean => f === null || k === f.stmts.length;
  const copied = await copyCanonicalLines(after, input, {
    mode: (mode) => mode === before.mode,
    file: (name) => {
      if (!complete() || j + 1 >= files.length || files[j + 1].name !== name) return null;
      f = files[++j];
      k = 0;
      return true;
    },
    count: (sl, sc, el, ec, numStmt, count) => {
      const b = f!;
      if (k >= b.stmts.length || comparePosTo(b.pos, k, sl, sc, el, ec) !== 0 || b.stmts[k] !== numStmt) return -1;
      const x = b.counts[k++];
      if (count >= x) return blockDiff(set, x, count);
      if (!options.clamp) return -1; // the general path gives the error
      if (decreased++ === 0) first = decrease(b, k - 1, x, count);
      return 0;
    },
    end: () => complete() && j === files.length - 1,
  }, emit);
  if (copied === null) return false;
  if (decreased > 0) options.warn?.(clampWarning(options.before ?? 'before', options.after ?? 'after', decreased, first));
  return true;
}

/** Fail unless both profiles cover exactly the same source files. */
function checkSameFiles(before: Profile, bName: string, after: Profile, aName: string): void {
  const b = before.files;
  const a = after.files;
  let i = 0;
  let j = 0;
  let onlyBefore = 0;
  let onlyAfter = 0;
  let first = '';
  while (i < b.length || j < a.length) {
    const c = i === b.length ? 1 : j === a.length ? -1 : compareUtf8(b[i].name, a[j].name);
    if (c === 0) {
      i++;
      j++;
    } else if (c < 0) {
      if (onlyBefore + onlyAfter === 0) first = `${b[i].name} is in ${bName} but not in ${aName}`;
      onlyBefore++;
      i++;
    } else {
      if (onlyBefore + onlyAfter === 0) first = `${a[j].name} is in ${aName} but not in ${bName}`;
      onlyAfter++;
      j++;
    }
  }
  if (onlyBefore + onlyAfter > 0) {
    throw new ProfileError(
      'FILES_DIFFER',
      `${bName} and ${aName} cover different source files (${onlyBefore} only in ${bName}, ${onlyAfter} only in ${aName}); first: ${first}`,
    );
  }
}
