// A bounds-checked little-endian reader over one binary coverage file held in
// memory. Every read checks the remaining length first and fails with a
// ProfileError 'CORRUPT' naming the file and the offset, so no corrupt length
// can make the decoder read past the end, allocate absurd amounts or loop.

import { ProfileError } from '../profile/errors.js';
import { decodeName } from '../profile/names.js';


/** Largest ULEB128 we accept: 10 bytes hold any uint64; the value must also be exact in a JS number. */
const MAX_ULEB_BYTES = 10;

/** Throw the decoder's one error kind: file, offset and what was expected. */
export function corrupt(file: string, offset: number, what: string): never {
  throw new ProfileError('CORRUPT', `corrupt coverage data at offset ${offset}: ${what}`, { input: file });
}

/** Sequential reader over `bytes[start, end)`; offsets in errors are absolute file offsets. */
export class ByteReader {
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Absolute offset of the next byte. */
  off: number;
  /** Absolute end (exclusive) of the readable window. */
  readonly end: number;

  constructor(file: string, bytes: Uint8Array, start = 0, end = bytes.length) {
    this.file = file;
    this.bytes = bytes;
    this.off = start;
    this.end = end;
  }

  /** Bytes left in the window. */
  get remaining(): number {
    return this.end - this.off;
  }

  /** Fail unless `n` more bytes are available, naming what was being read. */
  need(n: number, what: string): void {
    if (n > this.end - this.off) corrupt(this.file, this.off, `${what}: need ${n} bytes, ${Math.max(0, this.end - this.off)} left`);
  }

  /** Move to an absolute offset inside the window. */
  seek(off: number, what: string): void {
    if (!Number.isSafeInteger(off) || off > this.end || off < 0) corrupt(this.file, this.off, `${what}: offset ${off} outside the data (end ${this.end})`);
    this.off = off;
  }

  skip(n: number, what: string): void {
    this.need(n, what);
    this.off += n;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.off++];
  }

  u32(what: string, bigEndian = false): number {
    this.need(4, what);
    const v = uint32At(this.bytes, this.off, bigEndian);
    this.off += 4;
    return v;
  }

  /** A uint64 as a JS number; fails when it is not exact (above 2^53-1). */
  u64(what: string): number {
    this.need(8, what);
    const lo = uint32At(this.bytes, this.off, false);
    const hi = uint32At(this.bytes, this.off + 4, false);
    if (hi > 0x1fffff) corrupt(this.file, this.off, `${what}: value too large`);
    this.off += 8;
    return hi * 0x100000000 + lo;
  }

  /** Raw bytes (a view, not a copy). */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const b = this.bytes.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }

  /**
   * An unsigned LEB128 value (7 bits a byte, low group first), exact as a JS
   * number or an error naming `what` (followed by `index` when one is given:
   * the label is built only for an error, so a loop over units pays nothing).
   */
  uleb(what: string, index = -1): number {
    // Fast path: up to 4 bytes (28 bits) inside the window, in int arithmetic.
    const b = this.bytes;
    const end = this.end;
    let o = this.off;
    let v = 0;
    for (let shift = 0; shift < 28 && o < end; shift += 7) {
      const x = b[o++];
      v |= (x & 0x7f) << shift;
      if (x < 0x80) {
        this.off = o;
        return v;
      }
    }
    return this.ulebSlow(label(what, index));
  }

  /** uleb's general case: any length, with its errors. */
  private ulebSlow(what: string): number {
    const start = this.off;
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (this.off >= this.end) corrupt(this.file, start, `${what}: truncated ULEB128`);
      if (i >= MAX_ULEB_BYTES) corrupt(this.file, start, `${what}: ULEB128 longer than ${MAX_ULEB_BYTES} bytes`);
      const b = this.bytes[this.off++];
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 128;
    }
    if (!Number.isSafeInteger(value)) corrupt(this.file, start, `${what}: value too large`);
    return value;
  }

  /** A ULEB128 that must fit in a uint32 (Go stores these as uint32); `what` and `index` as for uleb. */
  uleb32(what: string, index = -1): number {
    const start = this.off;
    const v = this.uleb(what, index);
    if (v > 0xffffffff) corrupt(this.file, start, `${label(what, index)}: ${v} does not fit in 32 bits`);
    return v;
  }

  /** A string of `n` bytes (UTF-8; other bytes kept, see names.ts). */
  string(n: number, what: string): string {
    return decodeName(this.take(n, what));
  }
}

/** The unsigned 32-bit integer at `bytes[o, o+4)` (little-endian unless `bigEndian`); the caller checks the bounds. */
function uint32At(b: Uint8Array, o: number, bigEndian: boolean): number {
  return bigEndian ? ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0 : (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/** A string table (ULEB count, then ULEB length + bytes per entry), as Go's stringtab writes it. */
export function readStringTable(r: ByteReader, what: string): string[] {
  const out: string[] = [];
  walkStringTable(r, what, (start, len) => out.push(decodeName(r.bytes.subarray(start, start + len))));
  return out;
}

/** An error label: `what`, and `index` after it when there is one (>= 0). */
function label(what: string, index: number): string {
  return index < 0 ? what : `${what} ${index}`;
}

/** Check a string table as readStringTable does, without decoding it; returns its entry count. */
export function skipStringTable(r: ByteReader, what: string): number {
  return walkStringTable(r, what, () => {});
}

/** Walk a string table's entries (absolute start and length of each); returns the count. */
function walkStringTable(r: ByteReader, what: string, entry: (start: number, len: number) => void): number {
  const start = r.off;
  const b = r.bytes;
  // One-byte numbers are read inline and the parts named only on failure:
  // this runs for every file of a GOCOVERDIR.
  const n = r.off < r.end && b[r.off] < 0x80 ? b[r.off++] : r.uleb(`${what} entry count`);
  // Each entry needs at least one byte (its length): a count larger than the bytes left is corrupt.
  if (n > r.remaining) corrupt(r.file, start, `${what}: ${n} entries cannot fit in ${r.remaining} bytes`);
  for (let i = 0; i < n; i++) {
    const len = r.off < r.end && b[r.off] < 0x80 ? b[r.off++] : r.uleb(`${what} entry ${i} length`);
    if (len > r.remaining) r.need(len, `${what} entry ${i}`);
    entry(r.off, len);
    r.off += len;
  }
  return n;
}

/** Lowercase hex of bytes (Go's `%x`), encoded natively: it runs for every counter file. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
