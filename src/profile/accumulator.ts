// Per-source-file block accumulator used while parsing: packed growable
// arrays, kept sorted and duplicate-free incrementally so that memory is
// bounded by the number of *distinct* blocks, even for a multi-package
// `go test -coverpkg` output that repeats every block once per package.
//
// Blocks arrive mostly in order. A block past the last one is appended; an
// earlier one is looked up (first at a hint, the slot after the previous
// match, then by binary search) in the sorted prefix and combined in place;
// one not found goes to an unsorted tail that is compacted when it grows.

import { ProfileError, quoteText } from './errors.js';
import { comparePosTo, MAX_COUNT, type FileCoverage, type Mode } from './model.js';
import { combineCounts } from './counts.js';


/** Bytes per block of the four arrays: pos (4 x u32), stmts (u32), lines (u32), counts (f64). */
const BLOCK_BYTES = 32;

/** Working arrays are carved out of shared slabs of this size (smaller requests only). */
const SLAB_BYTES = 4 << 20;
let slab = new ArrayBuffer(0);
let slabUsed = 0;

/**
 * The four block arrays of capacity `cap`, as views of one region: a
 * Kubernetes profile has thousands of files, and allocating an ArrayBuffer
 * per file and per growth (let alone four) is a measurable part of parsing
 * it. Small regions come from a shared slab, which is freed once no
 * accumulator uses it (accumulators live for one parse).
 */
function blockArrays(cap: number): { pos: Uint32Array; stmts: Uint32Array; lines: Uint32Array; counts: Float64Array } {
  const bytes = cap * BLOCK_BYTES;
  let buf: ArrayBuffer;
  let at = 0;
  if (bytes > SLAB_BYTES / 8) {
    buf = new ArrayBuffer(bytes);
  } else {
    if (slabUsed + bytes > slab.byteLength) {
      slab = new ArrayBuffer(SLAB_BYTES);
      slabUsed = 0;
    }
    buf = slab;
    at = slabUsed;
    slabUsed += bytes; // a multiple of 32: every region stays 8-byte aligned
  }
  return {
    pos: new Uint32Array(buf, at, 4 * cap),
    stmts: new Uint32Array(buf, at + 16 * cap, cap),
    lines: new Uint32Array(buf, at + 20 * cap, cap),
    counts: new Float64Array(buf, at + 24 * cap, cap),
  };
}

/** Slab of finished files' arrays: they live as long as their Profile, so the slab is never reused. */
let resultSlab = new ArrayBuffer(0);
let resultUsed = 0;

/** An 8-byte aligned region of `bytes` bytes for a finished file's arrays. */
function resultRegion(bytes: number): { buf: ArrayBuffer; at: number } {
  if (bytes > SLAB_BYTES / 64) return { buf: new ArrayBuffer(bytes), at: 0 };
  const size = (bytes + 7) & ~7;
  if (resultUsed + size > resultSlab.byteLength) {
    resultSlab = new ArrayBuffer(SLAB_BYTES);
    resultUsed = 0;
  }
  const at = resultUsed;
  resultUsed += size;
  return { buf: resultSlab, at };
}

export class FileAccumulator {
  readonly name: string;
  private pos: Uint32Array;
  private stmts: Uint32Array;
  private counts: Float64Array;
  /** 1-based input line of each block, for error messages about duplicates. */
  private lines: Uint32Array;
  private len = 0;
  /** Blocks [0, sortedLen) are sorted and unique. */
  private sortedLen = 0;
  private hint = 0;

  /** Starts small (a profile may name a million files of one block each) and doubles. */
  constructor(name: string, cap = 4) {
    this.name = name;
    ({ pos: this.pos, stmts: this.stmts, lines: this.lines, counts: this.counts } = blockArrays(cap));
  }

  /**
   * An accumulator holding `n` sorted, unique blocks already seen (as if they
   * had been added in order): used when a fast path hands a file over to the
   * general one. `lines` are the input lines of their first occurrences.
   */
  static fromSorted(name: string, pos: Uint32Array, stmts: Uint32Array, counts: Float64Array, lines: Uint32Array, n: number): FileAccumulator {
    const acc = new FileAccumulator(name, Math.max(64, n * 2));
    acc.pos.set(pos.subarray(0, 4 * n));
    acc.stmts.set(stmts.subarray(0, n));
    acc.counts.set(counts.subarray(0, n));
    acc.lines.set(lines.subarray(0, n));
    acc.len = n;
    acc.sortedLen = n;
    return acc;
  }

  /** Add one block. `line` is only used for error messages. */
  add(
    mode: Mode,
    sl: number,
    sc: number,
    el: number,
    ec: number,
    numStmt: number,
    count: number,
    input: string,
    line: number,
  ): void {
    if (this.len === this.sortedLen) {
      if (this.len === 0 || this.cmpAt(this.len - 1, sl, sc, el, ec) < 0) {
        this.append(sl, sc, el, ec, numStmt, count, line);
        this.sortedLen = this.len;
        return;
      }
    }
    const k = this.find(sl, sc, el, ec);
    if (k >= 0) {
      this.combineAt(k, mode, numStmt, count, input, line);
      this.hint = k + 1;
      return;
    }
    this.append(sl, sc, el, ec, numStmt, count, line);
    if (this.len - this.sortedLen > Math.max(1024, this.sortedLen)) this.compact(mode, input);
  }

  /** True while the blocks are sorted and unique as they stand (no compaction pending). */
  get isSorted(): boolean {
    return this.len === this.sortedLen;
  }

  /** Views of the blocks as they stand (valid until the next add), with their first input lines. */
  blocks(): { pos: Uint32Array; stmts: Uint32Array; counts: Float64Array; lines: Uint32Array } {
    const n = this.len;
    return { pos: this.pos.subarray(0, 4 * n), stmts: this.stmts.subarray(0, n), counts: this.counts.subarray(0, n), lines: this.lines.subarray(0, n) };
  }

  /** The canonical packed blocks (sorted, duplicates combined). */
  finish(mode: Mode, input: string): FileCoverage {
    this.compact(mode, input);
    const n = this.len;
    // The three result arrays as views of one exact-size region, too (counts first: 8-byte aligned);
    // a small one from a shared slab (no ArrayBuffer per file).
    const { buf, at } = resultRegion(28 * n);
    const counts = new Float64Array(buf, at, n);
    const pos = new Uint32Array(buf, at + 8 * n, 4 * n);
    const stmts = new Uint32Array(buf, at + 24 * n, n);
    counts.set(this.counts.subarray(0, n));
    pos.set(this.pos.subarray(0, 4 * n));
    stmts.set(this.stmts.subarray(0, n));
    return { name: this.name, pos, stmts, counts };
  }

  private cmpAt(k: number, sl: number, sc: number, el: number, ec: number): number {
    return comparePosTo(this.pos, k, sl, sc, el, ec);
  }

  private find(sl: number, sc: number, el: number, ec: number): number {
    const h = this.hint;
    if (h < this.sortedLen && this.cmpAt(h, sl, sc, el, ec) === 0) return h;
    let lo = 0;
    let hi = this.sortedLen - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.cmpAt(mid, sl, sc, el, ec);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private combineAt(k: number, mode: Mode, numStmt: number, count: number, input: string, line: number): void {
    if (this.stmts[k] !== numStmt) {
      const p = 4 * k;
      const where = `${this.name}:${this.pos[p]}.${this.pos[p + 1]},${this.pos[p + 2]}.${this.pos[p + 3]}`;
      throw new ProfileError(
        'INCONSISTENT_NUMSTMT',
        `inconsistent NumStmt for block ${quoteText(where, Infinity)}: ${this.stmts[k]} (line ${this.lines[k]}) then ${numStmt}`,
        { input, line, text: where },
      );
    }
    const sum = combineCounts(mode, this.counts[k], count);
    if (sum > MAX_COUNT) {
      const p = 4 * k;
      const where = `${this.name}:${this.pos[p]}.${this.pos[p + 1]},${this.pos[p + 2]}.${this.pos[p + 3]}`;
      throw new ProfileError('COUNT_OVERFLOW', `count of block ${quoteText(where, Infinity)} exceeds 2^53-1 when duplicates are combined`, {
        input,
        line,
        text: where,
      });
    }
    this.counts[k] = sum;
  }

  private append(sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    if (this.len === this.stmts.length) this.grow();
    const k = this.len++;
    const p = 4 * k;
    this.pos[p] = sl;
    this.pos[p + 1] = sc;
    this.pos[p + 2] = el;
    this.pos[p + 3] = ec;
    this.stmts[k] = numStmt;
    this.counts[k] = count;
    this.lines[k] = line;
  }

  private grow(): void {
    const next = blockArrays(this.stmts.length * 2);
    next.pos.set(this.pos);
    next.stmts.set(this.stmts);
    next.counts.set(this.counts);
    next.lines.set(this.lines);
    ({ pos: this.pos, stmts: this.stmts, lines: this.lines, counts: this.counts } = next);
  }

  /** Sort everything and combine duplicates (first occurrence by input line wins the NumStmt check). */
  private compact(mode: Mode, input: string): void {
    if (this.sortedLen === this.len) return;
    const n = this.len;
    const { pos, stmts, counts, lines } = this;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((i, j) => {
      const p = 4 * i;
      const q = 4 * j;
      return pos[p] - pos[q] || pos[p + 1] - pos[q + 1] || pos[p + 2] - pos[q + 2] || pos[p + 3] - pos[q + 3] || lines[i] - lines[j];
    });
    const { pos: np, stmts: ns, counts: nc, lines: nl } = blockArrays(stmts.length);
    let m = 0;
    for (const i of order) {
      const p = 4 * i;
      if (m > 0) {
        const q = 4 * (m - 1);
        if (np[q] === pos[p] && np[q + 1] === pos[p + 1] && np[q + 2] === pos[p + 2] && np[q + 3] === pos[p + 3]) {
          this.pos = np;
          this.stmts = ns;
          this.counts = nc;
          this.lines = nl;
          this.combineAt(m - 1, mode, stmts[i], counts[i], input, lines[i]);
          continue;
        }
      }
      np[4 * m] = pos[p];
      np[4 * m + 1] = pos[p + 1];
      np[4 * m + 2] = pos[p + 2];
      np[4 * m + 3] = pos[p + 3];
      ns[m] = stmts[i];
      nc[m] = counts[i];
      nl[m] = lines[i];
      m++;
    }
    this.pos = np;
    this.stmts = ns;
    this.counts = nc;
    this.lines = nl;
    this.len = m;
    this.sortedLen = m;
    this.hint = 0;
  }
}
