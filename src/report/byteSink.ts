// Report output straight into bytes: markup as precomputed pieces, text and
// decimal numbers in; chunks of about 64 KiB out. No per-line strings and no
// UTF-8 encoding pass afterwards, which matters for reports of tens of MB
// (LCOV, Cobertura: a hundred MB for a large repository).

import { putDecimal } from '../profile/decimal.js';

/** Size at which a sink is `full`: large writes, few syscalls. */
const CHUNK_BYTES = 1 << 16;
/** Room past CHUNK_BYTES, so that a line rarely makes a buffer grow. */
const SLACK = 4096;
/** Most bytes putDecimal writes (2^53-1 has 16 digits). */
const DECIMAL_MAX = 16;

const encoder = new TextEncoder();

/**
 * A constant piece of output (markup), kept as UTF-8 bytes and as
 * little-endian 32-bit words: copying a word at a time is several times
 * faster than a byte at a time, and markup is most of a line report's bytes.
 */
export class Piece {
  /** The piece's UTF-8 bytes. */
  readonly bytes: Uint8Array;
  /** The bytes as words, the last one padded with zeros. */
  readonly words: Uint32Array;

  constructor(text: string) {
    this.bytes = encoder.encode(text);
    const padded = new Uint8Array(4 * Math.ceil(this.bytes.length / 4));
    padded.set(this.bytes);
    const v = new DataView(padded.buffer);
    this.words = Uint32Array.from({ length: padded.length / 4 }, (_, j) => v.getUint32(4 * j, true));
  }
}

/**
 * A growing byte buffer handed out in chunks: append, and yield `take()`
 * whenever `full` (at a record's end, so that chunks end at line ends).
 */
export class ByteSink {
  // Allocated on first use, so a sink that ends with take() (or renders a small part) leaves no unused chunk buffer.
  private buf: Uint8Array = EMPTY;
  private view: DataView = viewOf(this.buf);
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
    this.use(EMPTY);
    this.at = 0;
    return chunk;
  }

  /** Append a constant piece. */
  piece(p: Piece): this {
    this.room(p.bytes.length);
    this.buf.set(p.bytes, this.at);
    this.at += p.bytes.length;
    return this;
  }

  /** Append a text as UTF-8 (a lone surrogate becomes U+FFFD, as when a stream writes the string). */
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

  /**
   * `records` for i from `from` until `to`, yielding each chunk that fills
   * up on the way (so chunks end at a record's end): how the line reports
   * write their records.
   */
  *recordChunks(open: Piece, mid: Piece, close: Piece, a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number): Generator<Uint8Array> {
    for (let i = from; i < to; ) {
      i = this.records(open, mid, close, a, b, i, to);
      if (this.full) yield this.take();
    }
  }

  /**
   * Append `open a[i] mid b[i] close` (each number in decimal) for i from
   * `from` until `to` or until the sink is full; returns the index after the
   * last record written (below `to`: take() and call again). The one hot
   * loop of the line reports (LCOV `DA:` lines, Cobertura `<line>`s).
   */
  records(open: Piece, mid: Piece, close: Piece, a: ArrayLike<number>, b: ArrayLike<number>, from: number, to: number): number {
    // Whole words are written: up to 3 bytes past a piece, overwritten by what follows it.
    const most = 4 * (open.words.length + mid.words.length + close.words.length) + 2 * DECIMAL_MAX;
    const [ow, mw, cw] = [open.words, mid.words, close.words];
    const [on, mn, cn] = [open.bytes.length, mid.bytes.length, close.bytes.length];
    let { buf, view, at } = this;
    let i = from;
    while (i < to && at < CHUNK_BYTES) {
      if (at + most > buf.length) {
        this.at = at;
        this.room(most);
        ({ buf, view } = this);
      }
      for (let k = 0; k < ow.length; k++) view.setUint32(at + 4 * k, ow[k], true);
      at = putDecimal(buf, at + on, a[i]);
      for (let k = 0; k < mw.length; k++) view.setUint32(at + 4 * k, mw[k], true);
      at = putDecimal(buf, at + mn, b[i]);
      for (let k = 0; k < cw.length; k++) view.setUint32(at + 4 * k, cw[k], true);
      at += cn;
      i++;
    }
    this.at = at;
    return i;
  }

  /** Room for `n` more bytes, and a chunk's worth past them. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = fresh(this.at + n + CHUNK_BYTES + SLACK);
    bigger.set(this.buf.subarray(0, this.at));
    this.use(bigger);
  }

  private use(buf: Uint8Array): void {
    this.buf = buf;
    this.view = viewOf(buf);
  }
}

const EMPTY = new Uint8Array(0);

/** A buffer of `n` bytes, not zeroed (every byte handed out is written first). */
function fresh(n: number): Uint8Array {
  return Buffer.allocUnsafeSlow(n);
}

function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}
