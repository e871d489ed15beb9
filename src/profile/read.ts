// Node adapters around the I/O-free parser: a Readable or stdin, gzip
// detected by its magic bytes (so `x.cov.gz` and a gzipped `x.cov` both
// work), plus input naming and fs error mapping. Input is consumed chunk by
// chunk: a multi-GB profile is never held as one string. The file path
// adapter is readFile.ts.

import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from './errors.js';
import type { Profile } from './model.js';
import { LineParser, ProfileParser, type BlockSink } from './parser.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Name used in messages for `-`. */
export const STDIN_NAME = '<stdin>';

/** Display name of an input argument. */
export function inputDisplayName(arg: string): string {
  return arg === '-' ? STDIN_NAME : arg;
}

/**
 * Yield the decompressed bytes of a stream: if its first two bytes are the
 * gzip magic, the rest goes through gunzip.
 */
export async function* decodedChunks(source: Readable, input: string): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Collect at least two bytes to sniff the magic.
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < 2) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head = head.length === 0 ? r.value : Buffer.concat([head, r.value]);
  }
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  };
  if (head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    const gunzip = createGunzip();
    const feed = (async () => {
      try {
        for await (const c of rest()) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    })();
    try {
      for await (const c of gunzip) yield c as Buffer;
    } catch (err) {
      throw new InputError('GZIP', `${input}: bad gzip data: ${(err as Error).message}`);
    }
    await feed;
    return;
  }
  yield* rest();
}

/** Feed a stream (gzip or plain) into a sink; returns the input's mode. */
export async function parseStreamInto(source: Readable, input: string, sink: BlockSink): Promise<void> {
  const parser = new LineParser(input, sink);
  for await (const chunk of decodedChunks(source, input)) parser.push(chunk);
  parser.end();
}

/** Parse a profile from a Readable (plain or gzip). */
export async function parseProfileStream(source: Readable, input = '<stream>'): Promise<Profile> {
  const parser = new ProfileParser(input);
  for await (const chunk of decodedChunks(source, input)) parser.push(chunk);
  return parser.end();
}

/** Open a profile source: a path, or `-` for stdin. I/O errors become InputError. */
export function openInput(arg: string): Readable {
  if (arg === '-') return process.stdin;
  return createReadStream(arg, { highWaterMark: 1 << 20 });
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
