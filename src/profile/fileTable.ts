// The files of one input that a builder accumulates in general form (no
// template to follow), by name. Memory per file is what bounds a profile of
// a million one-block files, so only the file being read is an open
// FileAccumulator: when the input moves on to another file, the previous one
// is finished into its compact FileCoverage at once (when that cannot fail:
// its blocks are sorted and unique), its first-seen input lines kept in one
// shared column, and it is re-opened (the rare path) if the input comes back
// to it. In: names and accumulators; out: the input's FileCoverages.

import { FileAccumulator } from './accumulator.js';
import type { FileCoverage, Mode } from './model.js';

/** One file of the table: open (an accumulator) or finished (its FileCoverage and where its lines are). */
interface Finished {
  readonly file: FileCoverage;
  /** Its blocks' first-seen input lines are lines[at, at + blocks). */
  readonly at: number;
}

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
  private readonly files = new Map<string, FileAccumulator | Finished>();
  /** First-seen input lines of the finished files' blocks, one column. */
  private lines = new Uint32Array(1 << 12);
  private linesUsed = 0;

  /** Number of files. */
  get size(): number {
    return this.files.size;
  }

  /** True if the input has named `name` (open or finished). */
  has(name: string): boolean {
    return this.files.has(name);
  }

  /** The names, in insertion order. */
  names(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The accumulator of `name`, re-opened if it was finished; null if the table does not have it. */
  open(name: string): FileAccumulator | null {
    const e = this.files.get(name);
    if (e === undefined) return null;
    if (e instanceof FileAccumulator) return e;
    const f = e.file;
    const n = f.stmts.length;
    const acc = FileAccumulator.fromSorted(name, f.pos, f.stmts, f.counts, this.lines.subarray(e.at, e.at + n), n);
    this.files.set(name, acc);
    return acc;
  }

  /** Put `acc` in the table (a new file, or one handed over by a guided path). */
  set(acc: FileAccumulator): void {
    this.files.set(acc.name, acc);
  }

  /**
   * The input has moved on from `acc`: finish it into compact form now if
   * that cannot fail (blocks sorted and unique; an unsorted one stays open,
   * so its errors come when they always did, at the end of the input).
   */
  close(acc: FileAccumulator, mode: Mode, input: string): void {
    if (!acc.isSorted || this.files.get(acc.name) !== acc) return;
    const lines = acc.blocks().lines;
    const n = lines.length;
    if (this.linesUsed + n > this.lines.length) {
      const next = new Uint32Array(Math.max(2 * this.lines.length, this.linesUsed + n));
      next.set(this.lines.subarray(0, this.linesUsed));
      this.lines = next;
    }
    this.lines.set(lines, this.linesUsed);
    this.files.set(acc.name, { file: acc.finish(mode, input), at: this.linesUsed });
    this.linesUsed += n;
  }

  /** Finish `name` and drop it from the table (throws the errors FileAccumulator.finish would). */
  take(name: string, mode: Mode, input: string): FileCoverage {
    const e = this.files.get(name)!;
    this.files.delete(name);
    return e instanceof FileAccumulator ? e.finish(mode, input) : e.file;
  }

  /** Every file's blocks with their lines if all of them are sorted and unique as they stand, else null. */
  sortedViews(): SortedBlocks[] | null {
    const out: SortedBlocks[] = [];
    for (const [name, e] of this.files) {
      if (e instanceof FileAccumulator) {
        if (!e.isSorted) return null;
        out.push({ name, ...e.blocks() });
      } else {
        const n = e.file.stmts.length;
        out.push({ name, pos: e.file.pos, stmts: e.file.stmts, counts: e.file.counts, lines: this.lines.subarray(e.at, e.at + n) });
      }
    }
    return out;
  }

  /** Forget every file. */
  clear(): void {
    this.files.clear();
    this.lines = new Uint32Array(1 << 12);
    this.linesUsed = 0;
  }
}
