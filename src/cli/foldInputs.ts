// Input arguments as fold sources: text files and stdin are streamed (and
// parsed guided by the fold so far), GOCOVERDIR directories are loaded. Errors
// are exactly those of `loadProfile`: a failed streamed input is re-read by
// loadProfile to produce its error. Arguments are examined lazily, in order,
// so the first failing input is the one reported.

import { Merger, type MergeOptions } from '../ops/merge.js';
import { foldSources, type Folder, type FoldSource } from '../ops/fold.js';
import type { Profile } from '../profile/model.js';
import { asInputError, decodedChunks, inputDisplayName, openInput } from '../profile/read.js';
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
      chunks: () => decodedChunks(openInput(arg), input),
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

/** Merge input arguments (streamed, single-threaded). */
export async function mergeInputs(args: readonly string[], options: MergeOptions = {}): Promise<Profile> {
  const merger = new Merger(options);
  await foldInputs(args, merger);
  return merger.result();
}
