// Loading one input argument into a Profile: a text profile (plain or gzip),
// `-` for stdin, or a GOCOVERDIR directory (Go >= 1.20 binary coverage,
// recognised by its covmeta.* files; see src/covdata).

import { open, stat } from 'node:fs/promises';
import { isCounterFile } from '../covdata/counters.js';
import { isMetaFile } from '../covdata/meta.js';
import { readCovDirProfile } from '../covdata/readCovDir.js';
import { loadLargeProfile } from '../ops/splitParse.js';
import { InputError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { readProfileFile } from '../profile/readFile.js';

/** True when `arg` names a directory (a GOCOVERDIR candidate). */
export async function isDirectory(arg: string): Promise<boolean> {
  if (arg === '-') return false;
  try {
    return (await stat(arg)).isDirectory();
  } catch (err) {
    throw asInputError(err, arg);
  }
}

/** Load one input (already glob-expanded) as a canonical Profile. */
export async function loadProfile(arg: string): Promise<Profile> {
  if (await isDirectory(arg)) return readCovDirProfile(arg);
  try {
    // A large plain file is parsed in byte ranges on several threads (null: not split, parse it here).
    return (await loadLargeProfile(arg)) ?? (await readProfileFile(arg));
  } catch (err) {
    throw (await binaryHint(arg)) ?? err;
  }
}

/** A clearer error when a text parse failed on a single binary coverage file. */
async function binaryHint(arg: string): Promise<InputError | null> {
  if (arg === '-') return null;
  try {
    const fh = await open(arg, 'r');
    try {
      const head = new Uint8Array(4);
      await fh.read(head, 0, 4, 0);
      if (isMetaFile(head) || isCounterFile(head)) {
        return new InputError('BINARY_COVERAGE', `${arg}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead`);
      }
    } finally {
      await fh.close();
    }
  } catch {
    // fall through to the original error
  }
  return null;
}
