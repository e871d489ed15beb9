// Node adapters around the I/O-free parser: a byte stream (a Readable, or
// stdin as the CLI injects it), gzip detected by its magic bytes (so
// `x.cov.gz` and a gzipped `x.cov` both work), plus input naming and fs
// error mapping. Input is consumed chunk by chunk: a multi-GB profile is
// never held as one string. Files are read by the input adapter
// (src/input/fs.ts).

import type { Readable, Writable } from 'node:stream';
import { InputError } from './errors.js';
import type { Profile } from './model.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Name used in messages for `-`. */
export const STDIN_NAME = '<stdin>';

/** True when bytes start with the gzip magic (a file of one byte cannot be gzip). */
export function isGzipHead(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/**
 * Yield the decompressed bytes of a byte stream (a Readable, stdin, any
 * async iterable): if its first two bytes are the gzip magic, the whole
 * stream goes through gunzip.
 */
export async function* decodedChunks(source: AsyncIterable<Uint8Array>, input: string): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  // Collect at least two bytes to sniff the magic.
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  while (head.length < 2) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
  }
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  };
  if (isGzipHead(head)) yield* gunzipChunks(rest(), input);
  else yield* rest();
}

/** Gunzip a stream of gzip bytes; bad data is an InputError naming `input`. */
export async function* gunzipChunks(source: AsyncIterable<Uint8Array>, input: string): AsyncGenerator<Uint8Array> {
  // zlib is imported for gzip input only (start-up of every other run).
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip();
  const feed = (async () => {
    try {
      for await (const c of source) {
        if (gunzip.destroyed) return; // the reader stopped: `for await` returns the source (closing its file)
        if (!gunzip.write(c)) await drainedOrClosed(gunzip);
      }
      gunzip.end();
    } catch (err) {
      gunzip.destroy(err as Error);
    }
  })();
  let complete = false;
  try {
    for await (const c of gunzip) yield c as Buffer;
    complete = true;
  } catch (err) {
    throw new InputError('GZIP', `${input}: bad gzip data: ${(err as Error).message}`);
  } finally {
    if (!complete) gunzip.destroy(); // an abandoned or failed read: the feed stops
  }
  await feed;
}

/** Resolves when a writable can take more, or is closed. */
function drainedOrClosed(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

/** Parse a profile from a Readable (plain or gzip). */
export async function parseProfileStream(source: Readable, input = '<stream>'): Promise<Profile> {
  const { ProfileParser } = await import('./parser.js');
  const parser = new ProfileParser(input);
  for await (const chunk of decodedChunks(source, input)) parser.push(chunk);
  return parser.end();
}

/** Map Node's fs errors (ENOENT, EISDIR, EACCES…) to InputError; pass others through. */
export function asInputError(err: unknown, name: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.syscall === 'string') {
    const why =
      e.code === 'ENOENT' ? 'no such file'
      : e.code === 'EISDIR' ? 'is a directory'
      : e.code === 'EACCES' ? 'permission denied'
      : e.code === 'ELOOP' ? 'symbolic link loop'
      : e.message;
    return new InputError(e.code, `${name}: ${why}`);
  }
  return err;
}
