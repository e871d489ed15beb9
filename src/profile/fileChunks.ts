// Fast chunked reading of one profile file: plain files are read with
// synchronous reads into one reused 1 MiB buffer (no allocation per chunk,
// so memory stays flat however many inputs are folded); gzip files (sniffed
// by their magic bytes) and stdin go through the stream adapter.
//
// The buffer yielded by `fileChunks` is overwritten by the next read:
// consumers must copy what they keep (LineParser does).

import { closeSync, openSync, readSync } from 'node:fs';
import { decodedChunks, openInput } from './read.js';

const CHUNK = 1 << 20;
/** Read buffers not in use: a fold of many inputs reuses one instead of leaving 1 MiB of garbage per input. */
const idle: Uint8Array[] = [];

/** Decoded bytes of a profile file (`-` = stdin), in chunks; a plain file's chunks share one buffer. */
export async function* fileChunks(arg: string, input: string): AsyncGenerator<Uint8Array> {
  if (arg === '-') {
    yield* decodedChunks(openInput(arg), input);
    return;
  }
  const fd = openSync(arg, 'r');
  let gzip = false;
  const buf = idle.pop() ?? new Uint8Array(CHUNK);
  try {
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      if (first) {
        first = false;
        // Gzip magic; a file of one byte cannot be gzip.
        if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
          gzip = true;
          break;
        }
      }
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
    idle.push(buf);
  }
  if (gzip) yield* decodedChunks(openInput(arg), input);
}
