// A profile builder guided by a template: bytes of one input in (through
// LineParser), its canonical Profile out, exactly as ProfileBuilder would
// build it — but fast when the input follows the template's blocks, which is
// the normal case when folding many profiles of one build (the template is
// the merge so far). Such lines are matched byte by byte against the
// expected file name and block, only the count is stored, and the resulting
// FileCoverage shares the template's pos/stmts arrays. A repeated run of the
// template's blocks (multi-package `go test -coverpkg` output) is combined in
// place. Anything else hands that file over to a FileAccumulator, seeded
// with what was seen so far, so results and errors equal ProfileBuilder's.

import { combineCounts, FileAccumulator } from './accumulator.js';
import { compareUtf8, MAX_COUNT, type FileCoverage, type Mode, type Profile } from './model.js';
import { matchName, parseBlockTail, tailFields, type BlockSink } from './parser.js';

const NL = 10;
const CR = 13;
const ZERO = 48;

const encoder = new TextEncoder();

/** The template's blocks of one file as text: "sl.sc,el.ec n " per block, concatenated. */
interface BlockText {
  readonly bytes: Uint8Array;
  /** Block k is bytes[offs[k], offs[k+1]). */
  readonly offs: Uint32Array;
}

/** Block texts by template pos array (stable across the inputs of a fold). */
const texts = new WeakMap<Uint32Array, BlockText>();

function blockText(t: FileCoverage): BlockText {
  let bt = texts.get(t.pos);
  if (bt !== undefined) return bt;
  const n = t.stmts.length;
  const offs = new Uint32Array(n + 1);
  const parts: string[] = [];
  let len = 0;
  for (let k = 0, p = 0; k < n; k++, p += 4) {
    const text = `${t.pos[p]}.${t.pos[p + 1]},${t.pos[p + 2]}.${t.pos[p + 3]} ${t.stmts[k]} `;
    parts.push(text);
    len += text.length; // ASCII: one byte per char
    offs[k + 1] = len;
  }
  bt = { bytes: encoder.encode(parts.join('')), offs };
  texts.set(t.pos, bt);
  return bt;
}

/** Per-input state of one source file. */
class GuidedFile {
  readonly name: string;
  /** The template's blocks of this file, or null for a file the template lacks. */
  readonly tmpl: FileCoverage | null;
  readonly nameBytes: Uint8Array;
  readonly text: BlockText | null;
  readonly counts: Float64Array;
  readonly lines: Uint32Array;
  /** Template blocks [0, seen) have been seen (in order), the others not yet. */
  seen = 0;
  /** Index of the template block expected next. */
  cursor = 0;
  /** Set once the file left the template's order: from then on the general path. */
  acc: FileAccumulator | null;

  constructor(name: string, tmpl: FileCoverage | null, nameBytes: Uint8Array, counts: Float64Array, lines: Uint32Array) {
    this.name = name;
    this.tmpl = tmpl;
    this.nameBytes = nameBytes;
    this.text = tmpl === null ? null : blockText(tmpl);
    this.counts = counts;
    this.lines = lines;
    this.acc = tmpl === null ? new FileAccumulator(name) : null;
  }
}

const NO_COUNTS = new Float64Array(0);
const NO_LINES = new Uint32Array(0);

/**
 * State shared across the inputs of one fold: encoded file names and, when
 * the fold keeps no reference to an input's count arrays once it has folded
 * it (`reuseCounts`), one set of count buffers reused for every input — so
 * memory does not grow with the number of inputs while garbage waits for GC.
 */
export class GuideCache {
  readonly names = new Map<string, Uint8Array>();
  readonly reuseCounts: boolean;
  counts: Float64Array | null = null;
  lines: Uint32Array | null = null;

  constructor(reuseCounts = false) {
    this.reuseCounts = reuseCounts;
  }
}

/** Builds the canonical Profile of one input, fast when it follows `template`. */
export class GuidedProfileBuilder implements BlockSink {
  private readonly input: string;
  private modeValue: Mode = 'set';
  private readonly template = new Map<string, FileCoverage>();
  private readonly cache: GuideCache;
  private readonly files = new Map<string, GuidedFile>();
  private cur: GuidedFile | null = null;
  private readonly bases = new Map<string, number>();
  private templateBlocks = 0;
  private flatCounts: Float64Array | null = null;
  private flatLines: Uint32Array | null = null;

  constructor(input: string, template: Profile | null, cache: GuideCache = new GuideCache()) {
    this.input = input;
    this.cache = cache;
    if (template !== null) {
      for (const f of template.files) {
        this.template.set(f.name, f);
        this.bases.set(f.name, this.templateBlocks);
        this.templateBlocks += f.stmts.length;
      }
    }
  }

  mode(mode: Mode): void {
    this.modeValue = mode;
  }

  fastLine(buf: Uint8Array, s: number, end: number, line: number): number {
    const f = this.cur;
    if (f === null) return -1;
    const nb = f.nameBytes;
    if (!matchName(buf, s, end, nb)) return -1;
    const p = s + nb.length + 1;
    if (f.acc !== null) {
      // Off the template (or no template): the general accumulator, fast line parse.
      const q = parseBlockTail(buf, p, end);
      if (q < 0) return -1;
      const t = tailFields;
      f.acc.add(this.modeValue, t[0], t[1], t[2], t[3], t[4], t[5], this.input, line);
      return q;
    }
    // The expected block's text, else the file's first block again.
    const { bytes, offs } = f.text!;
    const n = offs.length - 1;
    let k = f.cursor;
    let q = k < n ? matchText(buf, p, end, bytes, offs[k], offs[k + 1]) : -1;
    if (q < 0 && k !== 0) {
      k = 0;
      q = n > 0 ? matchText(buf, p, end, bytes, offs[0], offs[1]) : -1;
    }
    if (q < 0) return -1;
    let count = 0;
    let c = 0;
    const d = q;
    for (; q < end && (c = buf[q] - ZERO) >= 0 && c <= 9; q++) count = count * 10 + c;
    if (q === d || q - d > 16 || count > MAX_COUNT || q >= end) return -1;
    if (buf[q] === NL) q++;
    else if (buf[q] === CR && q + 1 < end && buf[q + 1] === NL) q += 2;
    else return -1;
    if (k < f.seen) {
      const v = combineCounts(this.modeValue, f.counts[k], count);
      if (v > MAX_COUNT) return -1;
      f.counts[k] = v;
    } else {
      f.counts[k] = count;
      f.lines[k] = line;
      f.seen = k + 1;
    }
    f.cursor = k + 1;
    return q;
  }

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    let f = this.cur;
    if (f === null || f.name !== fileName) {
      f = this.files.get(fileName) ?? this.open(fileName);
      this.cur = f;
    }
    if (f.acc === null && this.follow(f, sl, sc, el, ec, numStmt, count, line)) return;
    if (f.acc === null) f.acc = FileAccumulator.fromSorted(f.name, f.tmpl!.pos, f.tmpl!.stmts, f.counts, f.lines, f.seen);
    f.acc.add(this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
  }

  /** The input's canonical profile (throws the errors ProfileBuilder.finish would). */
  finish(): Profile {
    const names = [...this.files.keys()].sort(compareUtf8);
    const files: FileCoverage[] = [];
    for (const name of names) {
      const f = this.files.get(name)!;
      if (f.acc !== null) {
        files.push(f.acc.finish(this.modeValue, this.input));
        continue;
      }
      const t = f.tmpl!;
      const n = f.seen;
      if (n === 0) continue; // not reached: a file is opened by one of its blocks
      if (n === t.stmts.length) files.push({ name, pos: t.pos, stmts: t.stmts, counts: f.counts });
      else files.push({ name, pos: t.pos.slice(0, 4 * n), stmts: t.stmts.slice(0, n), counts: f.counts.slice(0, n) });
    }
    return { mode: this.modeValue, files };
  }

  private open(name: string): GuidedFile {
    const names = this.cache.names;
    let nb = names.get(name);
    if (nb === undefined) {
      nb = encoder.encode(name);
      names.set(name, nb);
    }
    const t = this.template.get(name);
    let f: GuidedFile;
    if (t === undefined) {
      f = new GuidedFile(name, null, nb, NO_COUNTS, NO_LINES);
    } else {
      // Counts of all template files live in two flat arrays, allocated once per input.
      if (this.flatCounts === null) {
        const cache = this.cache;
        if (cache.reuseCounts && cache.counts !== null && cache.counts.length >= this.templateBlocks) {
          // Safe without clearing: a count is written when its block is first seen, before any read.
          this.flatCounts = cache.counts;
          this.flatLines = cache.lines;
        } else {
          this.flatCounts = new Float64Array(this.templateBlocks);
          this.flatLines = new Uint32Array(this.templateBlocks);
          if (cache.reuseCounts) {
            cache.counts = this.flatCounts;
            cache.lines = this.flatLines;
          }
        }
      }
      const base = this.bases.get(name)!;
      const n = t.stmts.length;
      f = new GuidedFile(name, t, nb, this.flatCounts.subarray(base, base + n), this.flatLines!.subarray(base, base + n));
    }
    this.files.set(name, f);
    return f;
  }

  /**
   * Take a block that continues the template's order (the expected next
   * block, or the first one again); false, with no state changed, otherwise.
   */
  private follow(f: GuidedFile, sl: number, sc: number, el: number, ec: number, ns: number, count: number, line: number): boolean {
    const t = f.tmpl!;
    const pos = t.pos;
    let k = f.cursor;
    let p = 4 * k;
    if (k >= t.stmts.length || pos[p] !== sl || pos[p + 1] !== sc || pos[p + 2] !== el || pos[p + 3] !== ec) {
      k = 0;
      p = 0;
      if (t.stmts.length === 0 || pos[0] !== sl || pos[1] !== sc || pos[2] !== el || pos[3] !== ec) return false;
    }
    if (t.stmts[k] !== ns) return false;
    if (k < f.seen) {
      const v = combineCounts(this.modeValue, f.counts[k], count);
      if (v > MAX_COUNT) return false;
      f.counts[k] = v;
    } else {
      f.counts[k] = count;
      f.lines[k] = line;
      f.seen = k + 1;
    }
    f.cursor = k + 1;
    return true;
  }
}

/** Index after `bytes[from, to)` if `buf` holds them at `p` (before `end`), else -1. */
function matchText(buf: Uint8Array, p: number, end: number, bytes: Uint8Array, from: number, to: number): number {
  if (p + (to - from) >= end) return -1;
  for (let k = from; k < to; k++, p++) if (buf[p] !== bytes[k]) return -1;
  return p;
}
