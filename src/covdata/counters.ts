// Decoder for a Go coverage counter-data file
// (`covcounters.<metahash>.<pid>.<nanotime>`), format of Go's
// src/internal/coverage/defs.go and decodecounter/: a header, then segments
// (each: segment header, string table, args table, padding to 4 bytes, one
// payload per function, then a footer). Counters are raw uint32 (either
// endianness) or ULEB128. Bytes in, function payloads out. Pure: no I/O.

import { isAscii } from 'node:buffer';
import { ProfileError } from '../profile/errors.js';
import { ByteReader, corrupt, hex, skipStringTable } from './byteReader.js';

/** `\x00cwm`: magic of a counter-data file (header and footer). */
export const COUNTER_MAGIC = Uint8Array.of(0x00, 0x63, 0x77, 0x6d);
/** Newest counter-data file version this reader understands (Go's CounterFileVersion). */
export const COUNTER_VERSION = 1;
const HEADER_SIZE = 32;
const FOOTER_SIZE = 16;
const SEGMENT_HEADER_SIZE = 16;
const FLAVOR_RAW = 1;
const FLAVOR_ULEB128 = 2;

/** Counters of one function in one segment. */
export interface FuncCounters {
  readonly pkg: number;
  readonly func: number;
  /** File offset of the payload, for error messages. */
  readonly offset: number;
  readonly counters: Uint32Array;
}

/** A decoded counter-data file. */
export interface CounterFile {
  /** Hex meta hash of the meta-data file these counters belong to. */
  readonly metaHash: string;
  /** Function payloads of every segment, in file order. */
  readonly funcs: readonly FuncCounters[];
}

/** True when `bytes` starts with the counter-data file magic. */
export function isCounterFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x63 && bytes[2] === 0x77 && bytes[3] === 0x6d;
}

/**
 * The function payloads of one counter-data file as flat numbers, reused
 * from file to file (a GOCOVERDIR holds thousands of small counter files:
 * no object or array per function). Per payload: package index, function
 * index, file offset (for errors), counter count n, then the n counters.
 */
export class CounterRecords {
  /** Hex meta hash of the meta-data file these counters belong to. */
  metaHash = '';
  /** The records; only `[0, length)` is meaningful. */
  data = new Float64Array(1 << 12);
  length = 0;

  /** Make room for `n` more numbers. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = new Float64Array(Math.max(2 * this.data.length, this.length + n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

/** Decode a whole counter-data file. `file` names it in errors. */
export function decodeCounterFile(bytes: Uint8Array, file: string): CounterFile {
  const recs = scanCounterFile(bytes, file, new CounterRecords());
  const funcs: FuncCounters[] = [];
  const d = recs.data;
  for (let i = 0; i < recs.length; i += 4 + d[i + 3]) {
    funcs.push({ pkg: d[i], func: d[i + 1], offset: d[i + 2], counters: Uint32Array.from(d.subarray(i + 4, i + 4 + d[i + 3])) });
  }
  return { metaHash: recs.metaHash, funcs };
}

/** Decode a whole counter-data file into `out` (its previous records are dropped); returns `out`. */
export function scanCounterFile(bytes: Uint8Array, file: string, out: CounterRecords): CounterRecords {
  out.length = 0;
  const r = new ByteReader(file, bytes);
  r.need(HEADER_SIZE, 'counter file header');
  if (!isCounterFile(bytes)) corrupt(file, 0, 'not a Go coverage counter-data file (bad magic)');
  r.skip(4, 'magic');
  const version = r.u32('version');
  if (version > COUNTER_VERSION) {
    throw new ProfileError('CORRUPT', `counter-data file version ${version} is newer than this reader supports (${COUNTER_VERSION}); written by a newer Go?`, {
      input: file,
    });
  }
  out.metaHash = hex(r.take(16, 'meta hash'));
  const flavorOff = r.off;
  const flavor = r.u8('counter flavor');
  const bigEndian = r.u8('endianness') !== 0;
  r.skip(6, 'padding');
  if (flavor !== FLAVOR_RAW && flavor !== FLAVOR_ULEB128) corrupt(file, flavorOff, `unknown counter flavor ${flavor}`);

  // The last footer holds the number of segments.
  if (bytes.length < HEADER_SIZE + FOOTER_SIZE) corrupt(file, bytes.length, 'no footer (truncated file?)');
  const fr = new ByteReader(file, bytes, bytes.length - FOOTER_SIZE);
  checkMagic(fr, 'footer');
  fr.skip(4, 'footer padding');
  const numSegments = fr.u32('segment count');
  if (numSegments === 0) corrupt(file, fr.off - 4, 'no segments');
  // Every segment needs at least a segment header and a footer.
  if (numSegments > (bytes.length - HEADER_SIZE) / (SEGMENT_HEADER_SIZE + FOOTER_SIZE)) {
    corrupt(file, fr.off - 4, `${numSegments} segments cannot fit in ${bytes.length} bytes`);
  }

  // Counter payloads end where the final footer starts.
  const body = new ByteReader(file, bytes, HEADER_SIZE, bytes.length - FOOTER_SIZE);
  const uleb = flavor === FLAVOR_ULEB128;
  let before = 0; // function payloads in earlier segments
  for (let seg = 0; seg < numSegments; seg++) {
    const segStart = body.off;
    const w = seg === 0 ? SEGMENT_0 : segmentParts(seg);
    const fcnEntries = body.u64(w.functionCount);
    const strTabLen = body.u32(w.stringTableLength);
    const argsLen = body.u32(w.argsLength);
    const st = new ByteReader(file, bytes, body.off, body.off + strTabLen);
    body.skip(strTabLen, w.stringTable);
    const numStrings = skipStringTable(st, w.stringTable);
    const ar = new ByteReader(file, bytes, body.off, body.off + argsLen);
    body.skip(argsLen, w.args);
    readArgs(ar, numStrings, seg, w);
    // The writer pads the preamble to 4 bytes from the segment's start.
    const rem = (body.off - segStart) % 4;
    if (rem !== 0) body.skip(4 - rem, w.padding);
    const payloadStart = body.off;
    const recStart = out.length;
    const last = seg === numSegments - 1;
    // Go's encoder (encodecounter.AppendSegment) never resets its function
    // count, so segment k > 0 records the running total. Take the count as
    // written; if the payloads then do not end exactly at the segment's
    // footer, try the running-total reading.
    const candidates = seg > 0 && fcnEntries > before ? [fcnEntries, fcnEntries - before] : [fcnEntries];
    for (let c = 0; c < candidates.length; c++) {
      body.off = payloadStart;
      out.length = recStart;
      try {
        readPayloads(body, candidates[c], uleb, bigEndian, out);
        if (!last) checkFooter(body, seg);
        else if (body.remaining !== 0) corrupt(file, body.off, `${body.remaining} unexpected bytes after the last segment`);
      } catch (err) {
        if (c + 1 < candidates.length) continue;
        throw err;
      }
      before += candidates[c];
      break;
    }
  }
  return out;
}

/** Read `n` function payloads (counter count, package, function, counters) into `out`. */
function readPayloads(body: ByteReader, n: number, uleb: boolean, bigEndian: boolean, out: CounterRecords): void {
  // Each function payload is at least 3 bytes (ULEB) or 12 bytes (raw).
  if (n > body.remaining / (uleb ? 3 : 12)) corrupt(body.file, body.off, `${n} function payloads cannot fit in ${body.remaining} bytes`);
  // When no byte up to the footer has its high bit set, every ULEB128 there
  // is one byte: the numbers are the bytes (the usual case, checked natively).
  const oneByte = uleb && isAscii(body.bytes.subarray(body.off, body.end));
  for (let i = 0; i < n; i++) if (!(oneByte && copyPayload(body, out))) readPayload(body, uleb, bigEndian, out);
}

/** One payload whose numbers are all one byte, copied; false (nothing read) when it would overrun the data. */
function copyPayload(body: ByteReader, out: CounterRecords): boolean {
  const b = body.bytes;
  const o = body.off;
  const count = o < body.end ? b[o] : 0;
  const next = o + 3 + count;
  if (next > body.end) return false;
  out.reserve(4 + count);
  const d = out.data;
  const w = out.length;
  d[w] = b[o + 1];
  d[w + 1] = b[o + 2];
  d[w + 2] = o;
  d[w + 3] = count;
  for (let k = o + 3, j = w + 4; k < next; k++, j++) d[j] = b[k];
  out.length = w + 4 + count;
  body.off = next;
  return true;
}

/** One payload, any encoding, with every check. */
function readPayload(body: ByteReader, uleb: boolean, bigEndian: boolean, out: CounterRecords): void {
  const what = 'counter value';
  const at = body.off;
  const count = uleb ? body.uleb32(what) : body.u32(what, bigEndian);
  const pkg = uleb ? body.uleb32(what) : body.u32(what, bigEndian);
  const func = uleb ? body.uleb32(what) : body.u32(what, bigEndian);
  if (count > body.remaining / (uleb ? 1 : 4)) corrupt(body.file, at, `function payload claims ${count} counters, more than the data left`);
  out.reserve(4 + count);
  const d = out.data;
  let w = out.length;
  d[w++] = pkg;
  d[w++] = func;
  d[w++] = at;
  d[w++] = count;
  if (uleb) for (let k = 0; k < count; k++) d[w++] = body.uleb32(what);
  else for (let k = 0; k < count; k++) d[w++] = body.u32(what, bigEndian);
  out.length = w;
}

/** True when a footer for segment `seg` starts at the reader's offset. */
function footerAt(r: ByteReader, seg: number): boolean {
  if (r.remaining < FOOTER_SIZE) return false;
  const b = r.bytes;
  const o = r.off;
  for (let i = 0; i < 4; i++) if (b[o + i] !== COUNTER_MAGIC[i]) return false;
  const n = b[o + 8] | (b[o + 9] << 8) | (b[o + 10] << 16) | (b[o + 11] << 24);
  return n === seg + 1;
}

/** Consume the footer that follows segment `seg` (not the last one). */
function checkFooter(r: ByteReader, seg: number): void {
  if (!footerAt(r, seg)) corrupt(r.file, r.off, `no footer after segment ${seg}`);
  r.skip(FOOTER_SIZE, `footer of segment ${seg}`);
}

function checkMagic(r: ByteReader, what: string): void {
  const at = r.off;
  const m = r.take(4, `${what} magic`);
  for (let i = 0; i < 4; i++) if (m[i] !== COUNTER_MAGIC[i]) corrupt(r.file, at, `bad ${what} magic`);
}

/** The args table (program arguments, GOOS, GOARCH): validated against the string count, not kept. */
function readArgs(r: ByteReader, numStrings: number, seg: number, w: SegmentParts): void {
  if (r.remaining === 0) return;
  const n = r.uleb(w.argsCount);
  for (let i = 0; i < 2 * n; i++) {
    const at = r.off;
    const idx = r.uleb(w.argsEntry);
    if (idx >= numStrings) corrupt(r.file, at, `segment ${seg}: args string index ${idx} out of range (${numStrings} strings)`);
  }
}

/** How errors name the parts of segment `seg`. */
function segmentParts(seg: number) {
  const s = `segment ${seg}`;
  return {
    functionCount: `${s} function count`,
    stringTableLength: `${s} string table length`,
    argsLength: `${s} args length`,
    stringTable: `${s} string table`,
    args: `${s} args`,
    padding: `${s} padding`,
    argsCount: `${s} args count`,
    argsEntry: `${s} args entry`,
  };
}
type SegmentParts = ReturnType<typeof segmentParts>;
/** Segment 0's names, made once: every counter file has that segment. */
const SEGMENT_0 = segmentParts(0);
