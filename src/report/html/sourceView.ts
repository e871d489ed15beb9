// Source annotation for the HTML report's source view: one file's blocks
// (FileCoverage) + its source bytes in, per-line highlight segments out.
// The highlighting is exactly `go tool cover -html`'s: the same boundary walk
// as x/tools `Profile.Boundaries` (byte columns, including its odd start at
// column 2 on line 1), the same heat level (0 = not covered, 1..10 by
// log(count)/log(max count of the file), 8 for every covered block when the
// maximum is 1, e.g. set mode) and the same span nesting as its htmlGen.
// Pure: the caller reads the file. This is the reference implementation
// (pinned to go tool cover by test/html-source.test.ts); the page runs a
// port of it, reports/html/annotate.js, checked equal by
// test/html-annotate.test.ts.

import type { FileCoverage } from '../../profile/model.js';

/** A span start or end at a byte offset of the source, as x/tools `cover.Boundary`. */
export interface Boundary {
  offset: number;
  start: boolean;
  count: number;
  /** Heat level 0..10 for starts (`cov<level>` in go tool cover), 0 for ends. */
  level: number;
  index: number;
}

/** Source text split into lines (no line terminators), shared by every column. */
export interface SourceLines {
  readonly lines: string[];
  /** Byte offset where each line starts. */
  readonly starts: number[];
  /** Byte length of each line without its terminator (`\n`, or `\r\n`). */
  readonly lengths: number[];
}

/** One column's highlighting of a source file. */
export interface LineCoverage {
  /**
   * Per line: flat quadruples [startChar, endChar, level, count, ...] in UTF-16
   * indices of the line text; text outside any segment is not tracked.
   */
  segs: number[][];
  /** Per line: largest count of a segment with visible text on it, null when no block touches the line. */
  hits: (number | null)[];
  /** 0-based lines with both covered and uncovered visible text. */
  partial: number[];
  /** Largest count in the file (the heat-map scale). */
  max: number;
  /** Number of blocks that could not be placed on the source (it does not match the profile). */
  misplaced: number;
}

/** Heat level of a covered count as go tool cover computes it (`floor(norm*9)+1`; 0 for count 0). */
export function heatLevel(count: number, max: number): number {
  if (count <= 0) return 0;
  const norm = max <= 1 ? 0.8 : Math.log(count) / Math.log(max);
  return Math.floor(norm * 9) + 1;
}

/**
 * x/tools `Profile.Boundaries(src)` for one file: span starts/ends at byte
 * offsets, sorted by offset then creation order. Also reports how many blocks
 * got no start boundary (their position is not in the source).
 */
export function goBoundaries(file: FileCoverage, src: Uint8Array): { boundaries: Boundary[]; misplaced: number } {
  const { pos, counts } = file;
  const n = counts.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (counts[i] > max) max = counts[i];
  const out: Boundary[] = [];
  let index = 0;
  let started = 0;
  let line = 1;
  let col = 2; // sic: x/tools starts at column 2 ("TODO: Why is this 2?")
  for (let si = 0, bi = 0; si < src.length && bi < n; ) {
    const p = 4 * bi;
    if (pos[p] === line && pos[p + 1] === col) {
      out.push({ offset: si, start: true, count: counts[bi], level: heatLevel(counts[bi], max), index: index++ });
      started++;
    }
    if ((pos[p + 2] === line && pos[p + 3] === col) || line > pos[p + 2]) {
      out.push({ offset: si, start: false, count: 0, level: 0, index: index++ });
      bi++;
      continue;
    }
    if (src[si] === 0x0a) {
      line++;
      col = 0;
    }
    col++;
    si++;
  }
  out.sort((a, b) => a.offset - b.offset || a.index - b.index);
  return { boundaries: out, misplaced: n - started };
}

const decoder = new TextDecoder('utf-8');

/** Split source bytes into lines (`\n`; a trailing `\r` is dropped; no empty line after a final newline). */
export function splitSource(src: Uint8Array): SourceLines {
  const lines: string[] = [];
  const starts: number[] = [];
  const lengths: number[] = [];
  let s = 0;
  while (s < src.length) {
    let e = src.indexOf(0x0a, s);
    const next = e < 0 ? src.length : e + 1;
    if (e < 0) e = src.length;
    let len = e - s;
    if (len > 0 && src[s + len - 1] === 0x0d) len--;
    starts.push(s);
    lengths.push(len);
    lines.push(decoder.decode(src.subarray(s, s + len)));
    s = next;
  }
  return { lines, starts, lengths };
}

/** UTF-16 index in `text` (the decoding of `bytes`) of byte offset `b`. */
function charIndex(bytes: Uint8Array, text: string, b: number): number {
  if (text.length === bytes.length) return b; // ASCII line
  if (b >= bytes.length) return text.length;
  return decoder.decode(bytes.subarray(0, b)).length;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
}

/**
 * Per-line highlighting of one file for one column: the text between two
 * consecutive boundaries takes the innermost open span (as nested `<span>`s
 * render in go tool cover's page).
 */
export function annotateSource(file: FileCoverage, src: Uint8Array, lines: SourceLines = splitSource(src)): LineCoverage {
  const { boundaries, misplaced } = goBoundaries(file, src);
  let max = 0;
  for (const c of file.counts) if (c > max) max = c;
  const nLines = lines.lines.length;
  const segs: number[][] = Array.from({ length: nLines }, () => []);
  const hits: (number | null)[] = new Array<number | null>(nLines).fill(null);
  const missed: boolean[] = new Array<boolean>(nLines).fill(false);
  const stack: Boundary[] = [];
  let lineIdx = 0;
  const emit = (from: number, to: number, top: Boundary): void => {
    // Byte range [from, to) of the source, split by lines.
    while (lineIdx + 1 < nLines && lines.starts[lineIdx + 1] <= from) lineIdx++;
    for (let li = lineIdx; li < nLines && lines.starts[li] < to; li++) {
      const ls = lines.starts[li];
      const a = Math.max(from, ls) - ls;
      const b = Math.min(to, ls + lines.lengths[li]) - ls;
      if (b <= a) continue;
      const bytes = src.subarray(ls, ls + lines.lengths[li]);
      const text = lines.lines[li];
      const ca = charIndex(bytes, text, a);
      const cb = charIndex(bytes, text, b);
      const row = segs[li];
      const n = row.length;
      if (n > 0 && row[n - 3] === ca && row[n - 2] === top.level && row[n - 1] === top.count) row[n - 3] = cb; // extend
      else row.push(ca, cb, top.level, top.count);
      if (!isBlank(text, ca, cb)) {
        const h = hits[li];
        hits[li] = h === null ? top.count : Math.max(h, top.count);
        if (top.count === 0) missed[li] = true;
      }
    }
  };
  let at = 0;
  for (const b of boundaries) {
    if (b.offset > at && stack.length > 0) emit(at, b.offset, stack[stack.length - 1]);
    at = b.offset;
    if (b.start) stack.push(b);
    else stack.pop(); // a stray end closes nothing, as in HTML
  }
  if (stack.length > 0 && at < src.length) emit(at, src.length, stack[stack.length - 1]);
  const partial: number[] = [];
  for (let i = 0; i < nLines; i++) if (missed[i] && (hits[i] ?? 0) > 0) partial.push(i);
  return { segs, hits, partial, max, misplaced };
}
