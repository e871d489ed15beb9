// The files of one input that a builder accumulates in general form (no
// template to follow), by name. Memory per file is what bounds a profile of
// a million one-block files, so only the file being read is an open
// FileAccumulator: when the input moves on to another file, the previous one
// (when its blocks are sorted and unique, so finishing it cannot fail) is
// closed: its blocks are appended to shared columns and the table keeps only
// its slot number. A closed file is re-opened (the rare path) if the input
// comes back to it, and becomes a FileCoverage (views of the columns) when
// taken. In: names and accumulators; out: the input's FileCoverages.

import { FileAccumulator } from './accumulator.js';
import type { FileCoverage, Mode } from './model.js';

/** A file's sorted blocks with their first-seen input lines (see `sortedViews`). */
export interface SortedBlocks {
  readonly name: string;
  readonly pos: Uint32Array;
  readonly stmts: Uint32Array;
  readonly counts: Float64Array;
  readonly lines: Uint32Array;
}

/** The general files of one input, by name. */
export class FileTable {
  /** An open file's accumulator, or a closed file's slot. */
  private readonly files = new Map<string, FileAccumulator | number>();
  /** Per slot: its first block in the columns and its number of blocks. */
  private start = new Uint32Array(1024);
  private count = new Uint32Array(1024);
  private slots = 0;
  /** The closed files' blocks (4 pos, NumStmt, count, first-seen input line per block). */
  private pos = new Uint32Array(4096);
  private stmts = new Uint32Array(1024);
  private counts = new Float64Array(1024);
  private lines = new Uint32Array(1024);
  private blocks = 0;
  /** Blocks of the file closed last (the size hint of the next new file). */
  private lastBlocks = 0;
  /** True once the columns are cut to their used length (done when the first file is taken). */
  private trimmed = false;

  /** True if the input has named `name` (open or closed). */
  has(name: string): boolean {
    return this.files.has(name);
  }

  /** How many files the input has named (open or closed). */
  get size(): number {
    return this.files.size;
  }

  /** The names, in insertion order. */
  names(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The accumulator of `name`, re-opened if it was closed; null if the table does not have it. */
  open(name: string): FileAccumulator | null {
    const e = this.files.get(name);
    if (e === undefined) return null;
    if (typeof e !== 'number') return e;
    const v = this.closed(name, e);
    const acc = FileAccumulator.fromSorted(name, v.pos, v.stmts, v.counts, v.lines, v.stmts.length);
    this.files.set(name, acc);
    return acc;
  }

  /**
   * A new, empty file. Its arrays start at the size of the file closed last
   * (files of one profile are alike: growing 4, 8, ... 128 for every file of
   * a 100-block profile was a tenth of its parse), at least 4 (a million
   * one-block files stay small) and at most 1024.
   */
  create(name: string): FileAccumulator {
    let cap = 4;
    while (cap < this.lastBlocks && cap < 1024) cap *= 2;
    const acc = new FileAccumulator(name, cap);
    this.files.set(name, acc);
    return acc;
  }

  /** Put `acc` in the table (a new file, or one handed over by a guided path). */
  set(acc: FileAccumulator): void {
    this.files.set(acc.name, acc);
  }

  /**
   * The input has moved on from `acc`: close it if finishing it cannot fail
   * (blocks sorted and unique; an unsorted one stays open, so its errors come
   * when they always did, at the end of the input).
   */
  close(acc: FileAccumulator): void {
    if (!acc.isSorted || this.files.get(acc.name) !== acc) return;
    const b = acc.blocks();
    const n = b.stmts.length;
    this.lastBlocks = n;
    if (this.slots === this.start.length) {
      this.start = grown(this.start, this.slots, 2 * this.slots);
      this.count = grown(this.count, this.slots, 2 * this.slots);
    }
    const at = this.blocks;
    if (at + n > this.stmts.length) {
      const cap = Math.max(2 * this.stmts.length, at + n);
      this.pos = grown(this.pos, 4 * at, 4 * cap);
      this.stmts = grown(this.stmts, at, cap);
      this.counts = grown(this.counts, at, cap);
      this.lines = grown(this.lines, at, cap);
    }
    this.pos.set(b.pos, 4 * at);
    this.stmts.set(b.stmts, at);
    this.counts.set(b.counts, at);
    this.lines.set(b.lines, at);
    this.blocks += n;
    this.start[this.slots] = at;
    this.count[this.slots] = n;
    this.files.set(acc.name, this.slots++);
    this.trimmed = false;
  }

  /** Finish `name` and drop it from the table (throws the errors FileAccumulator.finish would). */
  take(name: string, mode: Mode, input: string): FileCoverage {
    const e = this.files.get(name)!;
    this.files.delete(name);
    if (typeof e !== 'number') return e.finish(mode, input);
    if (!this.trimmed) {
      // The files taken are views of the columns and keep them alive: no spare capacity.
      const n = this.blocks;
      this.pos = this.pos.slice(0, 4 * n);
      this.stmts = this.stmts.slice(0, n);
      this.counts = this.counts.slice(0, n);
      this.trimmed = true;
    }
    const { pos, stmts, counts } = this.closed(name, e);
    return { name, pos, stmts, counts };
  }

  /** Every file's blocks with their lines if all of them are sorted and unique as they stand, else null. */
  sortedViews(): SortedBlocks[] | null {
    const out: SortedBlocks[] = [];
    for (const [name, e] of this.files) {
      if (typeof e === 'number') out.push(this.closed(name, e));
      else if (e.isSorted) out.push({ name, ...e.blocks() });
      else return null;
    }
    return out;
  }

  /** Forget every file. */
  clear(): void {
    this.files.clear();
    this.slots = 0;
    this.blocks = 0;
    // Fresh columns: views handed out earlier must not see later files.
    this.pos = new Uint32Array(4096);
    this.stmts = new Uint32Array(1024);
    this.counts = new Float64Array(1024);
    this.lines = new Uint32Array(1024);
  }

  /** A closed file's blocks, as views of the columns. */
  private closed(name: string, slot: number): SortedBlocks {
    const a = this.start[slot];
    const z = a + this.count[slot];
    return {
      name,
      pos: this.pos.subarray(4 * a, 4 * z),
      stmts: this.stmts.subarray(a, z),
      counts: this.counts.subarray(a, z),
      lines: this.lines.subarray(a, z),
    };
  }
}

/** A copy of `a` with capacity `cap`, keeping its first `used` elements. */
function grown<T extends Uint32Array | Float64Array>(a: T, used: number, cap: number): T {
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a.subarray(0, used));
  return next;
}
