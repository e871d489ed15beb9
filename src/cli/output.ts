// Atomic output: write to a temp file in the target's directory, then rename
// over the target. A failed run never leaves a truncated or half-written
// file, and `-o` may name one of the inputs (it is read before it is replaced).

import { createWriteStream } from 'node:fs';
import { rm, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InputError } from '../profile/errors.js';
import { asInputError } from '../profile/read.js';

/** Run `write` against the output: stdout for `-`, otherwise a temp file renamed into place on success. */
export async function withOutput(path: string, write: (out: Writable) => Promise<void>): Promise<void> {
  if (path === '-') {
    await write(process.stdout);
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  try {
    await write(out);
    out.end();
    await finished(out);
    await rename(tmp, path);
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw outputError(err, path, tmp);
  }
}

/** An fs error about the temp file or the rename names the output; others keep their own path. */
function outputError(err: unknown, path: string, tmp: string): unknown {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!e || typeof e.code !== 'string' || typeof e.syscall !== 'string') return err;
  if (e.path !== tmp && e.dest !== path) return asInputError(err, e.path ?? path);
  const why =
    e.code === 'ENOENT' ? 'no such directory'
    : e.code === 'EISDIR' ? 'is a directory'
    : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied'
    : e.code === 'ENOSPC' ? 'no space left on device'
    : e.code === 'ENOTDIR' ? 'not a directory'
    : e.message;
  return new InputError(e.code, `${path}: cannot write: ${why}`);
}

/** Write a whole string atomically (small reports). */
export function writeOutputText(path: string, text: string): Promise<void> {
  return withOutput(path, async (out) => {
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
  });
}
