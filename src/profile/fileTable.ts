// The files of one input that a builder accumulates in general form (no
// template to follow), by name. Memory per file is what bounds a profile of
// a million one-block files, and copies per block are most of the cost of
// parsing a canonical profile, so:
// - a file seen for the first time is written straight to the end of shared
//   columns (its blocks are the columns' tail) as long as each block comes
//   after the previous one, which is how every canonical profile lists them;
//   the table keeps only its slot number;
// - a block that does not (a duplicate, or out of order) turns the file into
//   a FileAccumulator, seeded with what the columns hold; when the input
//   moves on, a sorted accumulator is appended to the columns as a new slot
//   (an unsorted one stays open, so its errors come at the end as always);
// - a closed file the input comes back to (the rare path) is re-opened as an
//   accumulator.
// A file taken at the end is a FileCoverage of views of the columns.
// In: the blocks of the input's general files; out: their FileCoverages.

import { FileAccumulator } from './accumulator.js';
import { comparePosTo, type FileCoverage, type Mode } from './model.js';
import { matchName, readBlock, scanned, type NameBytes } from './scanner.js';

/** A file's sorted blocks with their first-seen input lines (see `sortedViews`). */
export interface SortedBlocks {
  readonly name: string;
  readonly pos: Uint32Array;
  readonly stmts: Uint32Array;
  readonly counts: Float64Array;
  readonly lines: Uint32Array;
}

/** Columns start with room for this many blocks unless told how many to expect. */
const MIN_BLOCKS = 1024;

/** The general files of one input, by name. */
export class FileTable {
  /** An open file's accumulator, or a closed (or tail) file's slot. */
  private readonly files = new Map<string, FileAccumulator | number>();
  /** Per slot: its first block in the columns and its number of blocks. */
  private start = new Uint32Array(1024);
  private count = new Uint32Array(1024);
  private slots = 0;
  /** The blocks (4 pos, NumStmt, count, first-seen input line per block). */
  private pos: Uint32Array;
  private stmts: Uint32Array;
  private counts: Float64Array;
  private lines: Uint32Array;
  private blocks = 0;
  /** The file blocks are added to: its name, and its accumulator (null: it is the columns' tail slot). */
  private curName: string | null = null;
  private curAcc: FileAccumulator | null = null;

  /** `expectedBlocks`: how many blocks the input may hold (the columns start that big; they grow as needed). */
  constructor(expectedBlocks = MIN_BLOCKS) {
    const cap = Math.max(MIN_BLOCKS, expectedBlocks);
    this.pos = new Uint32Array(4 * cap);
    this.stmts = new Uint32Array(cap);
    this.counts = new Float64Array(cap);
    this.lines = new Uint32Array(cap);
  }

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

  /** Add one block of file `name` (the errors are FileAccumulator.add's). */
  add(name: string, mode: Mode, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, input: string, line: number): void {
    if (name !== this.curName) this.switchTo(name);
    let acc = this.curAcc;
    if (acc === null) {
      if (this.appendTail(sl, sc, el, ec, numStmt, count, line)) return;
      // A duplicate or an earlier block: the file goes on in an accumulator.
      acc = this.curAcc = this.reopen(name, this.files.get(name) as number);
    }
    acc.add(mode, sl, sc, el, ec, numStmt, count, input, line);
  }

  /**
   * The fast path of a canonical input (see BlockSink.followLines): while the
   * current file is the columns' tail and the lines name it (`name`, its
   * bytes) with plain fields (readBlock), each block coming after the one
   * before, append them as `add` would, with no call per line. Returns the
   * index after the last line taken (`s` if none); `followed` is then the
   * number of that line.
   */
  followTail(buf: Uint8Array, view: DataView, s: number, end: number, line: number, name: NameBytes): number {
    if (this.curName === null || this.curAcc !== null) return s;
    const first = this.start[this.slots - 1];
    const k0 = this.blocks;
    let k = k0;
    let { pos, stmts, counts, lines } = this;
    while (matchName(view, s, end, name)) {
      const q = readBlock(buf, s + name.len + 1, end);
      if (q < 0) break;
      const { sl, sc, el, ec } = scanned;
      if (k > first && comparePosTo(pos, k - 1, sl, sc, el, ec) >= 0) break;
      if (k === stmts.length) {
        this.blocks = k;
        this.reserve(1);
        ({ pos, stmts, counts, lines } = this);
      }
      const p = 4 * k;
      pos[p] = sl;
      pos[p + 1] = sc;
      pos[p + 2] = el;
      pos[p + 3] = ec;
      stmts[k] = scanned.numStmt;
      counts[k] = scanned.count;
      lines[k] = ++line;
      k++;
      s = q;
    }
    this.blocks = k;
    this.count[this.slots - 1] += k - k0;
    this.followed = line;
    return s;
  }

  /** The number of the last line `followTail` took. */
  followed = 0;

  /** Make `acc` (a file handed over by a guided path, not in the table) the file blocks are added to. */
  adopt(acc: FileAccumulator): void {
    this.leaveCurrent();
    this.files.set(acc.name, acc);
    this.curName = acc.name;
    this.curAcc = acc;
  }

  /** Finish `name` and drop it from the table (throws the errors FileAccumulator.finish would). */
  take(name: string, mode: Mode, input: string): FileCoverage {
    if (name === this.curName) this.leaveCurrent();
    const e = this.files.get(name)!;
    this.files.delete(name);
    if (typeof e !== 'number') return e.finish(mode, input);
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
    this.curName = null;
    this.curAcc = null;
    this.slots = 0;
    this.blocks = 0;
    // Fresh columns: views handed out earlier must not see later files.
    this.pos = new Uint32Array(4 * MIN_BLOCKS);
    this.stmts = new Uint32Array(MIN_BLOCKS);
    this.counts = new Float64Array(MIN_BLOCKS);
    this.lines = new Uint32Array(MIN_BLOCKS);
  }

  /** Blocks now go to `name`: the tail slot of a new file, or the accumulator of one seen before. */
  private switchTo(name: string): void {
    this.leaveCurrent();
    const e = this.files.get(name);
    this.curName = name;
    if (e === undefined) {
      if (this.slots === this.start.length) {
        this.start = grown(this.start, this.slots, 2 * this.slots);
        this.count = grown(this.count, this.slots, 2 * this.slots);
      }
      this.start[this.slots] = this.blocks;
      this.count[this.slots] = 0;
      this.files.set(name, this.slots++);
      this.curAcc = null;
    } else {
      this.curAcc = typeof e === 'number' ? this.reopen(name, e) : e;
    }
  }

  /**
   * The input has moved on from the current file. A tail slot is already in
   * place. An accumulator is closed if finishing it cannot fail (blocks
   * sorted and unique; an unsorted one stays open, so its errors come when
   * they always did, at the end of the input).
   */
  private leaveCurrent(): void {
    const acc = this.curAcc;
    this.curName = null;
    this.curAcc = null;
    if (acc === null || !acc.isSorted) return;
    const b = acc.blocks();
    const n = b.stmts.length;
    const at = this.blocks;
    this.reserve(n);
    this.pos.set(b.pos, 4 * at);
    this.stmts.set(b.stmts, at);
    this.counts.set(b.counts, at);
    this.lines.set(b.lines, at);
    this.blocks += n;
    if (this.slots === this.start.length) {
      this.start = grown(this.start, this.slots, 2 * this.slots);
      this.count = grown(this.count, this.slots, 2 * this.slots);
    }
    this.start[this.slots] = at;
    this.count[this.slots] = n;
    this.files.set(acc.name, this.slots++);
  }

  /** Append a block to the tail slot if it comes after the slot's last block; false (nothing changed) otherwise. */
  private appendTail(sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): boolean {
    const k = this.blocks;
    const slot = this.slots - 1;
    if (k > this.start[slot] && comparePosTo(this.pos, k - 1, sl, sc, el, ec) >= 0) return false;
    if (k === this.stmts.length) this.reserve(1);
    const pos = this.pos;
    const p = 4 * k;
    pos[p] = sl;
    pos[p + 1] = sc;
    pos[p + 2] = el;
    pos[p + 3] = ec;
    this.stmts[k] = numStmt;
    this.counts[k] = count;
    this.lines[k] = line;
    this.blocks = k + 1;
    this.count[slot]++;
    return true;
  }

  /** A closed (or tail) file as an accumulator again; a tail slot gives its room back. */
  private reopen(name: string, slot: number): FileAccumulator {
    const v = this.closed(name, slot);
    const acc = FileAccumulator.fromSorted(name, v.pos, v.stmts, v.counts, v.lines, v.stmts.length);
    if (slot === this.slots - 1) {
      this.blocks = this.start[slot];
      this.slots--;
    }
    this.files.set(name, acc);
    return acc;
  }

  /** Room for `n` more blocks in the columns (doubling). */
  private reserve(n: number): void {
    const at = this.blocks;
    if (at + n <= this.stmts.length) return;
    const cap = Math.max(2 * this.stmts.length, at + n);
    this.pos = grown(this.pos, 4 * at, 4 * cap);
    this.stmts = grown(this.stmts, at, cap);
    this.counts = grown(this.counts, at, cap);
    this.lines = grown(this.lines, at, cap);
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
