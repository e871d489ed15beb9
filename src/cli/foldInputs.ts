// Input arguments as fold sources: text files and stdin are streamed (and
// parsed guided by the fold so far), GOCOVERDIR directories are loaded. Errors
// are exactly those of `loadProfile`: a failed streamed input is re-read by
// loadProfile to produce its error. Arguments are examined lazily, in order,
// so the first failing input is the one reported.

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Merger, type MergeOptions } from '../ops/merge.js';
import { foldSources, type Folder, type FoldSource } from '../ops/fold.js';
import type { Profile } from '../profile/model.js';
import { fileChunks } from '../profile/fileChunks.js';
import { asInputError, inputDisplayName } from '../profile/read.js';
import { isDirectory, loadProfile } from './load.js';

/** The fold sources of (glob-expanded) input arguments, examined one at a time. */
export async function* inputSources(args: readonly string[]): AsyncGenerator<FoldSource> {
  for (const arg of args) {
    const input = inputDisplayName(arg);
    if (await isDirectory(arg)) {
      yield { input, load: () => loadProfile(arg) };
      continue;
    }
    yield {
      input,
      chunks: () => fileChunks(arg, input),
      explain: async (err: unknown) => {
        if (arg === '-') return asInputError(err, input);
        try {
          await loadProfile(arg);
        } catch (e) {
          return e;
        }
        return asInputError(err, input);
      },
    };
  }
}

/** Fold input arguments into `folder`, one at a time (bounded memory). */
export async function foldInputs(args: readonly string[], folder: Folder): Promise<void> {
  await foldSources(inputSources(args), folder);
}

export interface MergeInputsOptions extends MergeOptions {
  /**
   * Worker threads: a number (0 or 1 = none), or `auto` (default): one per
   * core when there are at least two input files of 16 MiB or more in all.
   */
  workers?: number | 'auto';
}

/** Total input size below which `auto` stays single-threaded (worker start-up costs more). */
const AUTO_MIN_BYTES = 16 << 20;

/**
 * Merge input arguments, one input at a time (memory bounded by the distinct
 * blocks), on worker threads when all inputs are regular files. Results,
 * errors and warnings are those of loading each input and folding it into a
 * Merger in argument order.
 */
export async function mergeInputs(args: readonly string[], options: MergeInputsOptions = {}): Promise<Profile> {
  const paths = await regularFiles(args);
  if (paths !== null && paths.length >= 2) {
    const wanted = options.workers ?? 'auto';
    const workers =
      wanted === 'auto' ? (paths.reduce((n, p) => n + p.size, 0) >= AUTO_MIN_BYTES ? availableParallelism() : 1) : Math.floor(wanted);
    if (workers > 1) {
      // Imported only when workers run (worker_threads and the pool cost start-up otherwise).
      const { parallelMerge } = await import('../ops/parallel.js');
      const merged = await parallelMerge(
        paths.map((p) => p.path),
        { workers, onMismatch: options.onMismatch, hits: options.hits },
      );
      if (merged !== null) return merged;
    }
  }
  const merger = new Merger(options);
  await foldInputs(args, merger);
  return merger.result();
}

/** Paths and sizes when every argument is an existing regular file (no stdin, no directory), else null. */
async function regularFiles(args: readonly string[]): Promise<{ path: string; size: number }[] | null> {
  const out: { path: string; size: number }[] = [];
  for (const arg of args) {
    if (arg === '-') return null;
    try {
      const st = await stat(arg);
      if (!st.isFile()) return null;
      out.push({ path: arg, size: st.size });
    } catch {
      return null;
    }
  }
  return out;
}
