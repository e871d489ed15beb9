// A profile builder guided by a template: the blocks of one input in (from
// the LineScanner), its canonical Profile out, exactly as ProfileBuilder
// would build it — but fast when the input follows the template's blocks,
// which is the normal case when folding many profiles of one build (the
// template is the merge so far). Its fast path (BlockSink.followLines) takes the
// lines that start with the expected file name and block text byte for byte,
// reading only their counts (with the scanner's count rule), and the resulting
// FileCoverage shares the template's pos/stmts arrays. A repeated run of the
// template's blocks (multi-package `go test -coverpkg` output) is combined in
// place. Anything else hands that file over to a FileAccumulator, seeded
// with what was seen so far, so results and errors equal ProfileBuilder's.
//
// Per-input state is flat (typed arrays indexed by template file and block),
// so following the template allocates nothing per file or per line.

import { FileAccumulator } from './accumulator.js';
import { blockText, type BlockText } from './blockText.js';
import { combineCounts } from './counts.js';
import { FileTable } from './fileTable.js';
import { encodeName } from './names.js';
import { comparePosTo, compareUtf8, MAX_COUNT, type FileCoverage, type Mode, type Profile } from './model.js';
import { isLineName, LineScanner, matchName, readCount, sameBytes, scanned, viewOf, type BlockSink, type NameBytes } from './scanner.js';

// A template file's name bytes live in a shared slab (NameBytes.view covers
// the slab, the name starts at `off`), so a profile naming a million files
// costs no ArrayBuffer or DataView per name.

/** Slab the names are copied into (names live as long as their cache). */
const NAME_SLAB = 1 << 20;

/** Lookup tables of one template, shared by every input it guides. */
interface Guide {
  readonly files: readonly FileCoverage[];
  /** Template file index by name. */
  readonly index: Map<string, number>;
  /** Blocks of file i are at [base[i], base[i+1]) of the flat per-input arrays. */
  readonly base: Uint32Array;
  readonly names: NameBytes[];
  /** 1 where a text line can name the file (isLineName): only those are entered by the fast path's next-file step. */
  readonly lineNames: Uint8Array;
  /** Built on first use (a file absent from every input costs nothing). */
  readonly texts: (BlockText | undefined)[];
}

/** Guides by template file list (a fold that keeps its list when nothing changes reuses its guide). */
const guides = new WeakMap<readonly FileCoverage[], Guide>();

const NO_COUNTS = new Float64Array(0);

const NO_GUIDE: Guide = { files: [], index: new Map(), base: new Uint32Array(1), names: [], lineNames: new Uint8Array(0), texts: [] };

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
    const lineNames = new Uint8Array(files.length);
    files.forEach((f, i) => {
      index.set(f.name, i);
      base[i + 1] = base[i] + f.stmts.length;
      names.push(this.nameBytes(f.name));
      // A name no line can hold (e.g. from a GOCOVERDIR): its lines, errors all, must reach the general scan.
      lineNames[i] = isLineName(f.name) ? 1 : 0;
    });
    g = { files, index, base, names, lineNames, texts: new Array<BlockText | undefined>(files.length) };
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
  private readonly general: FileTable;
  /** The current file: its template index (-1 if none), or off the template, its name (the general table holds it). */
  private cur = -1;
  private generalName: string | null = null;
  private curText: BlockText | null = null;
  /** The number of the last line `followLines` took. */
  followed = 0;

  /** `bytes`: the input's size, when known (without a template, the general table is sized from it). */
  constructor(input: string, template: Profile | null, cache: GuideCache = new GuideCache(), bytes?: number) {
    this.input = input;
    this.general = new FileTable(template === null && bytes !== undefined ? blocksIn(bytes) : undefined);
    this.cache = cache;
    this.useGuide(cache.guide(template));
  }

  mode(mode: Mode): void {
    this.modeValue = mode;
  }

  /**
   * The fast path (see BlockSink.followLines): lines of the current template file
   * in the template's order (or from its first block again: a repeated
   * section), then of the template's next file, name and block text compared
   * byte for byte, only the count read. Stops, with nothing changed, at the
   * first line that is anything else (the general path then takes it).
   */
  followLines(buf: Uint8Array, view: DataView, s: number, end: number, line: number, lastName: NameBytes): number {
    let i = this.cur;
    // Off the template (or no template yet): the general table's own fast path, for a file it is appending.
    if (i < 0) {
      if (this.generalName === null) return s;
      const q = this.general.followTail(buf, view, s, end, line, lastName);
      this.followed = this.general.followed;
      return q;
    }
    const g = this.guide;
    const { cursor, seen, counts, lines } = this;
    const mode = this.modeValue;
    let cur = i;
    let name = g.names[i];
    let text = this.curText!;
    let k = cursor[i];
    let done = seen[i];
    let base = g.base[i];
    for (;;) {
      if (!matchName(view, s, end, name)) {
        // The template's next file, as in an input that follows the template.
        const j = i + 1;
        if (j >= g.files.length) break;
        const next = g.names[j];
        if (g.lineNames[j] === 0 || !matchName(view, s, end, next) || this.general.has(g.files[j].name)) break;
        cursor[i] = k;
        seen[i] = done;
        i = j;
        name = next;
        text = this.textOf(j);
        k = cursor[j];
        done = seen[j];
        base = g.base[j];
      }
      const p = s + name.len + 1;
      const offs = text.offs;
      const n = offs.length - 1;
      // The expected block, or the first one again (as `follow`; the count is recorded as `put` does).
      let b = k;
      let q = b < n ? matchText(view, p, end, text.view, offs[b], offs[b + 1]) : -1;
      if (q < 0 && b !== 0) {
        b = 0;
        q = n > 0 ? matchText(view, p, end, text.view, offs[0], offs[1]) : -1;
      }
      if (q < 0 || (q = readCount(buf, q, end)) < 0) break;
      const count = scanned.count;
      const at = base + b;
      if (b < done) {
        const v = combineCounts(mode, counts[at], count);
        if (v > MAX_COUNT) break;
        counts[at] = v;
      } else {
        counts[at] = count;
        lines[at] = line + 1;
        done = b + 1;
      }
      k = b + 1;
      line++;
      s = q;
      if (i !== cur) {
        this.setCurrent(i, text);
        cur = i;
      }
    }
    cursor[i] = k;
    seen[i] = done;
    this.followed = line;
    return s;
  }

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    if (fileName === this.generalName) return this.general.add(fileName, this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
    const g = this.guide;
    let i = this.cur;
    if (this.generalName !== null || i < 0 || g.files[i].name !== fileName) {
      this.generalName = null;
      if (g === NO_GUIDE && !this.selfGuided && this.general.has(fileName) && this.guideBySelf()) return this.block(fileName, sl, sc, el, ec, numStmt, count, line);
      i = this.general.has(fileName) ? -1 : (g.index.get(fileName) ?? -1);
      if (i < 0) {
        this.setCurrent(-1, null);
        this.generalName = fileName;
        return this.general.add(fileName, this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
      }
      // A template file: followLines takes its next lines against its block text.
      this.setCurrent(i, this.textOf(i));
    }
    if (this.follow(i, sl, sc, el, ec, numStmt, count, line)) return;
    // Leaves the template's order: hand what was seen over to the general path.
    const t = g.files[i];
    const b = g.base[i];
    const n = t.stmts.length;
    this.general.adopt(FileAccumulator.fromSorted(t.name, t.pos, t.stmts, this.counts.subarray(b, b + n), this.lines.subarray(b, b + n), this.seen[i]));
    this.setCurrent(-1, null);
    this.generalName = t.name;
    this.general.add(t.name, this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
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
    this.setCurrent(-1, null);
    this.generalName = null;
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

  private setCurrent(i: number, text: BlockText | null): void {
    this.cur = i;
    this.curText = text;
  }

  private textOf(i: number): BlockText {
    return (this.guide.texts[i] ??= blockText(this.guide.files[i]));
  }

  /**
   * Take a block that continues the template's order (the expected next
   * block, or the first one again); false, with no state changed, otherwise.
   */
  private follow(i: number, sl: number, sc: number, el: number, ec: number, ns: number, count: number, line: number): boolean {
    const t = this.guide.files[i];
    let k = this.cursor[i];
    // As followLines does: the expected block, or the first one again.
    if (k >= t.stmts.length || comparePosTo(t.pos, k, sl, sc, el, ec) !== 0) {
      k = 0;
      if (t.stmts.length === 0 || comparePosTo(t.pos, 0, sl, sc, el, ec) !== 0) return false;
    }
    if (t.stmts[k] !== ns) return false;
    return this.put(i, k, count, line);
  }

  /** Record `count` for block k of template file i (combined with an earlier one); false on overflow. followLines does the same inline. */
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

/**
 * How many blocks to make room for in an input of `bytes` bytes: a block line
 * is rarely under 40 bytes. Room that stays unused costs no memory (the pages
 * of a fresh array are not touched); up to 4M blocks (128 MiB of address
 * space), then the columns double as they fill.
 */
function blocksIn(bytes: number): number {
  return Math.min(Math.ceil(bytes / 40), 4 << 20);
}

/**
 * Parse one streamed input into its canonical Profile, guided by `template`
 * (null: by itself once it repeats); `bytes` is the input's size if known.
 */
export async function parseGuided(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  input: string,
  template: Profile | null,
  cache?: GuideCache,
  bytes?: number,
): Promise<Profile> {
  const builder = new GuidedProfileBuilder(input, template, cache, bytes);
  const parser = new LineScanner(input, builder);
  for await (const chunk of chunks) parser.push(chunk);
  parser.end();
  return builder.finish();
}
