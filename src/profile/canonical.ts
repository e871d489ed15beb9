// Copying a canonical text profile instead of rebuilding it. An input that is
// already exactly what writer.ts writes for its profile (one "mode: M\n" line,
// then each file's lines together, files in byte order of their names, blocks
// strictly in (sl, sc, el, ec) order so no duplicates, every number in plain
// decimal, "\n" line ends, no other line) gives, for any selection of its
// files, output that is exactly the selected files' lines. Bytes in (read by
// LineScanner, the one grammar), the mode line and the selected lines' bytes
// out, as they are or with their counts rewritten (diff); the moment the input
// is not canonical, or the copier declines it, the copy stops and says so, and
// the caller takes the general path (parse, build, write) for the whole input.
//
// A line is canonical when its raw length is the length of its fields written
// plainly: every other spelling the grammar accepts (leading zeros, a sign,
// "\r", trailing blanks) is longer. Line numbers that follow on from 1 and a
// byte total equal to the lines' lengths rule out blank and repeated mode
// lines.

import { decimalLength, putDecimal } from './decimal.js';
import { compareUtf8, comparePosTo, type Mode } from './model.js';
import { LineScanner, type BlockSink } from './scanner.js';

const NL = 10;

/** What a canonical copy found: the input's files and how many were selected. */
export interface CopyCounts {
  files: number;
  selected: number;
}

/** What to copy, decided as the input is read; any answer may decline the input (the copy then returns null). */
export interface LineCopier {
  /** The input's mode: false declines. */
  mode?(mode: Mode): boolean;
  /** A file starts (each once, in order): true copies its lines, false drops them, null declines. */
  file(name: string): boolean | null;
  /**
   * When present, each copied line is written with the count this returns
   * for it (a number >= 0, at most 2^53-1) instead of its own; -1 declines.
   */
  count?(sl: number, sc: number, el: number, ec: number, numStmt: number, count: number): number;
  /** The input ended, canonical: false declines. */
  end?(): boolean;
}

/** Thrown through the scanner to stop it once the input is known not to be canonical (never escapes this module). */
const STOP = Symbol('not canonical');

/** The sink: checks each line is canonical and gathers the selected lines of the chunk being scanned. */
class CanonicalCopy implements BlockSink {
  files = 0;
  selected = 0;
  /** Bytes the input has if it is canonical (mode line and block lines, '\n' included). */
  bytes = 0;
  scanner!: LineScanner;
  /** The chunk being pushed: selected lines in it are copied as runs of it. */
  chunk: Uint8Array | null = null;
  private readonly copier: LineCopier;
  /** Copied lines get new counts: they go to `out` byte by byte instead of as runs. */
  private readonly rewrite: boolean;
  private out = new Uint8Array(0);
  private outLen = 0;
  private name: string | null = null;
  private nameLen = 0;
  private keep = false;
  private line = 1;
  /** The current file's last block (sl, sc, el, ec). */
  private readonly last = new Uint32Array(4);
  /** Output copied on its own (the mode line, a line that spanned chunks), then runs [start, end) of `chunk`. */
  private pieces: Uint8Array[] = [];
  private runs: number[] = [];
  private runStart = -1;
  private runEnd = -1;

  constructor(copier: LineCopier) {
    this.copier = copier;
    this.rewrite = copier.count !== undefined;
  }

  mode(mode: Mode): void {
    const text = `mode: ${mode}\n`;
    const sc = this.scanner;
    if (sc.lineEnd - sc.lineStart !== text.length - 1 || this.copier.mode?.(mode) === false) this.stop();
    this.bytes += text.length;
    this.pieces.push(new TextEncoder().encode(text));
  }

  block(name: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    if (name !== this.name) {
      if (this.name !== null && compareUtf8(this.name, name) >= 0) return this.stop();
      const keep = this.copier.file(name);
      if (keep === null) return this.stop();
      this.name = name;
      this.nameLen = this.scanner.nameLength;
      this.keep = keep;
      this.files++;
      if (this.keep) this.selected++;
    } else if (comparePosTo(this.last, 0, sl, sc, el, ec) >= 0) {
      return this.stop();
    }
    if (line !== ++this.line) return this.stop();
    const last = this.last;
    last[0] = sl;
    last[1] = sc;
    last[2] = el;
    last[3] = ec;
    const scan = this.scanner;
    const s = scan.lineStart;
    const e = scan.lineEnd;
    // name ':' sl '.' sc ',' el '.' ec ' ' numStmt ' ' count
    const countLen = decimalLength(count);
    const len = this.nameLen + 6 + decimalLength(sl) + decimalLength(sc) + decimalLength(el) + decimalLength(ec) + decimalLength(numStmt) + countLen;
    if (e - s !== len) return this.stop();
    this.bytes += len + 1;
    if (!this.keep) return;
    if (this.rewrite) {
      const c = this.copier.count!(sl, sc, el, ec, numStmt, count);
      if (c < 0) return this.stop();
      this.put(scan.lineBuf, s, s + len - countLen, c);
    } else if (scan.lineBuf === this.chunk) {
      // The line's '\n' is at chunk[e].
      if (s !== this.runEnd) {
        if (this.runEnd >= 0) this.runs.push(this.runStart, this.runEnd);
        this.runStart = s;
      }
      this.runEnd = e + 1;
    } else {
      // A line that spanned chunks (always before the runs of the chunk it ends in).
      const copy = new Uint8Array(len + 1);
      copy.set(scan.lineBuf.subarray(s, e));
      copy[len] = NL;
      this.pieces.push(copy);
    }
  }

  /** The input is not canonical (or the copier declines it): the scan ends here. */
  private stop(): never {
    throw STOP;
  }

  /** Append buf[from, to) (a line up to its count), then `count` and '\n', to `out`. */
  private put(buf: Uint8Array, from: number, to: number, count: number): void {
    let at = this.outLen;
    if (at + (to - from) + 17 > this.out.length) {
      const bigger = new Uint8Array(Math.max(1 << 16, 2 * this.out.length, at + (to - from) + 17));
      bigger.set(this.out.subarray(0, at));
      this.out = bigger;
    }
    const out = this.out;
    for (let k = from; k < to; k++) out[at++] = buf[k];
    at = putDecimal(out, at, count);
    out[at++] = NL;
    this.outLen = at;
  }

  /** The input ended canonical: the copier's last word. */
  finish(): boolean {
    return this.copier.end?.() !== false;
  }

  /** The output gathered since the last call, as one fresh array (null: none). */
  take(): Uint8Array | null {
    if (this.runEnd >= 0) this.runs.push(this.runStart, this.runEnd);
    if (this.outLen > 0) {
      this.pieces.push(this.out.slice(0, this.outLen));
      this.outLen = 0;
    }
    const { pieces, runs } = this;
    let n = 0;
    for (const p of pieces) n += p.length;
    for (let k = 0; k < runs.length; k += 2) n += runs[k + 1] - runs[k];
    let out: Uint8Array | null = null;
    if (pieces.length === 1 && runs.length === 0) {
      out = pieces[0]; // already a fresh array of its own (the rewritten lines, or one line)
    } else if (n > 0) {
      out = new Uint8Array(n);
      let at = 0;
      for (const p of pieces) {
        out.set(p, at);
        at += p.length;
      }
      for (let k = 0; k < runs.length; k += 2) {
        out.set(this.chunk!.subarray(runs[k], runs[k + 1]), at);
        at += runs[k + 1] - runs[k];
      }
    }
    this.pieces = [];
    this.runs = [];
    this.runStart = this.runEnd = -1;
    return out;
  }
}

/**
 * Copy the mode line and the lines of the files `copier` keeps (a predicate
 * on file names, or a LineCopier) from a canonical text profile (decoded
 * bytes, any chunking) to `emit`, in order, as fresh arrays (awaited one at a
 * time, about one per input chunk). Returns the counts, or null as soon as the
 * input turns out not to be canonical or the copier declines it: what `emit`
 * got is then only a prefix, to be discarded. A malformed input throws what
 * the scanner throws.
 */
export async function copyCanonicalLines(
  chunks: AsyncIterable<Uint8Array>,
  input: string,
  copier: LineCopier | ((name: string) => boolean),
  emit: (bytes: Uint8Array) => void | Promise<void>,
): Promise<CopyCounts | null> {
  const sink = new CanonicalCopy(typeof copier === 'function' ? { file: copier } : copier);
  const scanner = new LineScanner(input, sink);
  sink.scanner = scanner;
  let total = 0;
  let last = -1;
  try {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      total += chunk.length;
      last = chunk[chunk.length - 1];
      sink.chunk = chunk;
      scanner.push(chunk);
      const out = sink.take();
      if (out !== null) await emit(out);
    }
    sink.chunk = null;
    scanner.end();
  } catch (err) {
    if (err === STOP) return null;
    throw err;
  }
  if (last !== NL || total !== sink.bytes || !sink.finish()) return null;
  const out = sink.take();
  if (out !== null) await emit(out);
  return { files: sink.files, selected: sink.selected };
}
