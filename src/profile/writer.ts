// Canonical text output: one `mode:` line, files in profile order (already
// sorted bytewise), one block per line, '\n' line ends. For count/atomic
// inputs this is byte-identical to what gopherage writes.

import type { Writable } from 'node:stream';
import type { Profile } from './model.js';

/** Target size of each chunk handed to the writer: large writes, few syscalls. */
const CHUNK_CHARS = 1 << 16;

/** The canonical text of a profile, in chunks of roughly 64 KiB. */
export function* profileChunks(profile: Profile): Generator<string> {
  let out = `mode: ${profile.mode}\n`;
  for (const f of profile.files) {
    const { pos, stmts, counts } = f;
    const prefix = `${f.name}:`;
    for (let i = 0, p = 0; i < stmts.length; i++, p += 4) {
      out += `${prefix}${pos[p]}.${pos[p + 1]},${pos[p + 2]}.${pos[p + 3]} ${stmts[i]} ${counts[i]}\n`;
      if (out.length >= CHUNK_CHARS) {
        yield out;
        out = '';
      }
    }
  }
  if (out.length > 0) yield out;
}

/** The canonical text of a profile as one string (small profiles, tests). */
export function formatProfile(profile: Profile): string {
  let s = '';
  for (const chunk of profileChunks(profile)) s += chunk;
  return s;
}

/** Write any chunk sequence to a stream, waiting for 'drain' when it pushes back. */
export async function writeChunks(chunks: Iterable<string>, out: Writable): Promise<void> {
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
  return writeChunks(profileChunks(profile), out);
}
