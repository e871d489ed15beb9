// Decimal output straight into bytes, for the writer and the guided builder's
// block texts: no intermediate strings, no UTF-8 encoding pass.

const ZERO = 48;
const SPACE = 32;
const COMMA = 44;
const DOT = 46;

/** Numbers below this (most positions and NumStmts) are written by one 4-byte store. */
const SMALL = 10000;
/** ASCII digits of 0 .. SMALL-1 as little-endian words (bytes past the digits are left over), and their lengths. */
const WORDS = new Int32Array(SMALL);
const LENGTHS = new Uint8Array(SMALL);
for (let v = 0; v < SMALL; v++) {
  const n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
  let w = 0;
  for (let i = n - 1, x = v; i >= 0; i--, x = Math.floor(x / 10)) w |= (ZERO + (x % 10)) << (8 * i);
  WORDS[v] = w;
  LENGTHS[v] = n;
}

/** `v` in decimal at `at` through `view` (a view of all of `out`, with 4 bytes of room at `at`); returns the index after it. */
function putNumber(out: Uint8Array, view: DataView, at: number, v: number): number {
  if (v < SMALL) {
    view.setInt32(at, WORDS[v], true);
    return at + LENGTHS[v];
  }
  return putDecimal(out, at, v);
}

/** Bytes putBlock writes for block k (without its room past the text). */
export function blockLength(pos: Uint32Array, k: number, numStmt: number): number {
  const p = 4 * k;
  return 5 + decimalLength(pos[p]) + decimalLength(pos[p + 1]) + decimalLength(pos[p + 2]) + decimalLength(pos[p + 3]) + decimalLength(numStmt);
}

/** Digits of `v` (an integer, 0 <= v <= 2^53-1) in decimal. */
export function decimalLength(v: number): number {
  if (v < SMALL) return LENGTHS[v];
  let n = 5;
  for (let x = Math.floor(v / 100000); x > 0; x = Math.floor(x / 10)) n++;
  return n;
}

/**
 * Write block k's "sl.sc,el.ec n " (positions from `pos`, NumStmt `numStmt`,
 * trailing space included) at `at`: the part of a profile line between the
 * file name's ':' and the count. `view` is a DataView of all of `out`, which
 * needs room for 4 bytes past the text. Returns the index after it.
 */
export function putBlock(out: Uint8Array, view: DataView, at: number, pos: Uint32Array, k: number, numStmt: number): number {
  const p = 4 * k;
  at = putNumber(out, view, at, pos[p]);
  out[at++] = DOT;
  at = putNumber(out, view, at, pos[p + 1]);
  out[at++] = COMMA;
  at = putNumber(out, view, at, pos[p + 2]);
  out[at++] = DOT;
  at = putNumber(out, view, at, pos[p + 3]);
  out[at++] = SPACE;
  at = putNumber(out, view, at, numStmt);
  out[at++] = SPACE;
  return at;
}

/** The four ASCII digits of 0 .. SMALL-1 with leading zeros, as little-endian words. */
const PADDED = new Int32Array(SMALL);
for (let v = 0; v < SMALL; v++) PADDED[v] = WORDS[v] << (8 * (4 - LENGTHS[v])) | (0x30303030 & ~(-1 << (8 * (4 - LENGTHS[v]))));

/** The first `n` bytes of little-endian word `w` at `at`; returns the index after them. */
function putWord(out: Uint8Array, at: number, w: number, n: number): number {
  for (let i = 0; i < n; i++) out[at + i] = w >>> (8 * i);
  return at + n;
}

/** Write `v` (an integer, 0 <= v <= 2^53-1) in decimal at `at`; returns the index after it. */
export function putDecimal(out: Uint8Array, at: number, v: number): number {
  // Up to 8 digits (positions, NumStmt, most counts) in at most two table lookups, no division loop.
  if (v < SMALL) return putWord(out, at, WORDS[v], LENGTHS[v]);
  if (v < SMALL * SMALL) {
    const hi = (v / SMALL) | 0;
    at = putWord(out, at, WORDS[hi], LENGTHS[hi]);
    return putWord(out, at, PADDED[v - hi * SMALL], 4);
  }
  const digits = decimalLength(v);
  for (let k = at + digits - 1; k >= at; k--) {
    const q = Math.floor(v / 10);
    out[k] = ZERO + (v - q * 10);
    v = q;
  }
  return at + digits;
}
