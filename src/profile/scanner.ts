// The text cover profile format, in one place: bytes in (any chunking), the
// mode and each block line's fields out, to a BlockSink. This module owns the
// grammar ("mode: M" then "<name>:<sl>.<sc>,<el>.<ec> <n> <count>" lines),
// its limits (line length, number ranges) and its error texts.
//
// Lines are split on '\n' with a carry for lines that span chunks (so a chunk
// may end inside "\r\n" or inside a multi-byte UTF-8 character). A block line
// is read by one of two scans that agree on every line the fast one takes:
// - the general scan, from the line's right end as Go's x/tools does (file
//   names may contain ':' and spaces), which also gives every error;
// - a fast left-to-right scan of a line naming the same file as the previous
//   block line, for plain fields only ("12.3,14.5 2 7" then "\n" or "\r\n");
//   anything unusual is left to the general scan.
// A sink may add a fast path (BlockSink.followLines): it takes the lines that
// start with the bytes it expects (name and block text) and reads their
// counts with this module's count rule (readCount), as the fast scan does.
// A sink may also read the raw bytes of the line it is handed (lineBuf,
// lineStart, lineEnd), e.g. to copy lines that need no rewriting.

import { ProfileError, quoteText, truncateText } from './errors.js';
import { decodeName } from './names.js';
import { MAX_COUNT, MODES, type Mode } from './model.js';

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;
const MODE_PREFIX = new TextEncoder().encode('mode: ');
const MAX_U32 = 0xffffffff;
/**
 * Longest line accepted (16 MiB; Go's own parser stops at 64 KiB). Real block
 * lines are a few hundred bytes: a longer one means a wrong input (e.g. a
 * binary file), and failing fast keeps memory bounded and the carry cheap.
 */
export const MAX_LINE_BYTES = 16 << 20;

const decoder = new TextDecoder('utf-8');

/** How a failing line with control characters is described. */
const BINARY = 'binary data, not a text cover profile:';

/** True when bytes hold a control character no text profile has (tab and CR are text). */
function isBinary(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 && b !== TAB && b !== CR) || b === 0x7f) return true;
  return false;
}

/** Where the scanner delivers what it reads. */
export interface BlockSink {
  /** Called once, with the input's mode, before any block. */
  mode(mode: Mode): void;
  /** One block line's fields; `line` is its 1-based line number. */
  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void;
  /**
   * Optional fast path, tried on each line once the mode is known: take as
   * many whole lines from `s` (bytes in `buf`, also readable through `view`,
   * up to `end`) as the sink can, counting them on from `line` (the number of
   * lines read so far), and return the index after the last one taken (`s`
   * if none), with `followed` set to the number of the last line taken. Each
   * line taken must start with bytes the sink expects exactly (a name and
   * ':', e.g. `name`: the file named by the last line that reached `block`),
   * and the rest must be read with `readBlock`, or matched exactly
   * ("sl.sc,el.ec n ") with its count read by `readCount`. A line not taken
   * changes nothing: it is scanned in full and reaches `block`.
   */
  followLines?(buf: Uint8Array, view: DataView, s: number, end: number, line: number, name: NameBytes): number;
  /** The number of the last line `followLines` took. */
  readonly followed?: number;
}

/** A file name's bytes, readable through a DataView from `off` (names may share one slab). */
export interface NameBytes {
  /** Length in bytes. */
  readonly len: number;
  readonly view: DataView;
  readonly off: number;
}

/** A DataView of all of `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * True if a[ai, ai+n) equals b[bi, bi+n) (both in range). Compares eight
 * bytes (two 4-byte words, one branch) at a time: this is the hot loop of a
 * guided fold, and V8 compiles unaligned DataView reads to plain loads
 * (~1.6x faster than bytewise; the 8-byte step ~10% faster than 4).
 */
export function sameBytes(a: DataView, ai: number, b: DataView, bi: number, n: number): boolean {
  let k = 0;
  for (; k + 8 <= n; k += 8) if (((a.getInt32(ai + k, true) ^ b.getInt32(bi + k, true)) | (a.getInt32(ai + k + 4, true) ^ b.getInt32(bi + k + 4, true))) !== 0) return false;
  if (k + 4 <= n) {
    if (a.getInt32(ai + k, true) !== b.getInt32(bi + k, true)) return false;
    k += 4;
  }
  for (; k < n; k++) if (a.getUint8(ai + k) !== b.getUint8(bi + k)) return false;
  return true;
}

/**
 * True when a block line naming `name` reads back as that name in the general
 * scan: not empty, no line break, and not the start of a mode line (every
 * line starting "mode: " is one). A fast path must take only such names.
 */
export function isLineName(name: string): boolean {
  return name.length > 0 && !name.includes('\n') && !name.startsWith('mode: ');
}

/** True if `view` holds `name` followed by ':' at `s` (before `end`). */
export function matchName(view: DataView, s: number, end: number, name: NameBytes): boolean {
  const n = name.len;
  return s + n < end && view.getUint8(s + n) === COLON && sameBytes(view, s, name.view, name.off, n);
}

/**
 * The fields read by the last `readBlock` that found them (`count` alone by
 * the last `readCount`).
 */
export const scanned = { sl: 0, sc: 0, el: 0, ec: 0, numStmt: 0, count: 0 };

/**
 * A count from `p` as the fast scans take it: 1 to 16 digits, at most
 * 2^53-1, then "\n" or "\r\n" before `end`. Leaves it in `scanned.count` and
 * returns the index after the line end, or -1 for anything else (the general
 * scan then reads the line, or says what is wrong with it).
 */
export function readCount(buf: Uint8Array, p: number, end: number): number {
  const d = p;
  let v = 0;
  let c = 0;
  for (; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 16 || v > MAX_COUNT || p >= end) return -1;
  scanned.count = v;
  if (buf[p] === NL) return p + 1;
  if (buf[p] === CR && p + 1 < end && buf[p + 1] === NL) return p + 2;
  return -1;
}

/**
 * The fast left-to-right scan of a block line's fields, from just after the
 * file name's ':' at `p`: "sl.sc,el.ec n count" and the line end, plain
 * digits only (as `readCount` for the count). Leaves them in `scanned` and
 * returns the index after the line end, or -1 for anything unusual (the
 * general scan then reads the line, or says what is wrong with it).
 */
export function readBlock(buf: Uint8Array, p: number, end: number): number {
  let c = 0;
  let d = p;
  let v = 0;
  for (; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== DOT) return -1;
  scanned.sl = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== COMMA) return -1;
  scanned.sc = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== DOT) return -1;
  scanned.el = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== SPACE) return -1;
  scanned.ec = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== SPACE) return -1;
  scanned.numStmt = v;
  return readCount(buf, p + 1, end);
}

/**
 * Streaming scanner of one input. Push byte chunks, then call `end()`.
 * Nothing is shared between scanners (`scanned` holds one line's fields only
 * for the call that reads them).
 */
export class LineScanner {
  readonly input: string;
  private readonly sink: BlockSink;
  /** The start of a line that spans chunks, as copies of its parts (null: none). */
  private carry: Uint8Array[] | null = null;
  private carryLen = 0;
  private lineNo = 0;
  private modeValue: Mode | null = null;
  /** The previous block line's file name: its bytes (in a reused buffer) and string. */
  private nameBuf = new Uint8Array(256);
  private readonly last: { len: number; view: DataView; off: number } = { len: 0, view: viewOf(this.nameBuf), off: 0 };
  private lastName = '';
  /** The chunk pushed last and a view of it (chunks are often one reused buffer). */
  private chunk: Uint8Array | null = null;
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** Value of the last number field read by `num`. */
  private value = 0;
  /**
   * The raw bytes of the line being handed to the sink (`mode` or `block`):
   * lineBuf[lineStart, lineEnd), without its '\n' but with anything before it
   * ('\r', blanks). lineBuf is the pushed chunk, or a copy for a line that
   * spanned chunks; valid only during the call (not set for a line the sink
   * took through `followLines`).
   */
  lineBuf: Uint8Array = new Uint8Array(0);
  lineStart = 0;
  lineEnd = 0;

  constructor(input: string, sink: BlockSink) {
    this.input = input;
    this.sink = sink;
  }

  /** The byte length of the file name of the block line being handed to the sink. */
  get nameLength(): number {
    return this.last.len;
  }

  /** The mode, once its line was seen. */
  get mode(): Mode | null {
    return this.modeValue;
  }

  /** Feed the next chunk of bytes. */
  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carry !== null) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        if (this.carryLen + chunk.length > MAX_LINE_BYTES) this.tooLong(joinParts(this.carry, chunk, 200));
        // Parts are joined once, when the line ends: linear in the line's length however small the chunks.
        this.carry.push(chunk.slice());
        this.carryLen += chunk.length;
        return;
      }
      const line = joinParts(this.carry, chunk.subarray(0, nl), Infinity);
      this.carry = null;
      this.carryLen = 0;
      this.line(line, 0, line.length);
      start = nl + 1;
    }
    const sink = this.sink;
    const follow = sink.followLines !== undefined;
    let view = this.view;
    if (chunk !== this.chunk) {
      this.chunk = chunk;
      this.view = view = viewOf(chunk);
    }
    const last = this.last;
    const n = chunk.length;
    for (;;) {
      if (this.modeValue !== null) {
        if (follow) {
          const q = sink.followLines!(chunk, view, start, n, this.lineNo, last);
          if (q > start) {
            this.lineNo = sink.followed!;
            start = q;
          }
        }
        if (last.len > 0 && matchName(view, start, n, last)) {
          const q = readBlock(chunk, start + last.len + 1, n);
          if (q >= 0) {
            this.lineNo++;
            this.lineBuf = chunk;
            this.lineStart = start;
            this.lineEnd = q - 1;
            sink.block(this.lastName, scanned.sl, scanned.sc, scanned.el, scanned.ec, scanned.numStmt, scanned.count, this.lineNo);
            start = q;
            continue;
          }
        }
      }
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.carry = [chunk.slice(start)];
      this.carryLen = chunk.length - start;
    }
  }

  /** Finish the input: parses a last line without newline; fails on an input without a mode line. */
  end(): void {
    if (this.carry !== null) {
      const line = joinParts(this.carry, new Uint8Array(0), Infinity);
      this.carry = null;
      this.carryLen = 0;
      this.line(line, 0, line.length);
    }
    if (this.modeValue === null) throw new ProfileError('EMPTY_PROFILE', 'empty profile: no "mode:" line', { input: this.input });
  }

  private fail(code: 'MISSING_MODE' | 'BAD_MODE' | 'MODE_CONFLICT' | 'BAD_LINE' | 'NEGATIVE_NUMBER' | 'COUNT_OVERFLOW', what: string, buf: Uint8Array, s: number, e: number): never {
    const bytes = buf.subarray(s, e);
    const text = truncateText(decoder.decode(bytes.subarray(0, 4 * 80 + 4)));
    const detail = isBinary(bytes)
      ? `${BINARY} ${quoteText(bytes)}`
      : `${what} ${quoteText(bytes)}${code === 'BAD_LINE' ? ' (expected file:L.C,L.C N C)' : ''}`;
    throw new ProfileError(code, detail, { input: this.input, line: this.lineNo, text });
  }

  /** A line longer than MAX_LINE_BYTES (`head` is its start), whether or not it spans chunks. */
  private tooLong(head: Uint8Array): never {
    const start = head.subarray(0, 200);
    const text = truncateText(decoder.decode(start));
    const what = isBinary(start) ? BINARY : `line longer than ${MAX_LINE_BYTES >> 20} MiB (not a text cover profile?):`;
    throw new ProfileError('BAD_LINE', `${what} ${quoteText(start)}`, { input: this.input, line: this.lineNo + 1, text });
  }

  /** The general scan of one line (without its '\n'). */
  private line(buf: Uint8Array, s: number, e: number): void {
    if (e - s > MAX_LINE_BYTES) this.tooLong(buf.subarray(s, e));
    this.lineNo++;
    this.lineBuf = buf;
    this.lineStart = s;
    this.lineEnd = e;
    while (e > s && (buf[e - 1] === CR || buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (e === s) return; // blank lines are tolerated
    if (startsWith(buf, s, e, MODE_PREFIX)) {
      this.modeLine(buf, s, e);
      return;
    }
    if (this.modeValue === null) this.fail('MISSING_MODE', 'first line must be "mode: set|count|atomic", got', buf, s, e);

    // Scan from the right: "<name>:<sl>.<sc>,<el>.<ec> <n> <count>"
    let j = this.sep(buf, s, e, this.num(buf, s, e, e, true), SPACE);
    const count = this.value;
    j = this.sep(buf, s, e, this.num(buf, s, e, j, false), SPACE);
    const numStmt = this.value;
    j = this.sep(buf, s, e, this.num(buf, s, e, j, false), DOT);
    const ec = this.value;
    j = this.sep(buf, s, e, this.num(buf, s, e, j, false), COMMA);
    const el = this.value;
    j = this.sep(buf, s, e, this.num(buf, s, e, j, false), DOT);
    const sc = this.value;
    j = this.sep(buf, s, e, this.num(buf, s, e, j, false), COLON);
    const sl = this.value;
    if (j === s) this.badLine(buf, s, e, j + 1);
    this.sink.block(this.name(buf, s, j), sl, sc, el, ec, numStmt, count, this.lineNo);
  }

  /**
   * The number field ending at `i`, read as Go's strconv.Atoi reads it (the
   * x/tools parser hands it the text between two separators): digits with
   * an optional leading '+' or '-', leading zeros allowed ("007", "+7" and
   * "-0" are numbers). Leaves the value in `value` and returns the index of
   * the field's first character. A field with no digits is a bad line, a
   * negative one a negative number; a value we cannot hold exactly (a count
   * above 2^53-1, any other field above 2^32-1) is an error, never rounded.
   */
  private num(buf: Uint8Array, s: number, e: number, i: number, isCount: boolean): number {
    let j = i;
    while (j > s && isDigit(buf[j - 1])) j--;
    if (j === i) this.badLine(buf, s, e, j);
    let z = j;
    while (z < i - 1 && buf[z] === ZERO) z++;
    const v = i - z > 16 ? Infinity : parseDigits(buf, z, i);
    if (j > s && (buf[j - 1] === PLUS || buf[j - 1] === MINUS)) {
      j--;
      if (j > s && (buf[j - 1] === PLUS || buf[j - 1] === MINUS)) this.fail('BAD_LINE', 'bad block', buf, s, e);
      if (buf[j] === MINUS && v !== 0) this.fail('NEGATIVE_NUMBER', 'negative number in', buf, s, e);
    }
    if (isCount ? v > MAX_COUNT : v > MAX_U32) {
      if (isCount) this.fail('COUNT_OVERFLOW', 'count exceeds 2^53-1 in', buf, s, e);
      this.fail('BAD_LINE', 'number out of range in', buf, s, e);
    }
    this.value = v;
    return j;
  }

  /** Check that the field starting at `j` follows separator `sep`; returns the separator's index. */
  private sep(buf: Uint8Array, s: number, e: number, j: number, sep: number): number {
    if (j === s || buf[j - 1] !== sep) this.badLine(buf, s, e, j);
    return j - 1;
  }

  /** A malformed line; a '-' where a digit field ends means a negative number. */
  private badLine(buf: Uint8Array, s: number, e: number, at: number): never {
    if (at > s && buf[at - 1] === MINUS) this.fail('NEGATIVE_NUMBER', 'negative number in', buf, s, e);
    this.fail('BAD_LINE', 'bad block', buf, s, e);
  }

  /**
   * Decode the file name (losslessly: names are bytes, see names.ts),
   * reusing the previous line's string when the bytes match (the common
   * case); the name becomes the one the fast scan looks for.
   */
  private name(buf: Uint8Array, s: number, e: number): string {
    const last = this.last;
    const n = e - s;
    if (n === last.len) {
      let k = 0;
      const prev = this.nameBuf;
      while (k < n && buf[s + k] === prev[k]) k++;
      if (k === n) return this.lastName;
    }
    if (n > this.nameBuf.length) {
      this.nameBuf = new Uint8Array(Math.max(n, 2 * this.nameBuf.length));
      last.view = viewOf(this.nameBuf);
    }
    this.nameBuf.set(buf.subarray(s, e));
    last.len = n;
    this.lastName = decodeName(this.nameBuf.subarray(0, n));
    return this.lastName;
  }

  /** The "mode: M" line: the first one sets the mode, a later one must agree. */
  private modeLine(buf: Uint8Array, s: number, e: number): void {
    const word = decoder.decode(buf.subarray(s + MODE_PREFIX.length, e)).trim();
    if (!(MODES as readonly string[]).includes(word)) this.fail('BAD_MODE', 'unknown mode (want set, count or atomic) in', buf, s, e);
    const mode = word as Mode;
    if (this.modeValue === null) {
      this.modeValue = mode;
      this.sink.mode(mode);
    } else if (this.modeValue !== mode) {
      this.fail('MODE_CONFLICT', `conflicting mode line (input started with "mode: ${this.modeValue}"):`, buf, s, e);
    }
  }
}

function isDigit(b: number): boolean {
  return b >= ZERO && b <= ZERO + 9;
}

function parseDigits(buf: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + (buf[k] - ZERO);
  return v;
}

function startsWith(buf: Uint8Array, s: number, e: number, prefix: Uint8Array): boolean {
  if (e - s < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[s + k] !== prefix[k]) return false;
  return true;
}

/** The first `limit` bytes of `parts` followed by `tail`, as one array. */
function joinParts(parts: readonly Uint8Array[], tail: Uint8Array, limit: number): Uint8Array {
  let n = tail.length;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(Math.min(n, limit));
  let at = 0;
  for (const p of [...parts, tail]) {
    if (at >= out.length) break;
    const take = Math.min(p.length, out.length - at);
    out.set(take === p.length ? p : p.subarray(0, take), at);
    at += take;
  }
  return out;
}
