// A command's output written straight from a canonical input file by a
// canonical copy (src/profile/canonical.ts: filter, diff), with everything
// else exactly as the command's general path (parse, compute, write) does it.
// In: the input, -o, and the copy to run; out: true when the output was
// written, false when the general path must run (nothing was written).

import type { Input } from '../input/classify.js';
import { inputSource } from '../input/load.js';
import { writeChunks } from '../profile/writer.js';
import { STDOUT_ARG, withOutput, writesThrough } from './output.js';

/** A canonical copy: the input's decoded bytes in, output bytes to `emit`; false (or null) when it declines the input. */
export type CanonicalCopy = (chunks: AsyncIterable<Uint8Array>, emit: (bytes: Uint8Array) => void | Promise<void>) => Promise<unknown>;

/**
 * Write `output` by running `copy` over `input`. Declines (false, nothing
 * written) when the input is not a regular file (it could not be read again
 * by the general path), when the copy declines it, or when reading it failed:
 * the general path then reports the error as it always has. The bytes go
 * straight into -o's temp file, or are held until the input is known good
 * when nothing could be taken back (stdout); a device or FIFO is left to the
 * general path, which opens it only once the input is known good. `known` runs
 * once the copy succeeded, before the output is complete (e.g. a note).
 */
export async function outputByCopy(input: Input, output: string, copy: CanonicalCopy, known?: () => void): Promise<boolean> {
  if (input.kind !== 'file' || input.size === null || (await writesThrough(output)) !== false) return false;
  const source = inputSource(input);
  if (!('chunks' in source)) return false;
  let good = false;
  try {
    // Not stdout: a temp file renamed into place (writesThrough excluded devices), which nothing reaches if the copy fails.
    const staged = output !== STDOUT_ARG;
    await withOutput(output, async (out) => {
      const held: Uint8Array[] = [];
      // The temp file is written while the input is read: an error of the stream (its open) between two writes ends the copy.
      let failed: Error | null = null;
      const onError = (err: Error): void => void (failed ??= err);
      out.on('error', onError);
      const write = async (b: Uint8Array): Promise<void> => {
        if (failed !== null) throw failed;
        await writeChunks([b], out);
      };
      try {
        const ok = await copy(source.chunks(), staged ? write : (b) => void held.push(b));
        if (failed !== null) throw failed;
        if (ok === null || ok === false) throw new Error('declined');
      } finally {
        out.off('error', onError);
      }
      good = true;
      known?.();
      await writeChunks(held, out);
    });
  } catch (err) {
    if (good) throw err;
    return false;
  }
  return true;
}
