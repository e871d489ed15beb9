// LCOV tracefile output (the `SF/DA/LF/LH` subset Codecov, Coveralls and
// SonarQube read): Profile in, text chunks out. Go blocks are ranges of
// lines; a line's hit count is the max over the blocks that cover it (a line
// shared by two blocks, e.g. `} else {`, counts as run if either ran). When
// function data is given, FN/FNDA/FNF/FNH records (count = entry block's
// count) precede the lines. Files in
// profile order (bytewise by name), lines ascending: deterministic.

import { ProfileError } from '../profile/errors.js';
import { blockPosition, type FileCoverage, type Profile } from '../profile/model.js';
import { uniqueFunctionNames, type FuncCoverage } from '../summary/functions.js';

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

/** Options shared by the line-based reporters. */
export interface LineReportOptions {
  /** Maps a profile file name to the name written in the report (e.g. strip the module path). */
  mapPath?: (name: string) => string;
  /** Per-function coverage of a profile file name, when its source was found (adds function records). */
  functions?: (name: string) => readonly FuncCoverage[] | null | undefined;
  /** Names the profile in errors (e.g. its path). */
  input?: string;
}

/**
 * Line hit counts of one file: every line from a block's start line to its
 * end line gets the max count of the blocks covering it. A sweep over the
 * blocks in start order with a max-heap of the open ones: time and memory
 * go with the blocks and the lines written, never with a span no line of
 * which is written twice. `input` names the profile in errors.
 */
export function lineHits(file: FileCoverage, input?: string): LineHits {
  const { pos, counts } = file;
  const n = counts.length;
  const end = (i: number): number => Math.max(pos[4 * i + 2], pos[4 * i]);
  for (let i = 0; i < n; i++) {
    const span = end(i) - pos[4 * i] + 1;
    if (span > MAX_BLOCK_LINES) {
      throw new ProfileError(
        'BAD_LINE',
        `block ${file.name}:${blockPosition(file, i)} spans ${span} lines (at most ${MAX_BLOCK_LINES}, more than the Go compiler numbers in a file)`,
        { input },
      );
    }
  }
  const chained = chainedLineHits(pos, counts);
  if (chained !== null) return chained;
  // Blocks by start line (a canonical profile already has them so).
  let order = Array.from({ length: n }, (_, i) => i);
  if (!order.every((i) => i === 0 || pos[4 * i] >= pos[4 * i - 4])) order = order.sort((a, b) => pos[4 * a] - pos[4 * b]);
  const heap = new MaxHeap((a, b) => counts[a] - counts[b]);
  let lines = new Uint32Array(Math.max(16, n));
  let hits = new Float64Array(lines.length);
  let len = 0;
  let next = 0;
  let line = 0;
  while (next < n || heap.size > 0) {
    while (heap.size > 0 && end(heap.top()) < line) heap.pop();
    if (heap.size === 0) line = Math.max(line, pos[4 * order[next]]);
    while (next < n && pos[4 * order[next]] <= line) heap.push(order[next++]);
    const top = heap.top();
    // The top block has the max count until it ends or another block starts.
    const runEnd = Math.min(end(top), next < n ? pos[4 * order[next]] - 1 : Infinity);
    if (len + (runEnd - line + 1) > lines.length) {
      const cap = Math.max(2 * lines.length, len + (runEnd - line + 1));
      const l2 = new Uint32Array(cap);
      const h2 = new Float64Array(cap);
      l2.set(lines.subarray(0, len));
      h2.set(hits.subarray(0, len));
      lines = l2;
      hits = h2;
    }
    for (; line <= runEnd; line++, len++) {
      lines[len] = line;
      hits[len] = counts[top];
    }
  }
  return { lines: lines.slice(0, len), hits: hits.slice(0, len) };
}

/**
 * Line hit counts of blocks that follow each other (each starts on or after
 * the line where the one before it ends, as Go's blocks do: at most the
 * boundary line is shared), in one pass with no heap: a shared line gets the
 * max of its blocks' counts, as in the sweep. Null when blocks overlap more.
 */
function chainedLineHits(pos: Uint32Array, counts: Float64Array): LineHits | null {
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
  const lines = new Uint32Array(total);
  const hits = new Float64Array(total);
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
  return len === total ? { lines, hits } : { lines: lines.slice(0, len), hits: hits.slice(0, len) };
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

/** Number of lines with a hit count > 0. */
export function linesHit(h: LineHits): number {
  let n = 0;
  for (const c of h.hits) if (c > 0) n++;
  return n;
}

/** The LCOV tracefile of a profile, one record per source file, in chunks. */
export function* lcovChunks(profile: Profile, opts: LineReportOptions = {}): Generator<string> {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  let out = '';
  for (const f of profile.files) {
    const h = lineHits(f, opts.input);
    out += `TN:\nSF:${mapPath(f.name)}\n`;
    const funcs = opts.functions?.(f.name);
    if (funcs) out += lcovFunctionRecords(funcs);
    for (let i = 0; i < h.lines.length; i++) {
      out += `DA:${h.lines[i]},${h.hits[i]}\n`;
      if (out.length >= 1 << 16) {
        yield out;
        out = '';
      }
    }
    out += `LF:${h.lines.length}\nLH:${linesHit(h)}\nend_of_record\n`;
  }
  if (out.length > 0) yield out;
}

/** FN/FNDA/FNF/FNH records of one file's functions (names made unique in the file). */
export function lcovFunctionRecords(funcs: readonly FuncCoverage[]): string {
  const names = uniqueFunctionNames(funcs);
  let out = '';
  funcs.forEach((f, i) => (out += `FN:${f.line},${names[i]}\n`));
  funcs.forEach((f, i) => (out += `FNDA:${f.count},${names[i]}\n`));
  return `${out}FNF:${funcs.length}\nFNH:${funcs.filter((f) => f.count > 0).length}\n`;
}
