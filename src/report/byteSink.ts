// Report output straight into bytes: markup as precomputed bytes, text and
// decimal numbers in; chunks of about 64 KiB out. No per-line strings and no
// UTF-8 encoding pass afterwards, which matters for reports of tens of MB
// (LCOV, Cobertura).

import { putDecimal } from '../profile/decimal.js';

/** Size at which a sink is `full`: large writes, few syscalls. */
const CHUNK_BYTES = 1 << 16;
/** Room past CHUNK_BYTES, so that a line rarely makes a buffer grow. */
const SLACK = 4096;
/** Most bytes putDecimal writes (2^53-1 has 16 digits). */
const DECIMAL_MAX = 16;

const encoder = new TextEncoder();

/** The UTF-8 bytes of a text (a lone surrogate becomes U+FFFD, as when a stream writes the string). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A growing byte buffer handed out in chunks: append, and yield `take()`
 * whenever `full` (at a record's end, so that chunks end at line ends).
 */
export class ByteSink {
  private buf = new Uint8Array(CHUNK_BYTES + SLACK);
  private at = 0;

  /** True once a chunk's worth is buffered. */
  get full(): boolean {
    return this.at >= CHUNK_BYTES;
  }

  /** Bytes buffered. */
  get length(): number {
    return this.at;
  }

  /** The bytes buffered so far, as a buffer of their own (a stream may keep it); the sink starts empty. */
  take(): Uint8Array {
    const chunk = this.buf.subarray(0, this.at);
    this.buf = new Uint8Array(CHUNK_BYTES + SLACK);
    this.at = 0;
    return chunk;
  }

  /** Append bytes. */
  bytes(b: Uint8Array): this {
    this.room(b.length);
    if (b.length > 16) this.buf.set(b, this.at);
    else for (let k = 0; k < b.length; k++) this.buf[this.at + k] = b[k];
    this.at += b.length;
    return this;
  }

  /** Append one byte (an ASCII character code). */
  byte(c: number): this {
    this.room(1);
    this.buf[this.at++] = c;
    return this;
  }

  /** Append a text as UTF-8 (see utf8). */
  text(s: string): this {
    this.room(3 * s.length);
    this.at += encoder.encodeInto(s, this.buf.subarray(this.at)).written;
    return this;
  }

  /** Append an integer 0 <= v <= 2^53-1 in decimal. */
  decimal(v: number): this {
    this.room(DECIMAL_MAX);
    this.at = putDecimal(this.buf, this.at, v);
    return this;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = new Uint8Array(this.at + n + CHUNK_BYTES);
    bigger.set(this.buf.subarray(0, this.at));
    this.buf = bigger;
  }
}
