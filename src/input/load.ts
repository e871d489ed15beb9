// Loading one classified input: as a fold source (a byte stream to parse
// guided by a fold, or a GOCOVERDIR to load), or as one canonical Profile.
// Both go through `inputSource`, so a single-input command and a fold read an
// input the same way and fail with the same error. A failed text parse is
// explained without reading the input again: fs errors become InputError, and
// a Go binary coverage file (its first 4 bytes, kept from the read) gets a hint
// to pass its directory.

import type { FoldSource } from '../ops/fold.js';
import { readSource } from '../ops/fold.js';
import { InputError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError, decodedChunks } from '../profile/read.js';
import { classifyInputs, type ClassifyOptions, type Input } from './classify.js';
import { fileChunks } from './fs.js';

/** How one input is read by a fold (src/ops/fold.ts). */
export function inputSource(input: Input): FoldSource {
  const name = input.name;
  switch (input.kind) {
    case 'covdir':
      // The GOCOVERDIR reader is imported only for a directory (start-up of text-only runs).
      return { input: name, load: async () => (await import('../covdata/readCovDir.js')).readCovDirProfile(input.arg) };
    case 'unreadable':
      return { input: name, load: () => Promise.reject(input.error) };
    case 'stdin':
      return { input: name, chunks: () => decodedChunks(input.chunks(), name), explain: async (err) => asInputError(err, name) };
    case 'file': {
      let head: Uint8Array | null = null;
      return {
        input: name,
        bytes: input.size,
        chunks: () => fileChunks(input.arg, name, (h) => (head = h)),
        explain: async (err) => (await binaryHint(input.arg, head)) ?? asInputError(err, name),
      };
    }
  }
}

/** Options of loadProfile: how to classify a string argument. */
export type LoadOptions = ClassifyOptions;

/**
 * Load one input as a canonical Profile: a text profile (plain or gzip), `-`
 * for stdin (given in options.stdin), or a GOCOVERDIR directory. A string is
 * classified first and must name one input (a glob matching one path).
 */
export async function loadProfile(input: Input | string, options: LoadOptions = {}): Promise<Profile> {
  const one = typeof input === 'string' ? await onlyInput(input, options) : input;
  return readSource(inputSource(one), null);
}

/** Parse a text profile file (gzip or plain) as a canonical Profile; errors as loadProfile's. */
export async function readProfileFile(path: string): Promise<Profile> {
  return readSource(inputSource({ kind: 'file', arg: path, name: path, size: null }), null);
}

async function onlyInput(arg: string, options: ClassifyOptions): Promise<Input> {
  const inputs = await classifyInputs([arg], options);
  if (inputs.length !== 1) throw new InputError('NOT_ONE', `${arg}: matches ${inputs.length} inputs, not one`);
  return inputs[0];
}

/** A clearer error when a text parse failed on a single binary coverage file (known by its first 4 bytes). */
async function binaryHint(path: string, head: Uint8Array | null): Promise<InputError | null> {
  if (head === null) return null;
  const [{ isCounterFile }, { isMetaFile }] = await Promise.all([import('../covdata/counters.js'), import('../covdata/meta.js')]);
  if (!(isMetaFile(head) || isCounterFile(head))) return null;
  return new InputError('BINARY_COVERAGE', `${path}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead`);
}
