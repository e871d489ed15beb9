// A profile builder guided by a template: the blocks of one input in (from
// the LineScanner), its canonical Profile out, exactly as ProfileBuilder
// would build it — but fast when the input follows the template's blocks,
// which is the normal case when folding many profiles of one build (the
// template is the merge so far). Its pre-check (BlockSink.expect) tells the
// scanner when a line starts with the expected file name and block text byte
// for byte; the scanner then reads only the count, and the resulting
// FileCoverage shares the template's pos/stmts arrays. A repeated run of the
// template's blocks (multi-package `go test -coverpkg` output) is combined in
// place. Anything else hands that file over to a FileAccumulator, seeded
// with what was seen so far, so results and errors equal ProfileBuilder's.
//
// Per-input state is flat (typed arrays indexed by template file and block),
// so following the template allocates nothing per file or per line.

import { FileAccumulator } from './accumulator.js';
import { combineCounts } from './counts.js';
import { FileTable } from './fileTable.js';
import { putBlock } from './decimal.js';
import { encodeName } from './names.js';
import { compareUtf8, MAX_COUNT, type FileCoverage, type Mode, type Profile } from './model.js';
import { LineScanner, matchName, sameBytes, viewOf, type BlockSink, type NameBytes } from './scanner.js';

// A template file's name bytes live in a shared slab (NameBytes.view covers
// the slab, the name starts at `off`), so a profile naming a million files
// costs no ArrayBuffer or DataView per name.

/** Slab the names are copied into (names live as long as their cache). */
const NAME_SLAB = 1 << 20;

/** The template's blocks of one file as text: "sl.sc,el.ec n " per block, concatenated. */
interface BlockText {
  readonly view: DataView;
  /** Block k is bytes[offs[k], offs[k+1]). */
  readonly offs: Uint32Array;
}

/** Block texts by template pos array (stable across the inputs of a fold). */
const texts = new WeakMap<Uint32Array, BlockText>();

/** Reused output buffer of blockText. */
let scratch = new Uint8Array(1 << 16);

function blockText(t: FileCoverage): BlockText {
  let bt = texts.get(t.pos);
  if (bt !== undefined) return bt;
  const n = t.stmts.length;
  const offs = new Uint32Array(n + 1);
  // At most 10 digits per number plus 5 separators per block.
  if (scratch.length < n * 55) scratch = new Uint8Array(n * 55);
  const bytes = scratch;
  let len = 0;
  for (let k = 0; k < n; k++) {
    len = putBlock(bytes, len, t.pos, k, t.stmts[k]);
    offs[k + 1] = len;
  }
  bt = { view: viewOf(bytes.slice(0, len)), offs };
  texts.set(t.pos, bt);
  return bt;
}

/** Lookup tables of one template, shared by every input it guides. */
interface Guide {
  readonly files: readonly FileCoverage[];
  /** Template file index by name. */
  readonly index: Map<string, number>;
  /** Blocks of file i are at [base[i], base[i+1]) of the flat per-input arrays. */
  readonly base: Uint32Array;
  readonly names: NameBytes[];
  /** Built on first use (a file absent from every input costs nothing). */
  readonly texts: (BlockText | undefined)[];
}

/** Guides by template file list (a fold that keeps its list when nothing changes reuses its guide). */
const guides = new WeakMap<readonly FileCoverage[], Guide>();

const NO_COUNTS = new Float64Array(0);

const NO_GUIDE: Guide = { files: [], index: new Map(), base: new Uint32Array(1), names: [], texts: [] };

/**
 * State shared across the inputs of one fold: encoded file names and, when
 * the fold keeps no reference to an input's count arrays once it has folded
 * it (`reuseCounts`), one set of count buffers reused for every input — so
 * memory does not grow with the number of inputs while garbage waits for GC.
 */
export class GuideCache {
  readonly names = new Map<string, NameBytes>();
  readonly reuseCounts: boolean;
  counts: Float64Array | null = null;
  lines: Uint32Array | null = null;

  constructor(reuseCounts = false) {
    this.reuseCounts = reuseCounts;
  }

  private slab: Uint8Array = new Uint8Array(0);
  private slabView: DataView = new DataView(new ArrayBuffer(0));
  private slabUsed = 0;

  /** A name's bytes, encoded once per fold. */
  nameBytes(name: string): NameBytes {
    let nb = this.names.get(name);
    if (nb === undefined) {
      const encoded = encodeName(name);
      const n = encoded.length;
      if (n > NAME_SLAB / 16) {
        nb = { len: n, view: viewOf(encoded), off: 0 };
      } else {
        if (this.slabUsed + n > this.slab.length) {
          this.slab = new Uint8Array(NAME_SLAB);
          this.slabView = viewOf(this.slab);
          this.slabUsed = 0;
        }
        const off = this.slabUsed;
        this.slab.set(encoded, off);
        this.slabUsed += n;
        nb = { len: n, view: this.slabView, off };
      }
      this.names.set(name, nb);
    }
    return nb;
  }

  guide(template: Profile | null): Guide {
    if (template === null) return NO_GUIDE;
    let g = guides.get(template.files);
    if (g !== undefined) return g;
    const files = template.files;
    const index = new Map<string, number>();
    const base = new Uint32Array(files.length + 1);
    const names: NameBytes[] = [];
    files.forEach((f, i) => {
      index.set(f.name, i);
      base[i + 1] = base[i] + f.stmts.length;
      names.push(this.nameBytes(f.name));
    });
    g = { files, index, base, names, texts: new Array<BlockText | undefined>(files.length) };
    guides.set(files, g);
    return g;
  }
}

/** Builds the canonical Profile of one input, fast when it follows `template`. */
export class GuidedProfileBuilder implements BlockSink {
  private readonly input: string;
  private modeValue: Mode = 'set';
  private readonly cache: GuideCache;
  // Set by useGuide.
  private guide!: Guide;
  /** Counts and first-seen lines of the template's blocks, flat (see Guide.base). */
  private counts!: Float64Array;
  private lines!: Uint32Array;
  /** Per template file: blocks [0, seen) have been seen in order (0: file not in the input yet). */
  private seen!: Uint32Array;
  /** Per template file: index of the block expected next. */
  private cursor!: Uint32Array;
  /** An input without a template is guided by its own first pass once (see guideBySelf). */
  private selfGuided = false;
  /** Files off the template's order, or not in the template: the general accumulators. */
  private readonly general = new FileTable();
  /** The current file: its template index (-1 if none) and, off the template, its accumulator. */
  private cur = -1;
  private curAcc: FileAccumulator | null = null;
  private curName: NameBytes | null = null;
  private curText: BlockText | null = null;
  /** The template file and block that `expect` matched last. */
  private expFile = -1;
  private expBlock = 0;

  constructor(input: string, template: Profile | null, cache: GuideCache = new GuideCache()) {
    this.input = input;
    this.cache = cache;
    this.useGuide(cache.guide(template));
  }

  mode(mode: Mode): void {
    this.modeValue = mode;
  }

  /** The pre-check: the current template file's expected block, or the next file's first one (see BlockSink.expect). */
  expect(view: DataView, s: number, end: number): number {
    const name = this.curName;
    // Off the template (or no template): the scanner's own fast scan serves the general accumulator.
    if (name === null || this.curAcc !== null) return -1;
    const i = this.cur;
    if (matchName(view, s, end, name)) return this.expectBlock(view, s + name.len + 1, end, i, this.curText!);
    // The template's next file, as in an input that follows the template.
    if (i + 1 >= this.guide.files.length) return -1;
    const next = this.guide.names[i + 1];
    if (!matchName(view, s, end, next) || this.general.has(this.guide.files[i + 1].name)) return -1;
    return this.expectBlock(view, s + next.len + 1, end, i + 1, this.textOf(i + 1));
  }

  /** The count of the block `expect` matched; the file it names becomes the current one. */
  expected(count: number, line: number): boolean {
    const i = this.expFile;
    if (!this.put(i, this.expBlock, count, line)) return false;
    if (i !== this.cur) this.setCurrent(i, null, this.guide.names[i], this.textOf(i));
    return true;
  }

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    const g = this.guide;
    let i = this.cur;
    let acc = this.curAcc;
    const curName = acc !== null ? acc.name : i >= 0 ? g.files[i].name : null;
    if (curName !== fileName) {
      if (acc !== null) this.general.close(acc);
      if (g === NO_GUIDE && !this.selfGuided && this.general.has(fileName) && this.guideBySelf()) return this.block(fileName, sl, sc, el, ec, numStmt, count, line);
      acc = this.general.open(fileName);
      i = acc === null ? (g.index.get(fileName) ?? -1) : -1;
      if (acc === null && i < 0) {
        acc = this.general.create(fileName);
      }
      // Only a template file needs its name bytes (for `expect`): they are the guide's.
      this.setCurrent(i, acc, i >= 0 ? g.names[i] : null, i >= 0 ? this.textOf(i) : null);
    }
    if (acc === null && this.follow(i, sl, sc, el, ec, numStmt, count, line)) return;
    if (acc === null) {
      // Leaves the template's order: hand what was seen over to the general path.
      const t = g.files[i];
      const b = g.base[i];
      const n = t.stmts.length;
      acc = FileAccumulator.fromSorted(t.name, t.pos, t.stmts, this.counts.subarray(b, b + n), this.lines.subarray(b, b + n), this.seen[i]);
      this.general.set(acc);
      this.setCurrent(-1, acc, null, null);
    }
    acc.add(this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
  }

  /** The input's canonical profile (throws the errors ProfileBuilder.finish would). */
  finish(): Profile {
    const g = this.guide;
    // Lists made at their final size: grown a push at a time, a million files' lists left their copies as garbage.
    const extra = new Array<string>(this.general.size);
    let k = 0;
    for (const name of this.general.names()) if (!g.index.has(name)) extra[k++] = name;
    extra.length = k;
    extra.sort(compareUtf8);
    const files = new Array<FileCoverage>(k + g.files.length);
    let f = 0;
    let e = 0;
    const mode = this.modeValue;
    for (let i = 0; i < g.files.length; i++) {
      const t = g.files[i];
      while (e < extra.length && compareUtf8(extra[e], t.name) < 0) files[f++] = this.finishFile(extra[e++]);
      if (this.general.has(t.name)) {
        files[f++] = this.finishFile(t.name);
        continue;
      }
      const n = this.seen[i];
      if (n === 0) continue; // not in this input
      const b = g.base[i];
      if (n === t.stmts.length) files[f++] = { name: t.name, pos: t.pos, stmts: t.stmts, counts: this.counts.subarray(b, b + n) };
      else files[f++] = { name: t.name, pos: t.pos.slice(0, 4 * n), stmts: t.stmts.slice(0, n), counts: this.counts.slice(b, b + n) };
    }
    while (e < extra.length) files[f++] = this.finishFile(extra[e++]);
    files.length = f;
    return { mode, files };
  }

  /** Finish a general file and drop it from the table. */
  private finishFile(name: string): FileCoverage {
    return this.general.take(name, this.modeValue, this.input);
  }

  /**
   * An input parsed without a template that comes back to a file it has
   * already seen (the next section of a multi-package `-coverpkg` profile,
   * which repeats every block once per test package) is from then on guided
   * by what it has seen so far, so its later sections take the fast path.
   * Only when every file seen is sorted and unique as it stands (nothing for
   * a compaction to find), so results and errors stay those of the plain
   * parse. Returns true if the builder now has that template.
   */
  private guideBySelf(): boolean {
    this.selfGuided = true;
    const views = this.general.sortedViews();
    if (views === null) return false;
    views.sort((a, b) => compareUtf8(a.name, b.name));
    const files = views.map((v) => ({ name: v.name, pos: v.pos.slice(), stmts: v.stmts.slice(), counts: NO_COUNTS }));
    const g = this.cache.guide({ mode: this.modeValue, files });
    this.useGuide(g);
    views.forEach((v, i) => {
      this.counts.set(v.counts, g.base[i]);
      this.lines.set(v.lines, g.base[i]);
      this.seen[i] = this.cursor[i] = v.stmts.length;
    });
    this.general.clear();
    this.cur = -1;
    this.curAcc = null;
    this.curName = null;
    this.curText = null;
    return true;
  }

  /** Follow `g` from now on, with per-input arrays sized for it (the fold's reused buffers when it allows). */
  private useGuide(g: Guide): void {
    const cache = this.cache;
    const total = g.base[g.files.length];
    this.guide = g;
    if (cache.reuseCounts && cache.counts !== null && cache.counts.length >= total) {
      // Safe without clearing: a count is written when its block is first seen, before any read.
      this.counts = cache.counts;
      this.lines = cache.lines!;
    } else {
      this.counts = new Float64Array(total);
      this.lines = new Uint32Array(total);
      if (cache.reuseCounts) {
        cache.counts = this.counts;
        cache.lines = this.lines;
      }
    }
    this.seen = new Uint32Array(g.files.length);
    this.cursor = new Uint32Array(g.files.length);
  }

  private setCurrent(i: number, acc: FileAccumulator | null, name: NameBytes | null, text: BlockText | null): void {
    this.cur = i;
    this.curAcc = acc;
    this.curName = name;
    this.curText = text;
  }

  private textOf(i: number): BlockText {
    return (this.guide.texts[i] ??= blockText(this.guide.files[i]));
  }

  /**
   * Match the rest of a line of template file `i` from `p` (just after the
   * name's ':') against the expected block's text, or the file's first
   * block's again. Returns the index after the text (where the count
   * starts), or -1; remembers the block for `expected`.
   */
  private expectBlock(view: DataView, p: number, end: number, i: number, text: BlockText): number {
    const offs = text.offs;
    const n = offs.length - 1;
    let k = this.cursor[i];
    let q = k < n ? matchText(view, p, end, text.view, offs[k], offs[k + 1]) : -1;
    if (q < 0 && k !== 0) {
      k = 0;
      q = n > 0 ? matchText(view, p, end, text.view, offs[0], offs[1]) : -1;
    }
    if (q < 0) return -1;
    this.expFile = i;
    this.expBlock = k;
    return q;
  }

  /**
   * Take a block that continues the template's order (the expected next
   * block, or the first one again); false, with no state changed, otherwise.
   */
  private follow(i: number, sl: number, sc: number, el: number, ec: number, ns: number, count: number, line: number): boolean {
    const t = this.guide.files[i];
    const pos = t.pos;
    let k = this.cursor[i];
    let p = 4 * k;
    if (k >= t.stmts.length || pos[p] !== sl || pos[p + 1] !== sc || pos[p + 2] !== el || pos[p + 3] !== ec) {
      k = 0;
      p = 0;
      if (t.stmts.length === 0 || pos[0] !== sl || pos[1] !== sc || pos[2] !== el || pos[3] !== ec) return false;
    }
    if (t.stmts[k] !== ns) return false;
    return this.put(i, k, count, line);
  }

  /** Record `count` for block k of template file i (combined with an earlier one); false on overflow. */
  private put(i: number, k: number, count: number, line: number): boolean {
    const at = this.guide.base[i] + k;
    if (k < this.seen[i]) {
      const v = combineCounts(this.modeValue, this.counts[at], count);
      if (v > MAX_COUNT) return false;
      this.counts[at] = v;
    } else {
      this.counts[at] = count;
      this.lines[at] = line;
      this.seen[i] = k + 1;
    }
    this.cursor[i] = k + 1;
    return true;
  }
}

/** Index after `text[from, to)` if `buf` holds those bytes at `p` (before `end`), else -1. */
function matchText(buf: DataView, p: number, end: number, text: DataView, from: number, to: number): number {
  const n = to - from;
  return p + n < end && sameBytes(buf, p, text, from, n) ? p + n : -1;
}

/** Parse one streamed input into its canonical Profile, guided by `template` (null: by itself once it repeats). */
export async function parseGuided(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  input: string,
  template: Profile | null,
  cache?: GuideCache,
): Promise<Profile> {
  const builder = new GuidedProfileBuilder(input, template, cache);
  const parser = new LineScanner(input, builder);
  for await (const chunk of chunks) parser.push(chunk);
  parser.end();
  return builder.finish();
}
