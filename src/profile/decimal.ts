// Decimal output straight into bytes, for the writer and the guided builder's
// block texts: no intermediate strings, no UTF-8 encoding pass.

const ZERO = 48;
const SPACE = 32;
const COMMA = 44;
const DOT = 46;

/**
 * Write block k's "sl.sc,el.ec n " (positions from `pos`, NumStmt `numStmt`,
 * trailing space included) at `at`: the part of a profile line between the
 * file name's ':' and the count. Returns the index after it.
 */
export function putBlock(out: Uint8Array, at: number, pos: Uint32Array, k: number, numStmt: number): number {
  const p = 4 * k;
  at = putDecimal(out, at, pos[p]);
  out[at++] = DOT;
  at = putDecimal(out, at, pos[p + 1]);
  out[at++] = COMMA;
  at = putDecimal(out, at, pos[p + 2]);
  out[at++] = DOT;
  at = putDecimal(out, at, pos[p + 3]);
  out[at++] = SPACE;
  at = putDecimal(out, at, numStmt);
  out[at++] = SPACE;
  return at;
}

/** Write `v` (an integer, 0 <= v <= 2^53-1) in decimal at `at`; returns the index after it. */
export function putDecimal(out: Uint8Array, at: number, v: number): number {
  if (v < 10) {
    out[at] = ZERO + v;
    return at + 1;
  }
  if (v <= 0x7fffffff) {
    // Small-integer arithmetic (the usual case: positions, NumStmt, most counts).
    let x = v | 0;
    const digits = x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
    for (let k = at + digits - 1; k > at; k--) {
      const q = (x / 10) | 0;
      out[k] = ZERO + x - q * 10;
      x = q;
    }
    out[at] = ZERO + x;
    return at + digits;
  }
  let digits = 10;
  for (let x = Math.floor(v / 10000000000); x > 0; x = Math.floor(x / 10)) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    const q = Math.floor(v / 10);
    out[k] = ZERO + (v - q * 10);
    v = q;
  }
  return at + digits;
}
