// The I/O-free core of the text profile parser: bytes in (any chunking),
// canonical Profile out. Lines are split on '\n' with a carry for lines that
// span chunks (so a chunk may end inside "\r\n" or inside a multi-byte UTF-8
// character), and each block line is scanned from its right end, as Go's
// x/tools does: file names may contain ':' and spaces.
//
// Adapters for strings, streams, files and stdin live in read.ts.

import { FileAccumulator } from './accumulator.js';
import { ProfileError, quoteText, truncateText } from './errors.js';
import { decodeName, encodeName } from './names.js';
import { compareUtf8, MAX_COUNT, MODES, type FileCoverage, type Mode, type Profile } from './model.js';

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

/** Where a block is delivered once a line is parsed. */
export interface BlockSink {
  /** Called once, with the input's mode, before any block. */
  mode(mode: Mode): void;
  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void;
  /**
   * Optional fast path, tried on each complete line once the mode is known:
   * take the line starting at `s` (its '\n' lies before `end`) without the
   * general parse and return the index after its '\n', or return -1 to
   * decline (then the line is parsed as usual and reaches `block`). It must
   * only accept lines the general parse would accept with the same result,
   * and must not change any state when it declines. `line` is its number.
   */
  fastLine?(buf: Uint8Array, s: number, end: number, line: number): number;
}

/**
 * Streaming line parser. Push byte chunks, then call `end()`. Blocks go to a
 * BlockSink (ProfileParser below builds a Profile from them).
 */
export class LineParser {
  readonly input: string;
  private readonly sink: BlockSink;
  /** The start of a line that spans chunks, as copies of its parts (null: none). */
  private carry: Uint8Array[] | null = null;
  private carryLen = 0;
  private lineNo = 0;
  private modeValue: Mode | null = null;
  private lastNameBytes: Uint8Array = new Uint8Array(0);
  private lastName = '';

  constructor(input: string, sink: BlockSink) {
    this.input = input;
    this.sink = sink;
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
    const fast = sink.fastLine !== undefined;
    const n = chunk.length;
    for (;;) {
      if (fast && this.modeValue !== null) {
        const next = sink.fastLine!(chunk, start, n, this.lineNo + 1);
        if (next >= 0) {
          this.lineNo++;
          start = next;
          continue;
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

  private line(buf: Uint8Array, s: number, e: number): void {
    if (e - s > MAX_LINE_BYTES) this.tooLong(buf.subarray(s, e));
    this.lineNo++;
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

  /** Value of the last field read by `num`. */
  private value = 0;

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

  /** Decode the file name (losslessly: names are bytes, see names.ts), reusing the previous line's string when the bytes match (the common case). */
  private name(buf: Uint8Array, s: number, e: number): string {
    const last = this.lastNameBytes;
    const n = e - s;
    if (n === last.length) {
      let k = 0;
      while (k < n && buf[s + k] === last[k]) k++;
      if (k === n) return this.lastName;
    }
    this.lastNameBytes = buf.slice(s, e);
    this.lastName = decodeName(this.lastNameBytes);
    return this.lastName;
  }

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

/** Fields of the last line taken by `parseBlockTail`: sl, sc, el, ec, numStmt, count. */
export const tailFields = new Float64Array(6);

/**
 * Fast left-to-right parse of a block line's tail, from just after the
 * file name's ':' at `p`: "sl.sc,el.ec n count" then '\n' or "\r\n", all
 * before `end`. Fields go to `tailFields`; returns the index after the line
 * end, or -1 for anything unusual (leave it to the general parse, which
 * gives the same result for every line this accepts, or the error).
 */
export function parseBlockTail(buf: Uint8Array, p: number, end: number): number {
  let c = 0;
  let d = p;
  let v = 0;
  for (; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== DOT) return -1;
  tailFields[0] = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== COMMA) return -1;
  tailFields[1] = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== DOT) return -1;
  tailFields[2] = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== SPACE) return -1;
  tailFields[3] = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 10 || v > MAX_U32 || p >= end || buf[p] !== SPACE) return -1;
  tailFields[4] = v;
  for (p++, d = p, v = 0; p < end && (c = buf[p] - ZERO) >= 0 && c <= 9; p++) v = v * 10 + c;
  if (p === d || p - d > 16 || v > MAX_COUNT || p >= end) return -1;
  tailFields[5] = v;
  if (buf[p] === NL) return p + 1;
  if (buf[p] === CR && p + 1 < end && buf[p + 1] === NL) return p + 2;
  return -1;
}

/** True if `buf` holds `name` followed by ':' at `s` (before `end`). */
export function matchName(buf: Uint8Array, s: number, end: number, name: Uint8Array): boolean {
  const n = name.length;
  if (s + n >= end || buf[s + n] !== COLON) return false;
  for (let k = 0; k < n; k++) if (buf[s + k] !== name[k]) return false;
  return true;
}

/** Builds a canonical Profile from parsed blocks. */
export class ProfileBuilder implements BlockSink {
  private readonly input: string;
  private modeValue: Mode = 'set';
  private readonly files = new Map<string, FileAccumulator>();
  private last: FileAccumulator | null = null;
  /** UTF-8 name of `last`, for the fast path. */
  private lastBytes: Uint8Array = new Uint8Array(0);
  private readonly nameBytes = new Map<FileAccumulator, Uint8Array>();

  constructor(input: string) {
    this.input = input;
  }

  mode(mode: Mode): void {
    this.modeValue = mode;
  }

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    let acc = this.last;
    if (acc === null || acc.name !== fileName) {
      acc = this.files.get(fileName) ?? null;
      if (acc === null) {
        acc = new FileAccumulator(fileName);
        this.files.set(fileName, acc);
      }
      this.last = acc;
      let nb = this.nameBytes.get(acc);
      if (nb === undefined) {
        nb = encodeName(fileName);
        this.nameBytes.set(acc, nb);
      }
      this.lastBytes = nb;
    }
    acc.add(this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
  }

  /** Fast path: a line of the same file as the previous one. */
  fastLine(buf: Uint8Array, s: number, end: number, line: number): number {
    const acc = this.last;
    if (acc === null) return -1;
    const nb = this.lastBytes;
    if (!matchName(buf, s, end, nb)) return -1;
    const q = parseBlockTail(buf, s + nb.length + 1, end);
    if (q < 0) return -1;
    const t = tailFields;
    acc.add(this.modeValue, t[0], t[1], t[2], t[3], t[4], t[5], this.input, line);
    return q;
  }

  /** The canonical profile. */
  finish(): Profile {
    const names = [...this.files.keys()].sort(compareUtf8);
    const files: FileCoverage[] = names.map((n) => this.files.get(n)!.finish(this.modeValue, this.input));
    return { mode: this.modeValue, files };
  }
}

/** Parses one input into a canonical Profile: `push()` chunks, then `end()`. */
export class ProfileParser {
  private readonly builder: ProfileBuilder;
  private readonly lines: LineParser;

  constructor(input = '<input>') {
    this.builder = new ProfileBuilder(input);
    this.lines = new LineParser(input, this.builder);
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): Profile {
    this.lines.end();
    return this.builder.finish();
  }
}

/** Parse a whole profile held in memory (bytes). */
export function parseProfileBytes(bytes: Uint8Array, input = '<input>'): Profile {
  const p = new ProfileParser(input);
  p.push(bytes);
  return p.end();
}

/** Parse a profile held in a string (tests, small inputs). */
export function parseProfileString(text: string, input = '<string>'): Profile {
  return parseProfileBytes(new TextEncoder().encode(text), input);
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
