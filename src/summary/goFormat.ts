// Go-exact fixed-point formatting of floats: what `fmt.Sprintf("%.Nf", x)`
// prints. Go rounds the exact binary value to N decimals, and an exact tie
// goes to the even digit (`%.1f` of 0.25 is "0.2"). JS `toFixed` is exact
// except on ties, which it rounds up; so ties are detected and handled here.

/**
 * Format `x` with `prec` decimals exactly as Go's `%.<prec>f` does for the
 * same float64 value (pass `Math.fround(v)` values for Go float32 arithmetic:
 * the exact value of a float32 is the same as its float64 widening).
 */
export function goFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x < 0 || Object.is(x, -0)) {
    const s = goFixed(-x, prec);
    return `-${s}`;
  }
  if (isExactTie(x, prec)) {
    const down = Math.floor(x * 10 ** prec); // exact: ties are small dyadic values
    const n = down % 2 === 0 ? down : down + 1;
    return digitsWithPoint(n, prec);
  }
  return x.toFixed(prec);
}

/** True when x * 10^prec is exactly an odd integer plus one half (checked in exact integer arithmetic). */
function isExactTie(x: number, prec: number): boolean {
  if (x >= 2 ** 52) return false; // integers only: no fraction, no tie
  // Fast rejection: x * 10^prec in floating point is within a relative 2^-52 of
  // the exact product, so a fraction far from one half cannot be a tie.
  const y = x * 10 ** prec;
  if (y < 2 ** 40 && Math.abs(y - Math.floor(y) - 0.5) > 2 ** -10) return false;
  // x = mantissa * 2^exp exactly, with an integer mantissa.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  if (exp >= 0) return false;
  // 2 * x * 10^prec = mantissa * 2 * 10^prec / 2^-exp must be an odd integer.
  const num = mantissa * 2n * 10n ** BigInt(prec);
  const den = 1n << BigInt(-exp);
  return num % den === 0n && (num / den) % 2n === 1n;
}

function digitsWithPoint(n: number, prec: number): string {
  if (prec === 0) return String(n);
  const s = String(n).padStart(prec + 1, '0');
  return `${s.slice(0, s.length - prec)}.${s.slice(s.length - prec)}`;
}
