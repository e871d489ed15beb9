// Decoder for a Go coverage counter-data file
// (`covcounters.<metahash>.<pid>.<nanotime>`), format of Go's
// src/internal/coverage/defs.go and decodecounter/: a header, then segments
// (each: segment header, string table, args table, padding to 4 bytes, one
// payload per function, then a footer). Counters are raw uint32 (either
// endianness) or ULEB128. Bytes in, function payloads out. Pure: no I/O.

import { ProfileError } from '../profile/errors.js';
import { ByteReader, corrupt, hex, readStringTable } from './byteReader.js';

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

/** Decode a whole counter-data file. `file` names it in errors. */
export function decodeCounterFile(bytes: Uint8Array, file: string): CounterFile {
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
  const metaHash = hex(r.take(16, 'meta hash'));
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
  const read: () => number =
    flavor === FLAVOR_ULEB128 ? () => body.uleb32('counter value') : () => body.u32('counter value', bigEndian);
  const funcs: FuncCounters[] = [];
  let before = 0; // function payloads in earlier segments
  for (let seg = 0; seg < numSegments; seg++) {
    const segStart = body.off;
    const fcnEntries = body.u64(`segment ${seg} function count`);
    const strTabLen = body.u32(`segment ${seg} string table length`);
    const argsLen = body.u32(`segment ${seg} args length`);
    const st = new ByteReader(file, bytes, body.off, body.off + strTabLen);
    body.skip(strTabLen, `segment ${seg} string table`);
    const strings = readStringTable(st, `segment ${seg} string table`);
    const ar = new ByteReader(file, bytes, body.off, body.off + argsLen);
    body.skip(argsLen, `segment ${seg} args`);
    readArgs(ar, strings, seg);
    // The writer pads the preamble to 4 bytes from the segment's start.
    const rem = (body.off - segStart) % 4;
    if (rem !== 0) body.skip(4 - rem, `segment ${seg} padding`);
    const payloadStart = body.off;
    const last = seg === numSegments - 1;
    // Go's encoder (encodecounter.AppendSegment) never resets its function
    // count, so segment k > 0 records the running total. Take the count as
    // written; if the payloads then do not end exactly at the segment's
    // footer, try the running-total reading.
    const candidates = seg > 0 && fcnEntries > before ? [fcnEntries, fcnEntries - before] : [fcnEntries];
    let done = false;
    for (let c = 0; c < candidates.length && !done; c++) {
      body.off = payloadStart;
      const found: FuncCounters[] = [];
      try {
        readPayloads(body, candidates[c], read, flavor === FLAVOR_ULEB128, found);
        if (!last) checkFooter(body, seg);
        else if (body.remaining !== 0) corrupt(file, body.off, `${body.remaining} unexpected bytes after the last segment`);
      } catch (err) {
        if (c + 1 < candidates.length) continue;
        throw err;
      }
      for (const f of found) funcs.push(f);
      before += found.length;
      done = true;
    }
  }
  return { metaHash, funcs };
}

/** Read `n` function payloads (counter count, package, function, counters). */
function readPayloads(body: ByteReader, n: number, read: () => number, uleb: boolean, out: FuncCounters[]): void {
  // Each function payload is at least 3 bytes (ULEB) or 12 bytes (raw).
  if (n > body.remaining / (uleb ? 3 : 12)) corrupt(body.file, body.off, `${n} function payloads cannot fit in ${body.remaining} bytes`);
  for (let i = 0; i < n; i++) {
    const at = body.off;
    const count = read();
    const pkg = read();
    const func = read();
    if (count > body.remaining / (uleb ? 1 : 4)) corrupt(body.file, at, `function payload claims ${count} counters, more than the data left`);
    const counters = new Uint32Array(count);
    for (let k = 0; k < count; k++) counters[k] = read();
    out.push({ pkg, func, offset: at, counters });
  }
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

/** The args table (program arguments, GOOS, GOARCH): validated, not kept. */
function readArgs(r: ByteReader, strings: readonly string[], seg: number): void {
  if (r.remaining === 0) return;
  const n = r.uleb(`segment ${seg} args count`);
  for (let i = 0; i < 2 * n; i++) {
    const at = r.off;
    const idx = r.uleb(`segment ${seg} args entry`);
    if (idx >= strings.length) corrupt(r.file, at, `segment ${seg}: args string index ${idx} out of range (${strings.length} strings)`);
  }
}
