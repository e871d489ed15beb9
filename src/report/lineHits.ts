// Per-line hit counts of a file, what the line-based reports (LCOV,
// Cobertura) write: a file's blocks in, its lines ascending with their hit
// counts out. Go blocks are ranges of lines; a line's hit count is the max
// over the blocks that cover it (a line shared by two blocks, e.g.
// `} else {`, counts as run if either ran). A LineExpander reuses its arrays
// from file to file, so a report of millions of lines allocates no per-file
// or per-line objects.

import { ProfileError } from '../profile/errors.js';
import { blockPosition, type FileCoverage } from '../profile/model.js';

/**
 * Most lines one block may span: 2^20. The Go compiler numbers at most
 * 2^20 - 2 lines of a file (cmd/internal/src: lineBits = 20), so a longer
 * block cannot come from `go build -cover`: it is an input error, not a
 * report of millions of lines.
 */
export const MAX_BLOCK_LINES = 1 << 20;

/** Per-line hit counts of one file: parallel arrays, lines ascending. */
export interface LineHits {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
}

/**
 * Expands files to per-line hit counts in arrays it reuses: what `expand`
 * returns is valid until its next call. Time and memory go with the blocks
 * and the lines written, never with a span of lines none of which is
 * written. `input` names the profile in errors.
 */
export class LineExpander {
  private lines = new Uint32Array(1024);
  private hits = new Float64Array(1024);

  constructor(private readonly input?: string) {}

  /** The line hits of `file` (views of the reused arrays). */
  expand(file: FileCoverage): LineHits {
    const { pos, counts } = file;
    const n = counts.length;
    for (let i = 0; i < n; i++) {
      const span = Math.max(pos[4 * i + 2], pos[4 * i]) - pos[4 * i] + 1;
      if (span > MAX_BLOCK_LINES) {
        throw new ProfileError(
          'BAD_LINE',
          `block ${file.name}:${blockPosition(file, i)} spans ${span} lines (at most ${MAX_BLOCK_LINES}, more than the Go compiler numbers in a file)`,
          { input: this.input },
        );
      }
    }
    const len = this.chained(pos, counts) ?? this.sweep(pos, counts);
    return { lines: this.lines.subarray(0, len), hits: this.hits.subarray(0, len) };
  }

  /** Room for `n` lines; the first `keep` are kept. */
  private room(n: number, keep: number): void {
    if (n <= this.lines.length) return;
    const cap = Math.max(2 * this.lines.length, n);
    const lines = new Uint32Array(cap);
    const hits = new Float64Array(cap);
    lines.set(this.lines.subarray(0, keep));
    hits.set(this.hits.subarray(0, keep));
    this.lines = lines;
    this.hits = hits;
  }

  /**
   * Blocks that follow each other (each starts on or after the line where
   * the one before it ends, as Go's blocks do: at most the boundary line is
   * shared), in one pass with no heap: a shared line gets the max of its
   * blocks' counts, as in the sweep. The number of lines, or null when
   * blocks overlap more.
   */
  private chained(pos: Uint32Array, counts: Float64Array): number | null {
    const n = counts.length;
    let total = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      const s = pos[4 * i];
      const e = Math.max(pos[4 * i + 2], s);
      if (i > 0 && s < last) return null;
      total += e - s + 1;
      last = e;
    }
    this.room(total, 0);
    const { lines, hits } = this;
    let len = 0;
    for (let i = 0; i < n; i++) {
      let s = pos[4 * i];
      const e = Math.max(pos[4 * i + 2], s);
      const c = counts[i];
      if (len > 0 && lines[len - 1] === s) {
        if (c > hits[len - 1]) hits[len - 1] = c;
        s++;
      }
      for (; s <= e; s++, len++) {
        lines[len] = s;
        hits[len] = c;
      }
    }
    return len;
  }

  /** Any blocks: a sweep in start order with a max-heap of the open ones. The number of lines. */
  private sweep(pos: Uint32Array, counts: Float64Array): number {
    const n = counts.length;
    const end = (i: number): number => Math.max(pos[4 * i + 2], pos[4 * i]);
    // Blocks by start line (a canonical profile already has them so).
    let order = Array.from({ length: n }, (_, i) => i);
    if (!order.every((i) => i === 0 || pos[4 * i] >= pos[4 * i - 4])) order = order.sort((a, b) => pos[4 * a] - pos[4 * b]);
    const heap = new MaxHeap((a, b) => counts[a] - counts[b]);
    let len = 0;
    let next = 0;
    let line = 0;
    while (next < n || heap.size > 0) {
      while (heap.size > 0 && end(heap.top()) < line) heap.pop();
      if (heap.size === 0) {
        if (next === n) break;
        line = Math.max(line, pos[4 * order[next]]);
      }
      while (next < n && pos[4 * order[next]] <= line) heap.push(order[next++]);
      const top = heap.top();
      // The top block has the max count until it ends or another block starts.
      const runEnd = Math.min(end(top), next < n ? pos[4 * order[next]] - 1 : Infinity);
      this.room(len + (runEnd - line + 1), len);
      const { lines, hits } = this;
      for (; line <= runEnd; line++, len++) {
        lines[len] = line;
        hits[len] = counts[top];
      }
    }
    return len;
  }
}

/** Line hit counts of one file in arrays of its own (see LineExpander). `input` names the profile in errors. */
export function lineHits(file: FileCoverage, input?: string): LineHits {
  const h = new LineExpander(input).expand(file);
  return { lines: h.lines.slice(), hits: h.hits.slice() };
}

/** Number of lines with a hit count > 0. */
export function linesHit(h: LineHits): number {
  const { hits } = h;
  let n = 0;
  for (let i = 0; i < hits.length; i++) if (hits[i] > 0) n++;
  return n;
}

/** A binary max-heap of block indices. */
class MaxHeap {
  private readonly items: number[] = [];
  constructor(private readonly cmp: (a: number, b: number) => number) {}

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items[0];
  }

  push(x: number): void {
    const a = this.items;
    let k = a.push(x) - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (this.cmp(a[k], a[p]) <= 0) break;
      [a[k], a[p]] = [a[p], a[k]];
      k = p;
    }
  }

  pop(): void {
    const a = this.items;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    for (let k = 0; ; ) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < a.length && this.cmp(a[l], a[m]) > 0) m = l;
      if (r < a.length && this.cmp(a[r], a[m]) > 0) m = r;
      if (m === k) return;
      [a[k], a[m]] = [a[m], a[k]];
      k = m;
    }
  }
}
