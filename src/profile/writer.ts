// Canonical text output: one `mode:` line, files in profile order (already
// sorted bytewise), one block per line, '\n' line ends. A file whose block
// texts were built in this thread (blockText.ts) has them copied. For count/atomic
// inputs this is byte-identical to what gopherage writes.

import type { Writable } from 'node:stream';
import { builtText } from './blockText.js';
import { putBlock, putDecimal } from './decimal.js';
import type { Profile } from './model.js';
import { decodeName, encodeName } from './names.js';

/** Target size of each chunk handed to the writer: large writes, few syscalls. */
const CHUNK_BYTES = 1 << 16;
/** Bytes a line needs besides its file name: six numbers of at most 16 digits and their separators (with putBlock's room). */
const LINE_TAIL_MAX = 6 * 16 + 8;


/**
 * The canonical text of a profile as UTF-8 bytes, in chunks of about 64 KiB
 * that end at line ends. Each chunk is a fresh buffer (a stream may hold it).
 * Numbers are written digit by digit: about 4x faster than building strings
 * and encoding them, which matters for outputs of tens of MB.
 */
export function* profileByteChunks(profile: Profile): Generator<Uint8Array> {
  let buf = new Uint8Array(CHUNK_BYTES + 1024);
  let view = new DataView(buf.buffer);
  let at = putAscii(buf, 0, `mode: ${profile.mode}\n`);
  for (const f of profile.files) {
    const { pos, stmts, counts } = f;
    const name = encodeName(f.name);
    const need = name.length + LINE_TAIL_MAX;
    // Block texts built for a guided parse (a merge's template) are copied, not formatted again.
    const text = builtText(f);
    const tb = text === undefined ? null : text.bytes;
    const to = text === undefined ? null : text.offs;
    for (let i = 0; i < stmts.length; i++) {
      if (at + need > buf.length) {
        // Only a name longer than the slack gets here: a buffer that fits its line.
        const bigger = new Uint8Array(at + need + CHUNK_BYTES);
        bigger.set(buf.subarray(0, at));
        buf = bigger;
        view = new DataView(buf.buffer);
      }
      buf.set(name, at);
      at += name.length;
      buf[at++] = COLON;
      if (tb !== null) for (let k = to![i], e = to![i + 1]; k < e; k++) buf[at++] = tb[k];
      else at = putBlock(buf, view, at, pos, i, stmts[i]);
      at = putDecimal(buf, at, counts[i]);
      buf[at++] = NL;
      if (at >= CHUNK_BYTES) {
        yield buf.subarray(0, at);
        buf = new Uint8Array(CHUNK_BYTES + 1024);
        view = new DataView(buf.buffer);
        at = 0;
      }
    }
  }
  if (at > 0) yield buf.subarray(0, at);
}

/** The canonical text of a profile, in chunks of about 64 KiB that end at line ends (names not UTF-8 stay escaped, see names.ts). */
export function* profileChunks(profile: Profile): Generator<string> {
  for (const chunk of profileByteChunks(profile)) yield decodeName(chunk);
}

const NL = 10;
const COLON = 58;

function putAscii(buf: Uint8Array, at: number, text: string): number {
  for (let k = 0; k < text.length; k++) buf[at++] = text.charCodeAt(k);
  return at;
}

/** The canonical text of a profile as one string (small profiles, tests). */
export function formatProfile(profile: Profile): string {
  let s = '';
  for (const chunk of profileChunks(profile)) s += chunk;
  return s;
}

/** Write any chunk sequence (text or bytes) to a stream, waiting for 'drain' when it pushes back. */
export async function writeChunks(chunks: Iterable<string | Uint8Array>, out: Writable): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          out.off('error', onError);
          resolve();
        };
        const onError = (err: Error): void => {
          out.off('drain', onDrain);
          reject(err);
        };
        out.once('drain', onDrain);
        out.once('error', onError);
      });
    }
  }
}

/** Stream the canonical text of a profile to a Writable, honouring backpressure (does not end it). */
export function writeProfile(profile: Profile, out: Writable): Promise<void> {
  return writeChunks(profileByteChunks(profile), out);
}
