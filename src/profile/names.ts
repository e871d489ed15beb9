// File names are bytes, as in Go: a profile may name `\xff.go` and `\xfe.go`,
// which are different files. Names are decoded from UTF-8 losslessly: valid
// UTF-8 becomes the usual string, and each byte of an invalid sequence
// becomes one lone surrogate U+DC80..U+DCFF (the "surrogateescape" of
// Python), which valid UTF-8 can never produce. Encoding reverses it, so a
// name read from bytes is written back byte for byte, distinct byte names
// stay distinct strings, and valid names are untouched everywhere else.
// Bytes in, strings out, and back; compareUtf8 (model.ts) orders such strings
// by their bytes, as Go does.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
/** A lone escape surrogate (the `u` flag keeps pairs of an astral character whole). */
const ESCAPE = /[\u{DC80}-\u{DCFF}]/u;

/** Decode bytes (a file name, or any text made of names) into a string, losslessly. */
export function decodeName(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeEscaped(bytes);
  }
}

/** The bytes of a string made by decodeName (other strings: their UTF-8). */
export function encodeName(s: string): Uint8Array {
  if (!ESCAPE.test(s)) return encoder.encode(s);
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else for (const b of encoder.encode(ch)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** True if a string holds escaped bytes (it came from bytes that are not UTF-8). */
export function hasEscapedBytes(s: string): boolean {
  return ESCAPE.test(s);
}

/** Length of the valid UTF-8 sequence at `i`, or 0 if the byte there does not start one. */
function validAt(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf; // no surrogates
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf; // up to U+10FFFF
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeEscaped(b: Uint8Array): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const n = validAt(b, i);
    if (n === 0) {
      s += String.fromCharCode(0xdc00 + b[i]);
      i++;
    } else {
      s += strict.decode(b.subarray(i, i + n));
      i += n;
    }
  }
  return s;
}
